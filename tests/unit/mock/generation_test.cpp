#include "mock/generation.hpp"

#include "wire.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace chatbench::mock;
using namespace chatbench::mock::test;
using chatbench::openai::Provider;
using Json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

struct Script {
  std::vector<Step> steps;
  std::string bytes;
  bool reset = false;
};

GenerationSetup setup(Provider provider, bool stream, std::string_view faults = "") {
  LatencyConfig latency;
  latency.ttft_ns = chatbench::util::Distribution::constant(100e6);
  latency.itl_ns = chatbench::util::Distribution::constant(10e6);
  latency.output_tokens = chatbench::util::Distribution::constant(6);
  latency.tokens_per_chunk = 2;
  GenerationSetup s;
  s.body = BodyContext{provider, "m", 1704067200000, 1, 1, true};
  s.plan = make_plan(latency, 1, 1, std::nullopt);
  s.faults = FaultSchedule({}, 1, 5s).decide(1, faults);
  s.stream = stream;
  s.prompt_tokens = 12;
  return s;
}

Script run(GenerationSetup s) {
  Generation g(std::move(s));
  Script r;
  for (int i = 0; i < 10'000; ++i) {
    Step step;
    g.next(step);
    r.steps.push_back(step);
    r.bytes += step.bytes;
    if (step.kind == Step::Kind::reset) {
      r.reset = true;
    }
    if (step.kind == Step::Kind::end || step.kind == Step::Kind::reset) {
      break;
    }
  }
  return r;
}

std::vector<std::string> events(const Script &r) {
  return sse_events(parse_response(r.bytes).body);
}

} // namespace

TEST(MockGeneration, StreamSequenceAndTiming) {
  const Script r = run(setup(Provider::openai, true));
  // headers, admit, role, 3 content chunks, final, end
  ASSERT_EQ(r.steps.size(), 8U);
  EXPECT_EQ(r.steps[1].kind, Step::Kind::admit);
  EXPECT_EQ(r.steps[3].delay, 100ms);
  EXPECT_EQ(r.steps[4].delay, 20ms);
  EXPECT_EQ(r.steps[4].tokens, 2U);
  const Response response = parse_response(r.bytes);
  EXPECT_TRUE(contains(response.head, "HTTP/1.1 200 OK"));
  EXPECT_TRUE(contains(response.head, "Content-Type: text/event-stream"));
  EXPECT_TRUE(response.complete);
  const auto e = events(r);
  ASSERT_EQ(e.size(), 7U); // role, 3 content, finish, usage, [DONE]
  EXPECT_EQ(Json::parse(e[0])["choices"][0]["delta"]["role"], "assistant");
  EXPECT_EQ(Json::parse(e[4])["choices"][0]["finish_reason"], "stop");
  const Json usage = Json::parse(e[5])["usage"];
  EXPECT_EQ(usage["completion_tokens"], 6);
  EXPECT_EQ(usage["prompt_tokens"], 12);
  EXPECT_EQ(e[6], "[DONE]");
  std::string text;
  for (int i = 1; i <= 3; ++i) {
    text += Json::parse(e[static_cast<std::size_t>(i)])["choices"][0]["delta"]["content"];
  }
  // The streamed text equals the non-streamed text of the same request.
  const Script whole = run(setup(Provider::openai, false));
  EXPECT_EQ(Json::parse(parse_response(whole.bytes).body)["choices"][0]["message"]["content"],
            text);
}

TEST(MockGeneration, NonStreamIsOneTimedWrite) {
  const Script r = run(setup(Provider::p8080, false));
  ASSERT_EQ(r.steps.size(), 4U); // wait, admit, body, end
  EXPECT_EQ(r.steps[2].delay, 100ms + 20ms + 20ms);
  EXPECT_EQ(r.steps[2].tokens, 6U);
  const Response response = parse_response(r.bytes);
  EXPECT_TRUE(contains(response.head, "Content-Length: " + std::to_string(response.body.size())));
  EXPECT_DOUBLE_EQ(Json::parse(response.body)["usage"]["total_time"].get<double>(), 0.14);
}

TEST(MockGeneration, StatusFaultsAnswerAtOnceWithoutAdmission) {
  GenerationSetup s = setup(Provider::fortytwo, true, "rate_limit");
  s.retry_after_s = 7;
  Generation g(s);
  EXPECT_FALSE(g.needs_admission());
  const Script r = run(s);
  const Response response = parse_response(r.bytes);
  EXPECT_TRUE(contains(response.head, "429 Too Many Requests"));
  EXPECT_TRUE(contains(response.head, "Retry-After: 7"));
  EXPECT_EQ(Json::parse(response.body)["error"]["message"],
            "Too many concurrent requests. Retry after 7s");
  EXPECT_TRUE(
      contains(parse_response(run(setup(Provider::infera, false, "server_error")).bytes).head,
               "text/plain"));
}

TEST(MockGeneration, StallsAddTheirDuration) {
  EXPECT_EQ(run(setup(Provider::openai, true, "stall_headers")).steps[0].delay, 5s);
  const Script mid = run(setup(Provider::openai, true, "stall_stream"));
  EXPECT_EQ(mid.steps[4].delay, 20ms + 5s); // chunk 1 of 3 is the middle one
}

TEST(MockGeneration, MidStreamFaults) {
  const auto malformed = events(run(setup(Provider::openai, true, "malformed_json")));
  EXPECT_FALSE(Json::accept(malformed[2]));
  EXPECT_TRUE(Json::accept(malformed[1]));

  const auto error = events(run(setup(Provider::openai, true, "error_event")));
  ASSERT_EQ(error.size(), 3U); // role, chunk 0, error; no [DONE]
  EXPECT_TRUE(Json::parse(error[2]).contains("error"));

  const Script reset = run(setup(Provider::openai, true, "reset"));
  EXPECT_TRUE(reset.reset);
  EXPECT_FALSE(parse_response(reset.bytes).complete);

  const auto no_done = events(run(setup(Provider::openai, true, "no_done")));
  EXPECT_NE(no_done.back(), "[DONE]");

  const auto wrong = events(run(setup(Provider::openai, true, "wrong_type")));
  EXPECT_TRUE(Json::parse(wrong[2])["choices"][0]["index"].is_string());
}

TEST(MockGeneration, FramingFaults) {
  const Script crlf = run(setup(Provider::openai, true, "crlf"));
  const std::string body = parse_response(crlf.bytes).body;
  EXPECT_TRUE(contains(body, "\r\n\r\n"));
  EXPECT_EQ(events(crlf).size(), 7U);

  const auto pings = events(run(setup(Provider::openai, true, "keepalive_comments")));
  EXPECT_EQ(pings.front(), ": ping");
  EXPECT_EQ(std::count(pings.begin(), pings.end(), ": ping"), 4); // before headers' end + 3

  const Script split = run(setup(Provider::openai, true, "split_events"));
  const Response response = parse_response(split.bytes);
  EXPECT_TRUE(response.complete);
  EXPECT_GT(response.chunks.size(), 50U);
  EXPECT_EQ(sse_events(response.body), events(run(setup(Provider::openai, true))));
  EXPECT_GT(std::count_if(split.steps.begin(), split.steps.end(),
                          [](const Step &step) { return step.delay == k_split_gap; }),
            50);

  const Script content_type = run(setup(Provider::openai, true, "wrong_content_type"));
  EXPECT_TRUE(contains(parse_response(content_type.bytes).head, "text/plain"));
}

TEST(MockGeneration, NonStreamBodyFaults) {
  const Script reset = run(setup(Provider::openai, false, "reset"));
  EXPECT_TRUE(reset.reset);
  const Response partial = parse_response(reset.bytes);
  EXPECT_FALSE(Json::accept(partial.body));

  const Script stalled = run(setup(Provider::openai, false, "stall_stream"));
  EXPECT_EQ(stalled.steps[3].delay, 5s);
  EXPECT_TRUE(Json::accept(parse_response(stalled.bytes).body));

  const Script error = run(setup(Provider::solidrust, false, "error_event"));
  const Response e = parse_response(error.bytes);
  EXPECT_TRUE(contains(e.head, "200 OK"));
  EXPECT_EQ(Json::parse(e.body)["error"]["code"], 500);

  const Script split = run(setup(Provider::openai, false, "split_events"));
  EXPECT_TRUE(Json::accept(parse_response(split.bytes).body));
  EXPECT_GT(split.steps.size(), 20U);
}

TEST(MockGeneration, InteractiveStartsWithAProcessingComment) {
  const auto e = events(run(setup(Provider::interactive, true)));
  EXPECT_EQ(e.front(), ": OPENROUTER PROCESSING");
}
