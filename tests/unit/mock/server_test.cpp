#include "mock/server.hpp"

#include "client.hpp"
#include "wire.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <future>
#include <thread>

using namespace chatbench::mock;
using namespace chatbench::mock::test;
using chatbench::openai::Provider;
using chatbench::util::Distribution;
using Json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view k_chat =
    R"({"model":"m","messages":[{"role":"user","content":"Hi"}],"max_tokens":50,"temperature":1)";

std::string chat_body(std::string_view extra = "") {
  return std::string(k_chat) + std::string(extra) + "}";
}

std::unique_ptr<Server> start(Config config) {
  auto server = Server::start(config);
  EXPECT_TRUE(server) << (server ? "" : server.error().message);
  return server ? std::move(*server) : nullptr;
}

Config config_for(Provider provider) {
  Config c;
  c.provider = provider;
  c.latency.output_tokens = Distribution::constant(8);
  return c;
}

Response post(const Server &server, std::string_view body,
              const std::map<std::string, std::string> &headers = {}) {
  const auto &info = chatbench::openai::info(Config{}.provider);
  (void)info;
  return parse_response(
      round_trip(server.port(), request_text("POST", "/v1/chat/completions", body, headers)).bytes);
}

double ms_between(std::chrono::steady_clock::time_point a,
                  std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

} // namespace

TEST(MockServer, HealthModelsAndUnknownRoutes) {
  auto server = start(config_for(Provider::openai));
  ASSERT_TRUE(server);
  EXPECT_EQ(server->base_url(), "http://127.0.0.1:" + std::to_string(server->port()));
  const Response health =
      parse_response(round_trip(server->port(), request_text("GET", "/health", "")).bytes);
  EXPECT_TRUE(contains(health.head, "200 OK"));
  const Response models =
      parse_response(round_trip(server->port(), request_text("GET", "/v1/models", "")).bytes);
  EXPECT_EQ(Json::parse(models.body)["data"][0]["id"], "gpt-4o-mini");
  const Response missing =
      parse_response(round_trip(server->port(), request_text("GET", "/nope", "")).bytes);
  EXPECT_TRUE(contains(missing.head, "404"));
  const Response method = parse_response(
      round_trip(server->port(), request_text("GET", "/v1/chat/completions", "")).bytes);
  EXPECT_TRUE(contains(method.head, "405"));
  const Response stats =
      parse_response(round_trip(server->port(), request_text("GET", "/stats", "")).bytes);
  EXPECT_GE(Json::parse(stats.body)["http_requests"].get<int>(), 4);
}

TEST(MockServer, EachProviderAnswersAtItsOwnPathWithItsOwnAuth) {
  for (const auto &info : chatbench::openai::providers()) {
    Config config = config_for(info.id);
    config.api_key = "sekret";
    auto server = start(config);
    ASSERT_TRUE(server);
    const std::string path(info.path);
    const bool api_key = info.auth == chatbench::openai::AuthStyle::api_key_header;
    const std::map<std::string, std::string> good =
        api_key ? std::map<std::string, std::string>{{"api_key", "sekret"}}
                : std::map<std::string, std::string>{{"Authorization", "Bearer sekret"}};
    const std::map<std::string, std::string> wrong =
        api_key ? std::map<std::string, std::string>{{"api_key", "nope"}}
                : std::map<std::string, std::string>{{"Authorization", "Bearer nope"}};

    const Response ok = parse_response(
        round_trip(server->port(), request_text("POST", path, chat_body(), good)).bytes);
    EXPECT_TRUE(contains(ok.head, "200 OK")) << info.name << ok.head << ok.body;
    const Json body = Json::parse(ok.body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << info.name;
    EXPECT_EQ(body["usage"]["completion_tokens"].get<double>(), 8) << info.name;

    if (!api_key) {
      const Response lower = parse_response(
          round_trip(server->port(),
                     request_text("POST", path, chat_body(), {{"Authorization", "bearer sekret"}}))
              .bytes);
      EXPECT_TRUE(contains(lower.head, "200 OK")) << info.name;
    }
    const Response none =
        parse_response(round_trip(server->port(), request_text("POST", path, chat_body())).bytes);
    EXPECT_TRUE(contains(none.head, "401")) << info.name;
    const Response bad = parse_response(
        round_trip(server->port(), request_text("POST", path, chat_body(), wrong)).bytes);
    EXPECT_TRUE(contains(bad.head, "401")) << info.name;
    EXPECT_TRUE(Json::accept(bad.body)) << info.name;

    const Response invalid = parse_response(
        round_trip(server->port(), request_text("POST", path, R"({"model":5})", good)).bytes);
    EXPECT_TRUE(contains(invalid.head, "400") || contains(invalid.head, "422")) << info.name;

    // The other providers' paths are not routes here (Infera has no /v1).
    if (info.id == Provider::infera) {
      const Response v1 =
          parse_response(round_trip(server->port(),
                                    request_text("POST", "/v1/chat/completions", chat_body(), good))
                             .bytes);
      EXPECT_TRUE(contains(v1.head, "404"));
      EXPECT_EQ(Json::parse(v1.body)["detail"], "Not Found");
    }
  }
}

TEST(MockServer, StreamsInTheChunkFormat) {
  auto server = start(config_for(Provider::openai));
  ASSERT_TRUE(server);
  const Response r =
      post(*server, chat_body(R"(,"stream":true,"stream_options":{"include_usage":true})"));
  EXPECT_TRUE(contains(r.head, "text/event-stream"));
  EXPECT_TRUE(r.complete);
  const auto events = sse_events(r.body);
  ASSERT_EQ(events.size(), 1U + 8U + 1U + 1U + 1U);
  EXPECT_EQ(events.back(), "[DONE]");
  EXPECT_EQ(Json::parse(events[events.size() - 2])["usage"]["completion_tokens"], 8);
}

TEST(MockServer, InferaAnswersStreamRequestsWithJson) {
  auto server = start(config_for(Provider::infera));
  ASSERT_TRUE(server);
  const Response r =
      parse_response(round_trip(server->port(), request_text("POST", "/chat/completions",
                                                             chat_body(R"(,"stream":true)")))
                         .bytes);
  EXPECT_TRUE(contains(r.head, "application/json"));
  EXPECT_TRUE(Json::accept(r.body));
}

TEST(MockServer, KeepAliveServesSeveralRequestsOnOneConnection) {
  namespace asio = boost::asio;
  namespace http = boost::beast::http;
  auto server = start(config_for(Provider::openai));
  ASSERT_TRUE(server);
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), server->port()});
  boost::beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    http::request<http::string_body> request{http::verb::post, "/v1/chat/completions", 11};
    request.set(http::field::host, "test");
    request.body() = chat_body(i == 1 ? R"(,"stream":true)" : "");
    request.prepare_payload();
    http::write(socket, request);
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    EXPECT_EQ(response.result_int(), 200U);
    EXPECT_TRUE(response.keep_alive());
  }
  EXPECT_EQ(server->stats().completions, 3U);
}

TEST(MockServer, FirstContentArrivesAtTtftAndEmissionsAreOnTime) {
  Config config = config_for(Provider::openai);
  config.latency.ttft_ns = Distribution::constant(80e6);
  config.latency.itl_ns = Distribution::constant(10e6);
  config.latency.output_tokens = Distribution::constant(10);
  auto server = start(config);
  ASSERT_TRUE(server);
  const Exchange x = round_trip(
      server->port(), request_text("POST", "/v1/chat/completions", chat_body(R"(,"stream":true)")));
  // Find the read that carried the first content delta.
  std::size_t seen = 0;
  std::chrono::steady_clock::time_point first{};
  for (const auto &[at, size] : x.reads) {
    seen += size;
    if (x.bytes.substr(0, seen).find(R"("content":"T)") != std::string::npos ||
        x.bytes.substr(0, seen).find(R"("content":"A)") != std::string::npos ||
        std::count(x.bytes.begin(), x.bytes.begin() + static_cast<long>(seen), '\n') > 12) {
      first = at;
      break;
    }
  }
  const double total = ms_between(x.sent, x.reads.back().first);
  EXPECT_GE(total, 80.0 + 90.0 - 1);
  EXPECT_LT(total, 80.0 + 90.0 + 400); // generous: tests run in parallel under sanitizers
  (void)first;
  const Stats stats = server->stats();
  EXPECT_EQ(stats.emission_lag.count, 10U); // ten timed content chunks
  EXPECT_LT(stats.emission_lag.p50, 20ms);
}

TEST(MockServer, CapacityQueuesRequestsSoTtftGrowsWithLoad) {
  Config config = config_for(Provider::openai);
  config.latency.ttft_ns = Distribution::constant(60e6);
  config.latency.output_tokens = Distribution::constant(1);
  config.capacity.max_concurrency = 1;
  auto server = start(config);
  ASSERT_TRUE(server);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::future<Exchange>> calls;
  for (int i = 0; i < 3; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      return round_trip(server->port(), request_text("POST", "/v1/chat/completions", chat_body()));
    }));
  }
  std::vector<double> done;
  for (auto &call : calls) {
    const Exchange x = call.get();
    EXPECT_TRUE(contains(x.bytes, "200 OK"));
    done.push_back(ms_between(t0, x.reads.back().first));
  }
  std::sort(done.begin(), done.end());
  // One generation at a time: answers leave one TTFT apart.
  EXPECT_GE(done[0], 59);
  EXPECT_GE(done[1] - done[0], 50);
  EXPECT_GE(done[2] - done[1], 50);
  EXPECT_LT(done[2], 180 + 400);
}

TEST(MockServer, FullQueueAnswers429WithRetryAfter) {
  Config config = config_for(Provider::fortytwo);
  config.latency.ttft_ns = Distribution::constant(1e9);
  config.capacity = CapacityConfig{1, 0, 1};
  config.retry_after_s = 3;
  auto server = start(config);
  ASSERT_TRUE(server);
  auto first = std::async(std::launch::async, [&] {
    return round_trip(server->port(), request_text("POST", "/v1/chat/completions", chat_body()));
  });
  auto second = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(150ms);
    return round_trip(server->port(), request_text("POST", "/v1/chat/completions", chat_body()));
  });
  std::this_thread::sleep_for(500ms);
  const Response third = parse_response(
      round_trip(server->port(), request_text("POST", "/v1/chat/completions", chat_body())).bytes);
  EXPECT_TRUE(contains(third.head, "429"));
  EXPECT_TRUE(contains(third.head, "Retry-After: 3"));
  EXPECT_EQ(Json::parse(third.body)["error"]["type"], "rate_limit_exceeded");
  EXPECT_TRUE(contains(first.get().bytes, "200 OK"));
  EXPECT_TRUE(contains(second.get().bytes, "200 OK"));
  EXPECT_EQ(server->stats().rejected, 1U);
}

TEST(MockServer, TokenBudgetSlowsEveryone) {
  Config config = config_for(Provider::openai);
  config.latency.output_tokens = Distribution::constant(20);
  config.capacity.token_rate_per_s = 400; // 2.5 ms per token
  auto server = start(config);
  ASSERT_TRUE(server);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::future<Exchange>> calls;
  for (int i = 0; i < 4; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      return round_trip(server->port(), request_text("POST", "/v1/chat/completions",
                                                     chat_body(R"(,"stream":true)")));
    }));
  }
  for (auto &call : calls) {
    EXPECT_TRUE(contains(call.get().bytes, "[DONE]"));
  }
  // 80 tokens at 400 tokens/s take at least 200 ms in total.
  EXPECT_GE(ms_between(t0, std::chrono::steady_clock::now()), 190);
}

TEST(MockServer, ScheduledAndHeaderFaults) {
  Config config = config_for(Provider::openai);
  config.faults.push_back(parse_fault_rule("server_error:at=2").value());
  auto server = start(config);
  ASSERT_TRUE(server);
  EXPECT_TRUE(contains(post(*server, chat_body()).head, "200 OK"));
  EXPECT_TRUE(contains(post(*server, chat_body()).head, "500"));
  EXPECT_TRUE(contains(post(*server, chat_body()).head, "200 OK"));
  const Response limited = post(*server, chat_body(), {{"x-mock-fault", "rate_limit"}});
  EXPECT_TRUE(contains(limited.head, "429"));
  EXPECT_TRUE(contains(limited.head, "Retry-After: 1"));
  EXPECT_EQ(server->stats().faulted, 2U);
}

TEST(MockServer, ResetFaultResetsTheConnection) {
  auto server = start(config_for(Provider::openai));
  ASSERT_TRUE(server);
  const Exchange x = round_trip(server->port(), request_text("POST", "/v1/chat/completions",
                                                             chat_body(R"(,"stream":true)"),
                                                             {{"x-mock-fault", "reset"}}));
  EXPECT_EQ(x.end, boost::asio::error::connection_reset);
  EXPECT_FALSE(contains(x.bytes, "[DONE]"));
  // The server is still fine.
  EXPECT_TRUE(contains(post(*server, chat_body()).head, "200 OK"));
}

TEST(MockServer, StopIsPromptAndIdempotentWithOpenStreams) {
  Config config = config_for(Provider::openai);
  config.latency.ttft_ns = Distribution::constant(10e9);
  config.capacity.max_concurrency = 1;
  config.threads = 2;
  auto server = start(config);
  ASSERT_TRUE(server);
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([port = server->port()] {
      (void)round_trip(
          port, request_text("POST", "/v1/chat/completions", chat_body(R"(,"stream":true)")));
    });
  }
  for (int i = 0; i < 200 && server->stats().queued < 3; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(server->stats().queued, 3U);
  const auto t0 = std::chrono::steady_clock::now();
  server->stop();
  server->stop();
  EXPECT_LT(ms_between(t0, std::chrono::steady_clock::now()), 1000);
  for (auto &c : clients) {
    c.join(); // the connections were closed
  }
}

TEST(MockServer, BindFailureIsAnError) {
  auto first = start(config_for(Provider::openai));
  ASSERT_TRUE(first);
  Config config = config_for(Provider::openai);
  config.listen_port = first->port();
  auto second = Server::start(config);
  EXPECT_FALSE(second);
  config.listen_host = "not an address";
  config.listen_port = 0;
  EXPECT_FALSE(Server::start(config));
}
