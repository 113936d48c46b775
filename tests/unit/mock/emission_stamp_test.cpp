// Config::stamp_emissions: the x_emitted_ns member of content chunks, first in the generation's
// script (where the field is and what fills it), then on the wire (the session stamps the time
// of each write: after the request arrived, increasing, never after the client read it).
#include "mock/generation.hpp"
#include "mock/server.hpp"

#include "client.hpp"
#include "wire.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <limits>

using namespace chatbench::mock;
using namespace chatbench::mock::test;
using chatbench::util::Distribution;
using Json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t k_example_ns = 1'234'567'890'123;

GenerationSetup stamped_setup(bool stamp, std::string_view faults = "") {
  LatencyConfig latency;
  latency.ttft_ns = Distribution::constant(100e6);
  latency.itl_ns = Distribution::constant(10e6);
  latency.output_tokens = Distribution::constant(4);
  GenerationSetup s;
  s.body = BodyContext{chatbench::openai::Provider::openai, "m", 1704067200000, 1, 1, true};
  s.plan = make_plan(latency, 1, 1, std::nullopt);
  s.faults = FaultSchedule({}, 1, 5s).decide(1, faults);
  s.stream = true;
  s.stamp_emissions = stamp;
  return s;
}

// Runs a generation to its end, filling every stamp field with k_example_ns + step index, as
// the session would with the clock. Returns the steps' bytes and how many were stamped.
struct Stamped {
  std::string bytes;
  int stamped = 0;
  int content_steps = 0;
};

Stamped run_stamping(GenerationSetup setup) {
  Generation g(std::move(setup));
  Stamped r;
  for (int i = 0; i < 1'000; ++i) {
    Step step;
    g.next(step);
    if (step.tokens > 0) {
      ++r.content_steps;
    }
    if (step.stamp_at != Step::k_no_stamp) {
      EXPECT_GT(step.tokens, 0U) << "only content chunks are stamped";
      EXPECT_LE(step.stamp_at + k_stamp_width, step.bytes.size());
      write_stamp(step.bytes, step.stamp_at, k_example_ns + i);
      ++r.stamped;
    }
    r.bytes += step.bytes;
    if (step.kind == Step::Kind::end || step.kind == Step::Kind::reset) {
      break;
    }
  }
  return r;
}

std::vector<Json> data_events(std::string_view bytes) {
  std::vector<Json> out;
  for (const std::string &event : sse_events(parse_response(bytes).body)) {
    if (!event.empty() && event.front() == '{') {
      out.push_back(Json::parse(event));
    }
  }
  return out;
}

bool is_content(const Json &chunk) {
  return chunk.contains("choices") && !chunk["choices"].empty() &&
         chunk["choices"][0]["delta"].contains("content") &&
         !chunk["choices"][0]["delta"]["content"].get<std::string>().empty();
}

std::unique_ptr<Server> start(const Config &config) {
  auto server = Server::start(config);
  EXPECT_TRUE(server) << (server ? "" : server.error().message);
  return server ? std::move(*server) : nullptr;
}

std::int64_t ns_of(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

Exchange stream_once(const Server &server) {
  const std::string body =
      R"({"model":"m","messages":[{"role":"user","content":"Hi"}],"stream":true})";
  return round_trip(server.port(), request_text("POST", "/v1/chat/completions", body));
}

// When the client read the byte at `offset` of the exchange.
std::chrono::steady_clock::time_point read_time(const Exchange &x, std::size_t offset) {
  std::size_t end = 0;
  for (const auto &[time, size] : x.reads) {
    end += size;
    if (offset < end) {
      return time;
    }
  }
  return std::chrono::steady_clock::time_point::max();
}

} // namespace

TEST(MockEmissionStamp, WriteStampFillsTheFieldAndPads) {
  std::string bytes = "[" + std::string(k_stamp_width, 'x') + "]";
  write_stamp(bytes, 1, 42);
  EXPECT_EQ(bytes, "[42" + std::string(k_stamp_width - 2, ' ') + "]");
  write_stamp(bytes, 1, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(bytes, "[9223372036854775807]");
  write_stamp(bytes, 1, -5);
  EXPECT_EQ(bytes, "[0" + std::string(k_stamp_width - 1, ' ') + "]");
}

TEST(MockEmissionStamp, GenerationStampsContentChunksOnly) {
  const Stamped r = run_stamping(stamped_setup(true));
  EXPECT_EQ(r.content_steps, 4);
  EXPECT_EQ(r.stamped, 4);
  const std::vector<Json> chunks = data_events(r.bytes); // valid JSON after stamping
  ASSERT_EQ(chunks.size(), 7U);                          // role, 4 content, finish, usage
  std::int64_t previous = 0;
  for (const Json &chunk : chunks) {
    ASSERT_EQ(chunk.contains("x_emitted_ns"), is_content(chunk)) << chunk.dump();
    if (is_content(chunk)) {
      const auto stamp = chunk["x_emitted_ns"].get<std::int64_t>();
      EXPECT_GT(stamp, previous);
      EXPECT_GE(stamp, k_example_ns);
      previous = stamp;
    }
  }
  // The member comes first, so a client finds it without parsing.
  EXPECT_EQ(sse_events(parse_response(r.bytes).body)[1].rfind("{\"x_emitted_ns\":1234", 0), 0U);
}

TEST(MockEmissionStamp, OffLeavesTheOutputUnchanged) {
  const Stamped off = run_stamping(stamped_setup(false));
  EXPECT_EQ(off.stamped, 0);
  EXPECT_FALSE(contains(off.bytes, "x_emitted_ns"));
  // With the stamps, the SSE body differs by the members only.
  std::string body = parse_response(run_stamping(stamped_setup(true)).bytes).body;
  int removed = 0;
  for (std::size_t at = body.find(k_stamp_member); at != std::string::npos;
       at = body.find(k_stamp_member)) {
    body.erase(at, k_stamp_member.size() + k_stamp_width + 1); // with its comma
    ++removed;
  }
  EXPECT_EQ(removed, 4);
  EXPECT_EQ(body, parse_response(off.bytes).body);
}

TEST(MockEmissionStamp, StampsSurviveCommentsAndCrlfButNotSplitEvents) {
  const Stamped framed = run_stamping(stamped_setup(true, "keepalive_comments,crlf"));
  EXPECT_EQ(framed.stamped, 4);
  int seen = 0;
  for (const Json &chunk : data_events(framed.bytes)) {
    seen += chunk.contains("x_emitted_ns") ? 1 : 0;
  }
  EXPECT_EQ(seen, 4);
  const Stamped split = run_stamping(stamped_setup(true, "split_events"));
  EXPECT_EQ(split.stamped, 0);
  EXPECT_FALSE(contains(parse_response(split.bytes).body, "x_emitted_ns"));
}

TEST(MockEmissionStamp, ServerStampsEachWriteAfterArrivalAndBeforeTheRead) {
  Config config;
  config.stamp_emissions = true;
  config.latency.ttft_ns = Distribution::constant(20e6);
  config.latency.itl_ns = Distribution::constant(5e6);
  config.latency.output_tokens = Distribution::constant(5);
  auto server = start(config);
  ASSERT_TRUE(server);
  const Exchange x = stream_once(*server);
  const std::int64_t sent_ns = ns_of(x.sent); // before the request's first byte was written
  constexpr std::string_view k_key = R"({"x_emitted_ns":)";
  std::vector<std::int64_t> stamps;
  for (std::size_t at = x.bytes.find(k_key); at != std::string::npos;
       at = x.bytes.find(k_key, at + 1)) {
    const char *value = x.bytes.data() + at + k_key.size();
    std::int64_t ns = 0;
    ASSERT_EQ(std::from_chars(value, value + k_stamp_width, ns).ec, std::errc());
    // Stamped before the write, so before the client could read those bytes.
    EXPECT_LE(ns, ns_of(read_time(x, at)));
    stamps.push_back(ns);
  }
  ASSERT_EQ(stamps.size(), 5U);
  // Not before arrival + TTFT (+ 4 ITL for the last); a late write may be followed by an early
  // one (the schedule does not slip), so consecutive stamps only increase.
  EXPECT_GE(stamps.front() - sent_ns, 20'000'000);
  EXPECT_GE(stamps.back() - sent_ns, 40'000'000);
  for (std::size_t i = 1; i < stamps.size(); ++i) {
    EXPECT_GT(stamps[i], stamps[i - 1]) << i;
  }
  int content = 0;
  for (const Json &chunk : data_events(x.bytes)) { // still valid JSON
    EXPECT_EQ(chunk.contains("x_emitted_ns"), is_content(chunk));
    content += is_content(chunk) ? 1 : 0;
  }
  EXPECT_EQ(content, 5);
}

TEST(MockEmissionStamp, ServerSendsNoStampByDefault) {
  Config config;
  config.latency.output_tokens = Distribution::constant(3);
  auto server = start(config);
  ASSERT_TRUE(server);
  const Exchange x = stream_once(*server);
  EXPECT_TRUE(contains(x.bytes, "data: [DONE]"));
  EXPECT_FALSE(contains(x.bytes, "x_emitted_ns"));
}
