#include "engine/transfer.hpp"

#include "engine/clock.hpp"
#include "engine/curl_get.hpp"
#include "sse/content_type.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <string>

namespace chatbench::engine {

using metrics::FailureKind;

namespace {

std::string_view trim(std::string_view text) noexcept {
  const auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  while (!text.empty() && space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// Retry-After is delta-seconds or an HTTP date; a date is made relative to now (>= 0).
std::int64_t parse_retry_after(std::string_view value) noexcept {
  value = trim(value);
  if (value.empty() || value.size() > 32) {
    return -1;
  }
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    if (value.size() > 12) {
      return -1;
    }
    std::int64_t seconds = 0;
    for (const char c : value) {
      seconds = seconds * 10 + (c - '0');
    }
    return seconds;
  }
  char date[33] = {};
  std::copy(value.begin(), value.end(), date);
  const time_t when = curl_getdate(date, nullptr);
  if (when < 0) {
    return -1;
  }
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(when - std::time(nullptr)));
}

long ms_ceil(std::chrono::nanoseconds ns) noexcept {
  return static_cast<long>((ns.count() + 999'999) / 1'000'000);
}

} // namespace

// The sse::Sink the parser reports to; forwards to the transfer.
struct Transfer::SseSink {
  Transfer &transfer;
  void on_event(const sse::Event &event) { transfer.on_sse_event(event); }
  void on_comment(std::string_view) noexcept { ++transfer.m_record.comments; }
  void on_error(sse::ErrorKind) noexcept { transfer.m_event_too_large = true; }
};

Result<std::unique_ptr<Transfer>> Transfer::create(const TransferContext &context) {
  std::unique_ptr<Transfer> transfer(new Transfer(context));
  transfer->m_easy = curl_easy_init();
  if (transfer->m_easy == nullptr) {
    return make_error(ErrorCode::internal, "curl_easy_init failed");
  }
  if (Result<void> ok = transfer->set_fixed_options(); !ok) {
    return Unexpected(std::move(ok).error());
  }
  return transfer;
}

Transfer::~Transfer() {
  if (m_easy != nullptr) {
    curl_easy_cleanup(m_easy);
  }
}

Result<void> Transfer::set_fixed_options() {
  CURLcode code = CURLE_OK;
  const auto set = [&](CURLoption option, auto value) {
    if (code == CURLE_OK) {
      code = curl_easy_setopt(m_easy, option, value);
    }
  };
  set(CURLOPT_PRIVATE, static_cast<void *>(this));
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_ERRORBUFFER, m_error_buffer.data());
  set(CURLOPT_HEADERFUNCTION, &Transfer::on_header_cb);
  set(CURLOPT_HEADERDATA, static_cast<void *>(this));
  set(CURLOPT_WRITEFUNCTION, &Transfer::on_write_cb);
  set(CURLOPT_WRITEDATA, static_cast<void *>(this));
  if (m_context.share != nullptr) {
    set(CURLOPT_SHARE, m_context.share);
  }
  if (code != CURLE_OK) {
    return make_error(ErrorCode::internal,
                      std::string("setting up a libcurl handle: ") + curl_easy_strerror(code));
  }
  return {};
}

Result<void> Transfer::apply_target(const PreparedTarget &prepared) {
  if (m_target != nullptr) {
    // A different target: start from libcurl's defaults (keeps connections and caches), so
    // that no option of the previous target (a CA file, a version) lingers.
    curl_easy_reset(m_easy);
    m_target = nullptr;
    if (Result<void> ok = set_fixed_options(); !ok) {
      return ok;
    }
  }
  const Target &t = prepared.target();
  const bool h2 = t.http_version != HttpVersion::http1_1;
  CURLcode code = CURLE_OK;
  const auto set = [&](CURLoption option, auto value) {
    if (code == CURLE_OK) {
      code = curl_easy_setopt(m_easy, option, value);
    }
  };
  set(CURLOPT_URL, t.url.c_str());
  set(CURLOPT_HTTPHEADER, prepared.headers());
  set(CURLOPT_HTTP_VERSION, prepared.curl_http_version());
  set(CURLOPT_PIPEWAIT, h2 ? 1L : 0L);
  set(CURLOPT_SSL_VERIFYPEER, t.verify_tls ? 1L : 0L);
  set(CURLOPT_SSL_VERIFYHOST, t.verify_tls ? 2L : 0L);
  if (!t.ca_file.empty()) {
    set(CURLOPT_CAINFO, t.ca_file.c_str());
  }
  set(CURLOPT_CONNECTTIMEOUT_MS, ms_ceil(t.timeouts.connect));
  set(CURLOPT_TIMEOUT_MS, ms_ceil(t.timeouts.total));
  if (code != CURLE_OK) {
    return make_error(ErrorCode::internal,
                      "configuring libcurl for '" + t.url + "': " + curl_easy_strerror(code));
  }
  m_target = &prepared;
  m_first_token_timeout_ns = t.timeouts.first_token.count();
  m_idle_timeout_ns = t.timeouts.idle.count();
  m_parser = sse::Parser(sse::Limits{t.limits.max_event_bytes});
  return {};
}

Result<void> Transfer::prepare(const PreparedTarget &target, std::uint64_t id, metrics::Phase phase,
                               std::int64_t intended_ns) {
  m_record.clear();
  m_record.id = id;
  m_record.worker = m_context.worker;
  m_record.target = m_request.target;
  m_record.phase = phase;
  m_record.stream = m_request.stream;
  m_record.intended_ns = intended_ns;
  m_mode = Mode::headers;
  m_parser.reset();
  if (m_body.capacity() > (std::size_t{64} << 10)) {
    std::string().swap(m_body); // one huge body must not pin memory for the handle's life
  }
  m_body.clear();
  m_event_detail.clear();
  m_error_buffer[0] = '\0';
  m_content_type_size = 0;
  m_last_data_ns = -1;
  m_last_event_ns = -1;
  m_event_stream_type = false;
  m_body_too_large = m_write_failed = m_event_too_large = false;
  m_sse_clean = true;
  m_error_event = m_invalid_json = false;

  if (m_target != &target) {
    if (Result<void> ok = apply_target(target); !ok) {
      return ok;
    }
  }
  const std::string_view body = m_request.body_bytes();
  m_record.bytes_sent = body.size();
  CURLcode code =
      curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  if (code == CURLE_OK) {
    code = curl_easy_setopt(m_easy, CURLOPT_POSTFIELDS, body.data());
  }
  if (code != CURLE_OK) {
    return make_error(ErrorCode::internal,
                      std::string("setting the request body: ") + curl_easy_strerror(code));
  }
  return {};
}

void Transfer::mark_sent(std::int64_t now_ns, std::int64_t late_threshold_ns) noexcept {
  m_record.sent_ns = now_ns;
  m_record.late = now_ns - m_record.intended_ns > late_threshold_ns;
  if (const std::int64_t deadline = deadline_ns();
      deadline >= 0 && m_context.next_deadline_check != nullptr) {
    *m_context.next_deadline_check = std::min(*m_context.next_deadline_check, deadline);
  }
}

std::int64_t Transfer::deadline_ns() const noexcept {
  if (!m_record.stream || (m_mode != Mode::headers && m_mode != Mode::sse)) {
    return -1;
  }
  if (m_record.first_token_ns < 0) {
    return m_first_token_timeout_ns > 0 ? m_record.sent_ns + m_first_token_timeout_ns : -1;
  }
  return m_idle_timeout_ns > 0 ? m_last_event_ns + m_idle_timeout_ns : -1;
}

FailureKind Transfer::deadline_kind() const noexcept {
  return m_record.first_token_ns < 0 ? FailureKind::timeout_first_token : FailureKind::timeout_idle;
}

std::size_t Transfer::on_header_cb(char *data, std::size_t size, std::size_t count,
                                   void *self) noexcept {
  static_cast<Transfer *>(self)->on_header(std::string_view(data, size * count));
  return size * count;
}

std::size_t Transfer::on_write_cb(char *data, std::size_t size, std::size_t count,
                                  void *self) noexcept {
  auto *transfer = static_cast<Transfer *>(self);
  try {
    return transfer->on_write(std::string_view(data, size * count)) ? size * count : 0;
  } catch (...) {
    // Only std::bad_alloc can get here (parser buffers, ITL samples, details).
    transfer->m_write_failed = true;
    return 0;
  }
}

void Transfer::on_header(std::string_view line) noexcept {
  // Dispatch on the first byte: most header lines interest us not at all.
  switch (line.empty() ? '\n' : line.front()) {
  case 'H':
  case 'h':
    if (util::starts_with_ignoring_case(line, "HTTP/")) {
      // A new response header block (an interim 1xx response may come first).
      m_record.retry_after_s = -1;
      m_content_type_size = 0;
    }
    return;
  case 'R':
  case 'r':
    if (util::starts_with_ignoring_case(line, "retry-after:")) {
      m_record.retry_after_s = parse_retry_after(line.substr(12));
    }
    return;
  case 'C':
  case 'c':
    if (util::starts_with_ignoring_case(line, "content-type:")) {
      const std::string_view value = trim(line.substr(13));
      m_content_type_size = std::min(value.size(), m_content_type.size());
      std::copy_n(value.begin(), m_content_type_size, m_content_type.begin());
    }
    return;
  case '\r':
  case '\n':
    if (trim(line).empty()) {
      const long status = info_long(m_easy, CURLINFO_RESPONSE_CODE, 0);
      if (status >= 200 || status == 0) {
        start_body();
      }
    }
    return;
  default:
    return;
  }
}

// The end of the final header block: the status decides how the body is read.
void Transfer::start_body() noexcept {
  if (m_mode != Mode::headers) {
    return;
  }
  const long status = info_long(m_easy, CURLINFO_RESPONSE_CODE, 0);
  m_record.http_status = static_cast<int>(status);
  m_event_stream_type =
      sse::is_event_stream(std::string_view(m_content_type.data(), m_content_type_size));
  const bool success = status >= 200 && status < 300;
  m_mode = !success ? Mode::error_body : (m_record.stream ? Mode::sse : Mode::body);
  if (status > 0) {
    m_context.classifier->on_response(m_record.id, m_record.http_status,
                                      std::string_view(m_content_type.data(), m_content_type_size));
  }
}

bool Transfer::on_write(std::string_view bytes) {
  const std::int64_t now = steady_now_ns();
  start_body(); // in case no blank header line was reported
  m_record.bytes_received += bytes.size();
  if (m_last_data_ns >= 0) {
    m_record.longest_stall_ns = std::max(m_record.longest_stall_ns, now - m_last_data_ns);
  }
  m_last_data_ns = now;
  switch (m_mode) {
  case Mode::error_body: {
    const std::size_t keep = m_target->target().limits.error_body_bytes;
    m_body.append(bytes.substr(0, keep - std::min(keep, m_body.size())));
    return true;
  }
  case Mode::headers:
  case Mode::body:
  case Mode::sse:
    break;
  }
  if (m_record.bytes_received > m_target->target().limits.max_body_bytes) {
    m_body_too_large = true;
    return false;
  }
  if (m_mode == Mode::sse) {
    m_now_ns = now;
    SseSink sink{*this};
    m_parser.feed(bytes, sink);
  } else {
    m_body.append(bytes);
  }
  return true;
}

void Transfer::on_sse_event(const sse::Event &event) {
  metrics::RequestRecord &r = m_record;
  ++r.events;
  r.first_event_ns = r.first_event_ns < 0 ? m_now_ns : r.first_event_ns;
  m_last_event_ns = m_now_ns;
  if (event.done) {
    r.done_marker = true;
    m_context.classifier->on_done(r.id);
    return;
  }
  const EventClass c = m_context.classifier->on_event(r.id, event.type, event.data);
  if (c.role && r.first_role_ns < 0) {
    r.first_role_ns = m_now_ns;
  }
  r.output_bytes += c.output_bytes;
  if (c.tokens > 0) {
    ++r.token_events;
    r.tokens += c.tokens;
    if (r.first_token_ns < 0) {
      r.first_token_ns = m_now_ns;
      // The deadline changes from first-token to idle, which may be earlier.
      if (m_idle_timeout_ns > 0 && m_context.next_deadline_check != nullptr) {
        *m_context.next_deadline_check =
            std::min(*m_context.next_deadline_check, m_now_ns + m_idle_timeout_ns);
      }
    } else {
      r.itl_ns.push_back(m_now_ns - r.last_token_ns);
    }
    r.last_token_ns = m_now_ns;
  }
  if (c.usage_completion_tokens >= 0) {
    r.usage_completion_tokens = c.usage_completion_tokens;
  }
  r.finish_seen = r.finish_seen || c.finish;
  if ((c.error && !m_error_event) || (c.invalid && !m_invalid_json && !m_error_event)) {
    m_event_detail.assign(c.detail.substr(0, 200));
  }
  m_error_event = m_error_event || c.error;
  m_invalid_json = m_invalid_json || c.invalid;
}

} // namespace chatbench::engine
