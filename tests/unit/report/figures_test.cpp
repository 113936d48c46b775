// Every figure of report/figures.hpp from hand-made runs whose numbers are worked out on paper
// in fixtures.hpp. Percentiles come from 3-digit histograms: reported values lie within 0.1%
// above the true ones (min and max exact), hence EXPECT_NEAR with a relative tolerance.
#include "report/figures.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace chatbench::report {
namespace {

using namespace test;

void expect_close(double actual, double expected, const char *what) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * 1e-3 + 1e-9) << what;
}

TEST(Figures, LatenciesOfAStreamedRunInMilliseconds) {
  const Figures f = compute_figures(alpha());
  const Stats &ttft = f.latency(Latency::ttft);
  EXPECT_EQ(ttft.count, 4u);
  EXPECT_DOUBLE_EQ(ttft.min, 101);
  EXPECT_DOUBLE_EQ(ttft.max, 401);
  expect_close(ttft.p50, 201, "ttft p50 (nearest rank 2 of 4)");
  expect_close(ttft.p90, 401, "ttft p90");
  expect_close(ttft.p99, 401, "ttft p99");
  expect_close(ttft.mean, 251, "ttft mean");
  // Deviations from the mean: -150, -50, 50, 150 ms (population standard deviation).
  expect_close(ttft.stddev, std::sqrt((2 * 150.0 * 150.0 + 2 * 50.0 * 50.0) / 4), "ttft stddev");
  expect_close(f.latency(Latency::ttft_sent).min, 100, "ttft_sent");
  expect_close(f.latency(Latency::ttfb).min, 90, "ttfb");
  expect_close(f.latency(Latency::first_event).max, 390, "first_event");
  expect_close(f.latency(Latency::e2e).min, 186, "e2e");
  expect_close(f.latency(Latency::e2e).max, 486, "e2e");
  expect_close(f.latency(Latency::e2e_sent).max, 485, "e2e_sent");
  EXPECT_EQ(f.latency(Latency::itl).count, 16u);
  expect_close(f.latency(Latency::itl).p99, 20, "itl");
  EXPECT_EQ(f.latency(Latency::tpot).count, 4u);
  expect_close(f.latency(Latency::tpot).p50, 20, "tpot");
  expect_close(f.latency(Latency::stall).max, 20, "stall");
  EXPECT_EQ(f.latency(Latency::send_lag).count, 4u); // the warmup request is not measured
  expect_close(f.latency(Latency::send_lag).max, 1, "send_lag");
  EXPECT_EQ(f.latency(Latency::connect).count, 1u);
  expect_close(f.latency(Latency::connect).max, 2, "connect");
  EXPECT_EQ(f.latency(Latency::tls).count, 0u);
  EXPECT_EQ(f.latency(Latency::tls).p50, 0);
}

TEST(Figures, PerRequestOutputRateInTokensPerSecond) {
  const Figures f = compute_figures(alpha());
  EXPECT_EQ(f.output_rate.count, 4u);
  // 5 tokens over 185, 285, 385 and 485 ms (sent to done).
  expect_close(f.output_rate.max, 5 / 0.185, "fastest request");
  expect_close(f.output_rate.min, 5 / 0.485, "slowest request");
}

TEST(Figures, CountsRatesAndDurations) {
  const Figures f = compute_figures(alpha());
  EXPECT_EQ(f.total, 4u);
  EXPECT_EQ(f.ok, 4u);
  EXPECT_EQ(f.failed, 0u);
  EXPECT_EQ(f.warmup, 1u);
  EXPECT_EQ(f.error_rate, 0);
  EXPECT_DOUBLE_EQ(f.measured_s, 0.786);
  EXPECT_DOUBLE_EQ(f.wall_s, 0.8);
  EXPECT_DOUBLE_EQ(f.requests_per_s, 4 / 0.786);
  EXPECT_DOUBLE_EQ(f.output_tokens_per_s, 20 / 0.786);
  EXPECT_EQ(f.late_sends, 1u);
  EXPECT_EQ(f.workers, 2u);
  EXPECT_EQ(f.max_in_flight, 3u);
  EXPECT_EQ(f.connections, 1u);
  EXPECT_EQ(f.http_status, (std::map<int, std::uint64_t>{{200, 4}}));
  EXPECT_EQ(f.http_version, (std::map<int, std::uint64_t>{{11, 4}}));
}

TEST(Figures, GoodputCountsMeasuredRequestsWithinTheSlo) {
  const Figures f = compute_figures(alpha());
  // TTFT 101 and 201 ms meet the 250 ms limit; the warmup request would too but is not measured.
  EXPECT_EQ(f.goodput.requests, 2u);
  EXPECT_DOUBLE_EQ(f.goodput.per_s, 2 / 0.786);
  EXPECT_EQ(f.goodput.slo.ttft_ns, 250 * k_ms);
  EXPECT_EQ(f.goodput.slo.tpot_ns, -1);
}

TEST(Figures, TokenSources) {
  const Figures usage = compute_figures(alpha());
  EXPECT_EQ(usage.tokens.source, TokenSource::usage);
  EXPECT_EQ(usage.tokens.output_total, 20u);
  EXPECT_EQ(usage.tokens.from_usage, 4u);
  EXPECT_EQ(usage.tokens.from_chunks, 0u);

  EXPECT_EQ(compute_figures(every_failure()).tokens.source, TokenSource::chunks);
  EXPECT_EQ(compute_figures(empty_target()).tokens.source, TokenSource::none);

  RequestRecord chunked = streamed({.id = 9, .at_ms = 0, .usage = false});
  RequestRecord mismatched = streamed({.id = 10, .at_ms = 50});
  mismatched.usage_completion_tokens = 7; // usage says 7, five chunks carried tokens
  RequestRecord guessed = streamed({.id = 11, .at_ms = 60, .usage = false});
  guessed.stream = false;
  const Figures mixed = compute_figures(make_target("m", {chunked, mismatched, guessed}));
  EXPECT_EQ(mixed.tokens.source, TokenSource::mixed);
  EXPECT_EQ(mixed.tokens.output_total, 5u + 7u + 5u);
  EXPECT_EQ(mixed.tokens.from_usage, 1u);
  EXPECT_EQ(mixed.tokens.from_chunks, 1u);
  EXPECT_EQ(mixed.tokens.unknown, 1u);
  EXPECT_EQ(mixed.tokens.mismatches, 1u);

  // Only guesses: no request had a count chatbench trusts.
  EXPECT_EQ(compute_figures(make_target("g", {guessed})).tokens.source, TokenSource::none);
}

TEST(Figures, EveryFailureKindByNameZerosIncludedThenHttpStatuses) {
  const Figures f = compute_figures(every_failure());
  ASSERT_EQ(f.failures.size(), metrics::k_failure_kind_count - 1 + 2);
  for (std::size_t k = 1; k < metrics::k_failure_kind_count; ++k) {
    const auto kind = static_cast<FailureKind>(k);
    EXPECT_EQ(f.failures[k - 1].kind, metrics::to_string(kind));
    EXPECT_EQ(f.failures[k - 1].count, kind == FailureKind::http_status ? 2u : 1u) << k;
  }
  EXPECT_EQ(f.failures[metrics::k_failure_kind_count - 1], (FailureCount{"http_429", 1}));
  EXPECT_EQ(f.failures[metrics::k_failure_kind_count], (FailureCount{"http_503", 1}));
  EXPECT_EQ(f.failure("timeout_idle"), 1u);
  EXPECT_EQ(f.failure("http_500"), 0u);
  EXPECT_EQ(f.total, 18u);
  EXPECT_EQ(f.ok, 1u);
  EXPECT_EQ(f.failed, 17u);
  EXPECT_DOUBLE_EQ(f.error_rate, 17.0 / 18.0);

  const Figures none = compute_figures(alpha());
  ASSERT_EQ(none.failures.size(), metrics::k_failure_kind_count - 1);
  for (const FailureCount &c : none.failures) {
    EXPECT_EQ(c.count, 0u) << c.kind;
  }
}

TEST(Figures, AnEmptyOrErroredTargetIsAllZeros) {
  for (const run::TargetRun &t : {empty_target(), errored()}) {
    const Figures f = compute_figures(t);
    EXPECT_EQ(f.total, 0u);
    EXPECT_EQ(f.error_rate, 0);
    EXPECT_EQ(f.requests_per_s, 0);
    EXPECT_EQ(f.goodput.per_s, 0);
    EXPECT_EQ(f.measured_s, 0);
    EXPECT_EQ(f.latency(Latency::ttft).count, 0u);
    EXPECT_EQ(f.latency(Latency::ttft).mean, 0);
  }
  EXPECT_EQ(compute_figures(errored()).wall_s, 0);
}

TEST(Figures, Names) {
  EXPECT_EQ(to_string(Latency::ttft), "ttft");
  EXPECT_EQ(to_string(Latency::first_event), "first_event");
  EXPECT_EQ(metric_of(Latency::ttft), metrics::Metric::ttft_intended);
  EXPECT_EQ(metric_of(Latency::e2e), metrics::Metric::e2e_intended);
  EXPECT_EQ(metric_of(Latency::ttfb), metrics::Metric::ttfb_sent);
  for (std::size_t i = 1; i < k_latency_count; ++i) {
    EXPECT_NE(to_string(static_cast<Latency>(i)), "ttft") << i;
  }
  EXPECT_EQ(http_version_name(11), "1.1");
  EXPECT_EQ(http_version_name(10), "1.0");
  EXPECT_EQ(http_version_name(20), "2");
  EXPECT_EQ(http_version_name(30), "3");
  EXPECT_EQ(http_version_name(0), "unknown");
}

TEST(Figures, OutputBytesCountTheTextOfOkRequestsOnly) {
  std::vector<metrics::RequestRecord> records;
  for (std::uint64_t i = 0; i < 3; ++i) {
    metrics::RequestRecord r = streamed({.id = i + 1, .at_ms = 0, .tokens = 5});
    r.output_bytes = 21; // 4.2 bytes per token
    records.push_back(r);
  }
  metrics::RequestRecord broken = failed(9, 0, FailureKind::stream_truncated);
  broken.output_bytes = 1000; // text of a failed request is not output
  records.push_back(broken);
  const Figures f = compute_figures(make_target("t", records));
  EXPECT_EQ(f.tokens.output_bytes, 63u);
  EXPECT_EQ(f.tokens.output_total, 15u);
  EXPECT_DOUBLE_EQ(f.output_bytes_per_s, 63 / f.measured_s);
}

} // namespace
} // namespace chatbench::report
