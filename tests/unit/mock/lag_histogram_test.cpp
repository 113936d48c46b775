#include "mock/lag_histogram.hpp"

#include <gtest/gtest.h>

using namespace chatbench::mock;
using namespace std::chrono_literals;

TEST(MockLagHistogram, BucketsAreMonotonicAndTight) {
  std::size_t previous = 0;
  for (std::uint64_t v = 0; v < (std::uint64_t{1} << 36); v = v * 3 / 2 + 1) {
    const std::size_t b = LagHistogram::bucket_of(v);
    EXPECT_GE(b, previous);
    previous = b;
    const double value = static_cast<double>(LagHistogram::bucket_value(b));
    EXPECT_NEAR(value, static_cast<double>(v), static_cast<double>(v) / 30 + 1) << v;
  }
}

TEST(MockLagHistogram, PercentilesOfAKnownSpread) {
  LagHistogram h;
  for (int i = 1; i <= 1000; ++i) {
    h.record(std::chrono::microseconds(i)); // 1 µs .. 1 ms
  }
  h.record(-5us); // counts as 0
  std::array<std::uint64_t, LagHistogram::k_buckets> totals{};
  std::int64_t max_ns = 0;
  h.add_to(totals, max_ns);
  const LagSummary s = LagHistogram::summarize(totals, max_ns);
  EXPECT_EQ(s.count, 1001U);
  EXPECT_EQ(s.max, 1ms);
  EXPECT_NEAR(static_cast<double>(s.p50.count()), 500e3, 500e3 * 0.04);
  EXPECT_NEAR(static_cast<double>(s.p99.count()), 990e3, 990e3 * 0.04);
  EXPECT_LE(s.p999, s.max);
}

TEST(MockLagHistogram, EmptySummaryIsZero) {
  std::array<std::uint64_t, LagHistogram::k_buckets> totals{};
  const LagSummary s = LagHistogram::summarize(totals, 0);
  EXPECT_EQ(s.count, 0U);
  EXPECT_EQ(s.p99, 0ns);
}
