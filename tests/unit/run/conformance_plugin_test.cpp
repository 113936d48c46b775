// CheckingClassifier: the timing classifier's answers pass through unchanged, each sampled
// exchange is judged once and lands in the worker's tally when the request ends.
#include "run/conformance_plugin.hpp"

#include "run/openai_plugins.hpp"

#include <gtest/gtest.h>

using namespace chatbench;

namespace {

const char *const k_chunk =
    R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m",)"
    R"("choices":[{"index":0,"delta":{"content":"hi"},"logprobs":null,"finish_reason":null}]})";
const char *const k_finish =
    R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m",)"
    R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]})";

run::ConformanceOptions options(double sample = 1.0) {
  run::ConformanceOptions o;
  o.profile = *conformance::Profile::load("openai");
  o.sample = sample;
  o.expect = {true, false};
  return o;
}

metrics::RequestRecord record(std::uint64_t id, metrics::FailureKind outcome) {
  metrics::RequestRecord r;
  r.id = id;
  r.outcome = outcome;
  return r;
}

void stream(run::CheckingClassifier &c, std::uint64_t id, bool done) {
  c.on_response(id, 200, "text/event-stream");
  const engine::EventClass first = c.on_event(id, "", k_chunk);
  EXPECT_EQ(first.tokens, 1u) << "the timing classifier's answer passes through";
  c.on_event(id, "", k_finish);
  if (done) {
    c.on_done(id);
  }
  c.on_end(record(id, metrics::FailureKind::ok), true);
}

} // namespace

TEST(CheckingClassifier, JudgesEachExchangeOnceWhenItEnds) {
  conformance::Tally tally;
  run::CheckingClassifier c(std::make_unique<run::ChunkClassifier>(), options(), &tally);
  stream(c, 1, true);
  stream(c, 2, false); // no [DONE]
  EXPECT_EQ(tally.checked(), 2u);
  EXPECT_EQ(tally.failures(), 1u);
  ASSERT_EQ(tally.findings().size(), 1u);
  EXPECT_EQ(tally.findings()[0].check, conformance::Check::stream_termination);
  EXPECT_EQ(tally.findings()[0].request_id, 2u);
}

TEST(CheckingClassifier, InterleavedStreamsKeepTheirOwnState) {
  conformance::Tally tally;
  run::CheckingClassifier c(std::make_unique<run::ChunkClassifier>(), options(), &tally);
  c.on_response(1, 200, "text/event-stream");
  c.on_response(2, 200, "text/event-stream");
  c.on_event(1, "", k_chunk);
  c.on_event(2, "", k_chunk);
  c.on_event(2, "", k_finish);
  c.on_event(1, "", k_finish);
  c.on_done(2);
  c.on_done(1);
  c.on_end(record(2, metrics::FailureKind::ok), true);
  c.on_end(record(1, metrics::FailureKind::ok), true);
  EXPECT_EQ(tally.checked(), 2u);
  EXPECT_EQ(tally.failures(), 0u);
}

TEST(CheckingClassifier, AClientCutStreamIsNotBlamedForWhatIsMissing) {
  conformance::Tally tally;
  run::CheckingClassifier c(std::make_unique<run::ChunkClassifier>(), options(), &tally);
  c.on_response(1, 200, "text/event-stream");
  c.on_event(1, "", k_chunk);
  c.on_end(record(1, metrics::FailureKind::timeout_idle), true);
  EXPECT_EQ(tally.checked(), 1u);
  EXPECT_EQ(tally.failures(), 0u);
}

TEST(CheckingClassifier, ARequestWithoutAResponseIsNotChecked) {
  conformance::Tally tally;
  run::CheckingClassifier c(std::make_unique<run::ChunkClassifier>(), options(), &tally);
  c.on_end(record(1, metrics::FailureKind::connect), true);
  EXPECT_EQ(tally.checked(), 0u);
}

TEST(CheckingClassifier, SamplingIsDeterministicInTheIdAndNearTheFraction) {
  int hits = 0;
  for (std::uint64_t id = 0; id < 100000; ++id) {
    hits += run::sampled(id, 0.1) ? 1 : 0;
    EXPECT_EQ(run::sampled(id, 0.1), run::sampled(id, 0.1));
  }
  EXPECT_NEAR(hits, 10000, 400);
  EXPECT_TRUE(run::sampled(12345, 1.0));
  conformance::Tally tally;
  run::CheckingClassifier c(std::make_unique<run::ChunkClassifier>(), options(0.5), &tally);
  for (std::uint64_t id = 0; id < 200; ++id) {
    stream(c, id, true);
  }
  EXPECT_GT(tally.checked(), 60u);
  EXPECT_LT(tally.checked(), 140u);
}
