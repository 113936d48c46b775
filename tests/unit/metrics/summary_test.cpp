#include "metrics/summary.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <random>

using chatbench::metrics::Histogram;
using chatbench::metrics::summarize;
using chatbench::metrics::Summary;

TEST(Summary, EmptyHistogramIsAllZero) {
  EXPECT_EQ(summarize(Histogram()), Summary{});
}

TEST(Summary, ExactValuesGiveExactNumbers) {
  Histogram h;
  for (std::int64_t v = 1; v <= 1000; ++v) { // all below 2048: every bucket is one value wide
    h.record(v);
  }
  const Summary s = summarize(h);
  EXPECT_EQ(s.count, 1000u);
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.max, 1000);
  EXPECT_EQ(s.p50, 500);
  EXPECT_EQ(s.p90, 900);
  EXPECT_EQ(s.p95, 950);
  EXPECT_EQ(s.p99, 990);
  EXPECT_EQ(s.p999, 999);
  EXPECT_DOUBLE_EQ(s.mean, 500.5);
  EXPECT_NEAR(s.stddev, std::sqrt((1000.0 * 1000.0 - 1) / 12), 1e-9);
}

TEST(Summary, AgreesWithTheHistogramQueries) {
  Histogram h;
  std::mt19937_64 rng(1);
  std::lognormal_distribution<double> d(std::log(8e7), 0.8);
  for (int i = 0; i < 50000; ++i) {
    h.record(static_cast<std::int64_t>(d(rng)));
  }
  const Summary s = summarize(h);
  EXPECT_EQ(s.count, h.count());
  EXPECT_EQ(s.p50, h.value_at_percentile(50));
  EXPECT_EQ(s.p90, h.value_at_percentile(90));
  EXPECT_EQ(s.p95, h.value_at_percentile(95));
  EXPECT_EQ(s.p99, h.value_at_percentile(99));
  EXPECT_EQ(s.p999, h.value_at_percentile(99.9));
  EXPECT_EQ(s.mean, h.mean());
  EXPECT_EQ(s.stddev, h.stddev());
  EXPECT_LE(s.min, s.p50);
  EXPECT_LE(s.p999, s.max);
}
