#include "mock/session.hpp"

#include "mock/http_wire.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>

#include <variant>

namespace chatbench::mock {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using openai::Provider;

constexpr std::uint64_t k_body_limit = 4 * 1024 * 1024;

std::string_view path_of(std::string_view target) {
  const std::size_t query = target.find('?');
  return query == std::string_view::npos ? target : target.substr(0, query);
}

std::string_view header(const http::request<http::string_body> &request, std::string_view name) {
  const auto it = request.find(boost::beast::string_view(name.data(), name.size()));
  if (it == request.end()) {
    return {};
  }
  const auto value = it->value();
  return {value.data(), value.size()};
}

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

} // namespace

Session::Session(asio::ip::tcp::socket socket, ServerState &state, LagHistogram &lag)
    : m_socket(std::move(socket)), m_state(state), m_lag(lag), m_timer(m_socket.get_executor()) {}

Session::~Session() {
  release_slot();
}

void Session::start() {
  read_request();
}

void Session::read_request() {
  m_parser.emplace();
  m_parser->body_limit(k_body_limit);
  http::async_read(m_socket, m_buffer, *m_parser,
                   [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                     self->on_read(ec);
                   });
}

void Session::on_read(boost::system::error_code ec) {
  if (ec == http::error::body_limit) {
    simple_reply(error_reply(m_state.config.provider, ErrorKind::body_too_large), false);
    return;
  }
  if (ec) {
    close(); // end of stream, reset by the peer, or a request Beast cannot parse
    return;
  }
  m_state.http_requests.fetch_add(1, std::memory_order_relaxed);
  route(m_parser->get());
}

void Session::route(const Request &request) {
  const std::string_view target(request.target().data(), request.target().size());
  const std::string_view path = path_of(target);
  const bool keep_alive = request.keep_alive();
  const bool get = request.method() == http::verb::get;
  const std::string detail(std::string(request.method_string()) + " " + std::string(path));
  if (path == m_state.provider.path) {
    if (request.method() != http::verb::post) {
      simple_reply(error_reply(m_state.config.provider, ErrorKind::method_not_allowed, 1, detail),
                   keep_alive);
      return;
    }
    chat(request);
  } else if (get && path == "/health") {
    simple_reply(ErrorReply{200, R"({"status":"ok"})"}, keep_alive);
  } else if (get && path == "/stats") {
    simple_reply(ErrorReply{200, stats_json(m_state.stats())}, keep_alive);
  } else if (get && (path == "/v1/models" || path == m_state.models_path)) {
    if (authorized(request, keep_alive)) {
      simple_reply(ErrorReply{200, models_json(m_state.default_model)}, keep_alive);
    }
  } else {
    simple_reply(error_reply(m_state.config.provider, ErrorKind::not_found, 1, detail), keep_alive);
  }
}

bool Session::authorized(const Request &request, bool keep_alive) {
  if (!m_state.config.api_key) {
    return true;
  }
  const std::string &key = *m_state.config.api_key;
  std::string_view sent;
  bool present = false;
  if (m_state.provider.auth == openai::AuthStyle::api_key_header) {
    sent = header(request, "api_key");
    present = request.find("api_key") != request.end();
  } else {
    const std::string_view value = header(request, "authorization");
    present = !value.empty();
    // The scheme name is case-insensitive (RFC 9110).
    constexpr std::string_view k_bearer = "bearer ";
    if (value.size() >= k_bearer.size() &&
        boost::beast::iequals(boost::beast::string_view(value.data(), k_bearer.size()),
                              boost::beast::string_view(k_bearer.data(), k_bearer.size()))) {
      sent = value.substr(k_bearer.size());
    }
  }
  if (present && sent == key) {
    return true;
  }
  simple_reply(error_reply(m_state.config.provider,
                           present ? ErrorKind::auth_invalid : ErrorKind::auth_missing),
               keep_alive);
  return false;
}

void Session::chat(const Request &request) {
  const bool keep_alive = request.keep_alive();
  if (!authorized(request, keep_alive)) {
    return;
  }
  auto parsed = parse_chat_request(m_state.config.provider, request.body());
  if (auto *error = std::get_if<ErrorReply>(&parsed)) {
    simple_reply(*error, keep_alive);
    return;
  }
  ChatRequest &chat = std::get<ChatRequest>(parsed);
  const std::uint64_t index = m_state.completions.fetch_add(1, std::memory_order_relaxed) + 1;
  const std::string_view fault_header =
      m_state.config.fault_header ? header(request, "x-mock-fault") : std::string_view{};

  GenerationSetup setup;
  setup.body.provider = m_state.config.provider;
  setup.body.model = chat.model.empty() ? m_state.default_model : std::move(chat.model);
  setup.body.created_ms = unix_ms_now();
  setup.body.seed = m_state.config.seed;
  setup.body.request_index = index;
  setup.body.include_usage = chat.stream && chat.include_usage;
  setup.plan = make_plan(m_state.config.latency, m_state.config.seed, index, chat.max_tokens);
  setup.faults = m_state.faults.decide(index, fault_header);
  setup.stream = chat.stream;
  setup.prompt_tokens = chat.prompt_tokens;
  setup.header_delay = m_state.config.latency.header_delay;
  setup.retry_after_s = m_state.config.retry_after_s;
  setup.keep_alive = keep_alive;
  setup.stamp_emissions = m_state.config.stamp_emissions;
  if (chat.stream) {
    m_state.streams.fetch_add(1, std::memory_order_relaxed);
  }
  if (!setup.faults.faults.empty()) {
    m_state.faulted.fetch_add(1, std::memory_order_relaxed);
  }
  begin_generation(std::move(setup));
}

void Session::simple_reply(const ErrorReply &reply, bool keep_alive,
                           std::optional<std::uint32_t> retry_after) {
  m_generation.reset();
  m_out.clear();
  Head head;
  head.status = reply.status;
  head.content_type = reply.content_type;
  head.content_length = reply.body.size();
  head.keep_alive = keep_alive;
  head.retry_after_s = retry_after;
  append_head(m_out, head);
  m_out += reply.body;
  m_keep_alive_after_write = keep_alive;
  asio::async_write(m_socket, asio::buffer(m_out),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      self->on_written(ec);
                    });
}

void Session::begin_generation(GenerationSetup setup) {
  const bool keep_alive = setup.keep_alive;
  m_generation.emplace(std::move(setup));
  m_due = Clock::now();
  m_admitted = false;
  m_waiting_admission = false;
  if (m_generation->needs_admission()) {
    auto self = shared_from_this();
    const auto outcome = m_state.admission.acquire(
        [self] { asio::post(self->m_socket.get_executor(), [self] { self->on_admitted(); }); });
    if (outcome == Admission::Outcome::rejected) {
      m_state.rejected.fetch_add(1, std::memory_order_relaxed);
      simple_reply(error_reply(m_state.config.provider, ErrorKind::rate_limited,
                               m_state.config.retry_after_s),
                   keep_alive, m_state.config.retry_after_s);
      return;
    }
    m_holds_slot = true; // queued requests own their slot from admission on
    if (outcome == Admission::Outcome::admitted) {
      m_admitted = true;
      m_admitted_at = m_due;
    }
  }
  run_step();
}

void Session::on_admitted() {
  m_admitted = true;
  m_admitted_at = Clock::now();
  if (m_waiting_admission) {
    m_waiting_admission = false;
    m_due = std::max(m_due, m_admitted_at);
    run_step();
  }
}

void Session::run_step() {
  m_generation->next(m_step);
  switch (m_step.kind) {
  case Step::Kind::admit:
    if (!m_admitted) {
      m_waiting_admission = true; // on_admitted() continues
      return;
    }
    m_due = std::max(m_due, m_admitted_at);
    run_step();
    return;
  case Step::Kind::end:
    finish(m_step.keep_alive);
    return;
  case Step::Kind::write:
  case Step::Kind::reset:
    break;
  }
  m_due += m_step.delay;
  if (m_step.tokens > 0) {
    m_due = m_state.budget.reserve(m_due, m_step.tokens);
  }
  const bool timed = m_step.delay.count() > 0 || m_step.tokens > 0;
  if (m_due <= Clock::now()) {
    perform_step(timed);
    return;
  }
  m_timer.expires_at(m_due);
  m_timer.async_wait([self = shared_from_this(), timed](boost::system::error_code ec) {
    if (!ec) {
      self->perform_step(timed);
    }
  });
}

void Session::perform_step(bool timed) {
  if (m_step.kind == Step::Kind::reset) {
    reset_connection();
    return;
  }
  if (m_step.bytes.empty()) {
    run_step(); // a pure wait
    return;
  }
  const bool stamped = m_step.stamp_at != Step::k_no_stamp;
  if (timed || stamped) {
    // One clock read for both: the stamp is the time the emission lag measures, taken as
    // close to the write as the session can.
    const Clock::time_point now = Clock::now();
    if (stamped) {
      write_stamp(
          m_step.bytes, m_step.stamp_at,
          std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count());
    }
    if (timed) {
      m_lag.record(now - m_due);
    }
  }
  m_out.swap(m_step.bytes);
  asio::async_write(m_socket, asio::buffer(m_out),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      self->on_written(ec);
                    });
}

void Session::on_written(boost::system::error_code ec) {
  if (ec) {
    close();
    return;
  }
  if (m_generation) {
    run_step();
  } else {
    finish(m_keep_alive_after_write);
  }
}

void Session::finish(bool keep_alive) {
  release_slot();
  m_generation.reset();
  if (!keep_alive) {
    boost::system::error_code ignored;
    m_socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    close();
    return;
  }
  read_request();
}

void Session::reset_connection() {
  release_slot();
  m_generation.reset();
  boost::system::error_code ignored;
  m_socket.set_option(asio::socket_base::linger(true, 0), ignored);
  m_socket.close(ignored);
}

void Session::close() {
  release_slot();
  m_generation.reset();
  boost::system::error_code ignored;
  m_timer.cancel();
  m_socket.close(ignored);
}

void Session::release_slot() {
  if (m_holds_slot) {
    m_holds_slot = false;
    m_state.admission.release();
  }
}

} // namespace chatbench::mock
