#include "capacity/step_figures.hpp"

#include <gtest/gtest.h>

using namespace chatbench::capacity;
using chatbench::metrics::FailureKind;
using chatbench::metrics::Phase;
using chatbench::metrics::Recorder;
using chatbench::metrics::RequestRecord;
using chatbench::metrics::Slo;
using chatbench::metrics::Timeline;

namespace {

constexpr std::int64_t k_sf_s = 1'000'000'000;
constexpr std::int64_t k_sf_ms = 1'000'000;

// An ok request intended at `intended`, sent 1 ms later, with the given TTFT and E2E from the
// intended send.
RequestRecord sf_request(std::int64_t intended, std::int64_t ttft, std::int64_t e2e,
                         std::uint64_t tokens) {
  RequestRecord r;
  r.stream = true;
  r.intended_ns = intended;
  r.sent_ns = intended + k_sf_ms;
  r.first_byte_ns = intended + ttft;
  r.first_token_ns = intended + ttft;
  r.last_token_ns = intended + e2e;
  r.done_ns = intended + e2e;
  r.tokens = tokens;
  r.token_events = static_cast<std::uint32_t>(tokens);
  r.http_status = 200;
  return r;
}

// Histogram percentiles are reported as the highest value of their bucket: never below the true
// value, above it by less than 1/1024 relative (3 significant digits).
void sf_expect_hist(std::int64_t actual, std::int64_t expected) {
  EXPECT_GE(actual, expected);
  EXPECT_LE(actual, expected + expected / 1024);
}

struct SfRun {
  Recorder recorder;
  Timeline timeline{0, k_sf_s, Slo{.ttft_ns = 250 * k_sf_ms}};

  void add(const RequestRecord &r) {
    recorder.add(r);
    timeline.add(r);
  }
};

// Four ok requests intended at 10, 11, 12, 13 s with TTFTs 100..400 ms and E2Es 1..4 s, one
// failure from 14 to 15 s, and a warmup request from 8 to 9.5 s. The measured span is 10 .. 17 s.
// In flight at each second's start (sent <= t < done): 12: 1, 13: 1, 14: 3, 15: 1, 16: 1.
SfRun sf_run() {
  SfRun run;
  RequestRecord warm = sf_request(8 * k_sf_s, 100 * k_sf_ms, 1500 * k_sf_ms, 30);
  warm.phase = Phase::warmup;
  run.add(warm);
  RequestRecord r1 = sf_request(10 * k_sf_s, 100 * k_sf_ms, 1 * k_sf_s, 3);
  r1.usage_completion_tokens = 50;
  r1.itl_ns = {10 * k_sf_ms, 20 * k_sf_ms, 30 * k_sf_ms};
  run.add(r1);
  run.add(sf_request(11 * k_sf_s, 200 * k_sf_ms, 2 * k_sf_s, 40));
  run.add(sf_request(12 * k_sf_s, 300 * k_sf_ms, 3 * k_sf_s, 60));
  run.add(sf_request(13 * k_sf_s, 400 * k_sf_ms, 4 * k_sf_s, 50));
  RequestRecord failed = sf_request(14 * k_sf_s - k_sf_ms, -1, 1 * k_sf_s + k_sf_ms, 99);
  failed.first_byte_ns = -1;
  failed.first_token_ns = -1;
  failed.last_token_ns = -1;
  failed.outcome = FailureKind::http_status;
  failed.http_status = 500;
  run.add(failed);
  return run;
}

} // namespace

TEST(CapacityStepFigures, CountsAndRatesOverTheRecordersSpan) {
  const SfRun run = sf_run();
  const StepFigures f = step_figures(run.recorder, run.timeline, 10 * k_sf_s, 17 * k_sf_s, 5);
  EXPECT_EQ(f.requests, 5u);
  EXPECT_EQ(f.ok, 4u);
  EXPECT_EQ(f.failed, 1u);
  EXPECT_DOUBLE_EQ(f.error_rate, 0.2);
  EXPECT_DOUBLE_EQ(f.measured_s, 7);
  EXPECT_DOUBLE_EQ(f.offered_rate, 5);
  EXPECT_DOUBLE_EQ(f.achieved_rate, 4.0 / 7);
  EXPECT_DOUBLE_EQ(f.output_tokens_per_s, 200.0 / 7);
  EXPECT_DOUBLE_EQ(f.goodput_per_s, 2.0 / 7);
}

TEST(CapacityStepFigures, LatenciesFromTheIntendedSend) {
  const SfRun run = sf_run();
  const StepFigures f = step_figures(run.recorder, run.timeline, 10 * k_sf_s, 17 * k_sf_s, 5);
  sf_expect_hist(f.ttft.p50_ns, 200 * k_sf_ms);
  EXPECT_EQ(f.ttft.p90_ns, 400 * k_sf_ms); // the maximum, reported exactly
  EXPECT_EQ(f.ttft.p95_ns, 400 * k_sf_ms);
  EXPECT_EQ(f.ttft.p99_ns, 400 * k_sf_ms);
  sf_expect_hist(f.e2e.p50_ns, 2 * k_sf_s);
  EXPECT_EQ(f.e2e.p99_ns, 4 * k_sf_s);
  sf_expect_hist(f.itl.p50_ns, 20 * k_sf_ms);
  EXPECT_EQ(f.itl.p99_ns, 30 * k_sf_ms);
}

TEST(CapacityStepFigures, MeanInFlightOverTheMeasuredBuckets) {
  const SfRun run = sf_run();
  const auto in_flight = [&](std::int64_t from_s, std::int64_t to_s) {
    return step_figures(run.recorder, run.timeline, from_s * k_sf_s, to_s * k_sf_s, 0)
        .mean_in_flight;
  };
  EXPECT_DOUBLE_EQ(in_flight(12, 16), 1.5); // 1, 1, 3, 1
  EXPECT_DOUBLE_EQ(in_flight(11, 16), 1.2); // 0, 1, 1, 3, 1
  EXPECT_DOUBLE_EQ(in_flight(12, 17), 1.4); // 1, 1, 3, 1, 1
  EXPECT_DOUBLE_EQ(in_flight(14, 15), 3);
  EXPECT_DOUBLE_EQ(in_flight(40, 50), 0); // no bucket there
}

TEST(CapacityStepFigures, NoTtftWithoutFirstTokens) {
  Recorder recorder;
  Timeline timeline(0, k_sf_s);
  RequestRecord r = sf_request(k_sf_s, 0, 2 * k_sf_s, 5);
  r.first_token_ns = -1;
  recorder.add(r);
  timeline.add(r);
  const StepFigures f = step_figures(recorder, timeline, k_sf_s, 3 * k_sf_s, 0);
  EXPECT_EQ(f.ttft, Latency{});
  EXPECT_EQ(f.itl, Latency{});
  EXPECT_EQ(f.e2e.p50_ns, 2 * k_sf_s);
  EXPECT_DOUBLE_EQ(f.measured_s, 2);
  EXPECT_DOUBLE_EQ(f.achieved_rate, 0.5);
  EXPECT_DOUBLE_EQ(f.goodput_per_s, 0.5); // no SLO: every ok request is good
}

TEST(CapacityStepFigures, EmptyStepHasZerosAndNoLatencies) {
  const StepFigures f = step_figures(Recorder{}, Timeline{}, 0, k_sf_s, 3);
  StepFigures expected;
  expected.offered_rate = 3;
  EXPECT_EQ(f, expected);
  EXPECT_EQ(f.ttft.p50_ns, -1);
  EXPECT_EQ(f.e2e.p50_ns, -1);
}
