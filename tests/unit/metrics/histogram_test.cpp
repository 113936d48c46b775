// Configuration, recording, out-of-range values, coordinated-omission back-fill, percentile edge
// cases, the bucket visitor, reset and equality.
#include "metrics/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <random>
#include <vector>

using chatbench::ErrorCode;
using chatbench::metrics::Histogram;
using chatbench::metrics::HistogramBucket;
using chatbench::metrics::HistogramConfig;
using chatbench::metrics::k_one_hour_ns;

namespace {

constexpr std::int64_t k_int64_max = std::numeric_limits<std::int64_t>::max();

std::vector<HistogramBucket> buckets_of(const Histogram &h) {
  std::vector<HistogramBucket> out;
  h.for_each_bucket([&](const HistogramBucket &b) { out.push_back(b); });
  return out;
}

Histogram make(const HistogramConfig &config) {
  auto h = Histogram::create(config);
  EXPECT_TRUE(h.has_value()) << h.error().message;
  return std::move(h).value();
}

} // namespace

TEST(HistogramConfig, DefaultsAreOneNanosecondToOneHourWithThreeDigits) {
  const Histogram h;
  EXPECT_EQ(h.config().lowest_discernible, 1);
  EXPECT_EQ(h.config().highest_trackable, 3'600'000'000'000);
  EXPECT_EQ(h.config().significant_digits, 3);
  EXPECT_EQ(h.count(), 0u);
}

TEST(HistogramConfig, InvalidConfigurationsAreErrorsNamingTheField) {
  const struct {
    HistogramConfig config;
    const char *names;
  } cases[] = {
      {{1, k_one_hour_ns, 0}, "significant_digits"},
      {{1, k_one_hour_ns, 6}, "significant_digits"},
      {{0, k_one_hour_ns, 3}, "lowest_discernible"},
      {{-5, k_one_hour_ns, 3}, "lowest_discernible"},
      {{10, 19, 3}, "highest_trackable"},
      {{1, 1, 3}, "highest_trackable"},
      {{std::int64_t{1} << 55, k_int64_max, 5}, "bits"},
  };
  for (const auto &c : cases) {
    const auto h = Histogram::create(c.config);
    ASSERT_FALSE(h.has_value()) << c.names;
    EXPECT_EQ(h.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(h.error().message.find(c.names), std::string::npos) << h.error().message;
  }
}

TEST(HistogramConfig, ExtremeValidConfigurationsWork) {
  for (int digits = 1; digits <= 5; ++digits) {
    Histogram h = make({1, k_int64_max, digits});
    h.record(k_int64_max);
    h.record(0);
    EXPECT_EQ(h.max(), k_int64_max);
    EXPECT_EQ(h.value_at_percentile(100), k_int64_max);
    EXPECT_EQ(h.overflow_count(), 0u);
    EXPECT_EQ(h.highest_equivalent(k_int64_max), k_int64_max);
  }
}

TEST(HistogramMemory, RowsAreAllocatedOnFirstUseAndTheFullRangeNeeds33) {
  Histogram h;
  const std::size_t empty = h.memory_bytes();
  EXPECT_EQ(empty, sizeof(Histogram));
  EXPECT_LT(empty, 2048u);
  h.record(5);
  h.record(6);
  EXPECT_EQ(h.memory_bytes(), empty + 8192);
  for (std::int64_t v = 1; v <= k_one_hour_ns; v *= 2) {
    h.record(v);
  }
  h.record(k_one_hour_ns);
  EXPECT_EQ(h.memory_bytes(), empty + 33 * 8192);
}

TEST(HistogramRecord, CountsMinMaxAndRepeatedValues) {
  Histogram h;
  h.record(1500);
  h.record(7, 3);
  h.record(1'000'000, 0); // a zero count changes nothing, not even max
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.min(), 7);
  EXPECT_EQ(h.max(), 1500);
  EXPECT_DOUBLE_EQ(h.mean(), (1500.0 + 21.0) / 4);
  const std::vector<HistogramBucket> expected = {{7, 7, 3}, {1500, 1500, 1}};
  EXPECT_EQ(buckets_of(h), expected);
}

TEST(HistogramRecord, AboveHighestIsClampedCountedAndKeepsTheExactMax) {
  Histogram h;
  h.record(1000);
  h.record(k_one_hour_ns + 1);
  h.record(k_int64_max, 2);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.overflow_count(), 3u);
  EXPECT_EQ(h.max(), k_int64_max);
  EXPECT_EQ(h.value_at_percentile(100), k_int64_max);
  const auto buckets = buckets_of(h);
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_LE(buckets[1].lowest, k_one_hour_ns);
  EXPECT_GE(buckets[1].highest, k_one_hour_ns);
  EXPECT_EQ(buckets[1].count, 3u);
  // The middle ranks sit in the clamp bucket: reported at its top, not at the exact max.
  EXPECT_EQ(h.value_at_percentile(50), buckets[1].highest);
}

TEST(HistogramRecord, OnlyOverflowsKeepExactMinAndMax) {
  Histogram h;
  h.record(k_one_hour_ns * 3);
  h.record(k_one_hour_ns * 2);
  EXPECT_EQ(h.min(), k_one_hour_ns * 2);
  EXPECT_EQ(h.max(), k_one_hour_ns * 3);
  EXPECT_EQ(h.value_at_percentile(0), k_one_hour_ns * 2);
  EXPECT_EQ(h.value_at_percentile(100), k_one_hour_ns * 3);
  EXPECT_EQ(h.overflow_count(), 2u);
}

TEST(HistogramRecord, NegativeValuesCountAsZeroAndAsUnderflow) {
  Histogram h;
  h.record(50);
  h.record(-3);
  h.record(std::numeric_limits<std::int64_t>::min(), 2);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.underflow_count(), 3u);
  EXPECT_EQ(h.overflow_count(), 0u);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 50);
  EXPECT_EQ(h.value_at_percentile(75), 0);
  const std::vector<HistogramBucket> expected = {{0, 0, 3}, {50, 50, 1}};
  EXPECT_EQ(buckets_of(h), expected);
}

TEST(HistogramCorrected, BackFillsTheSamplesAStalledClientMissed) {
  Histogram h;
  h.record_corrected(1000, 100); // 1000, 900, ..., 100
  EXPECT_EQ(h.count(), 10u);
  EXPECT_EQ(h.min(), 100);
  EXPECT_EQ(h.max(), 1000);
  h.reset();
  h.record_corrected(1050, 100); // 1050, 950, ..., 150
  EXPECT_EQ(h.count(), 10u);
  EXPECT_EQ(h.min(), 150);
  h.reset();
  h.record_corrected(100, 100);
  h.record_corrected(99, 100);
  h.record_corrected(5000, 0);
  h.record_corrected(5000, -10);
  EXPECT_EQ(h.count(), 4u);
}

TEST(HistogramCorrected, EqualsTheNaiveLoopOfHdrHistogram) {
  // Also with 512-wide buckets at the bottom (lowest 1000), wider than some intervals.
  for (const HistogramConfig &config :
       {HistogramConfig{}, HistogramConfig{1000, k_one_hour_ns, 2}}) {
    std::mt19937_64 rng(7);
    for (std::int64_t interval : {1, 3, 100, 1000, 123'457, 50'000'000}) {
      Histogram fast = make(config);
      Histogram naive = make(config);
      std::uniform_int_distribution<std::int64_t> value(0, interval * 3000);
      for (int i = 0; i < 200; ++i) {
        const std::int64_t v = value(rng);
        fast.record_corrected(v, interval);
        naive.record(v);
        for (std::int64_t missing = v - interval; v > interval && missing >= interval;
             missing -= interval) {
          naive.record(missing);
        }
      }
      EXPECT_EQ(fast, naive) << "interval " << interval << " lowest " << config.lowest_discernible;
    }
  }
}

TEST(HistogramCorrected, AnHourLongStallAtOneNanosecondIsCheapAndExact) {
  Histogram h;
  h.record_corrected(k_one_hour_ns, 1); // 3.6e12 samples, one step per bucket
  EXPECT_EQ(h.count(), static_cast<std::uint64_t>(k_one_hour_ns));
  EXPECT_EQ(h.min(), 1);
  EXPECT_EQ(h.max(), k_one_hour_ns);
  // Uniform over 1 .. 1 h: the median is half an hour within the bucket error.
  EXPECT_NEAR(static_cast<double>(h.value_at_percentile(50)), k_one_hour_ns / 2.0,
              k_one_hour_ns / 2.0 / 1024);
}

TEST(HistogramCorrected, BackFillAboveTheRangeCountsOverflows) {
  Histogram h;
  const std::int64_t half_hour = k_one_hour_ns / 2;
  h.record_corrected(4 * half_hour, half_hour); // 2 h, 1.5 h, 1 h, 0.5 h
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.overflow_count(), 2u);
  EXPECT_EQ(h.min(), half_hour);
  EXPECT_EQ(h.max(), 4 * half_hour);
}

TEST(HistogramPercentile, EmptyHistogramReportsZeros) {
  const Histogram h;
  EXPECT_EQ(h.value_at_percentile(0), 0);
  EXPECT_EQ(h.value_at_percentile(50), 0);
  EXPECT_EQ(h.value_at_percentile(100), 0);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.mean(), 0);
  EXPECT_EQ(h.stddev(), 0);
  const double ps[] = {50, 99};
  EXPECT_EQ(h.values_at_percentiles(ps), (std::vector<std::int64_t>{0, 0}));
  EXPECT_TRUE(buckets_of(h).empty());
}

TEST(HistogramPercentile, SingleValueIsEveryPercentileExactly) {
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{1}, std::int64_t{123'456'789}}) {
    Histogram h;
    h.record(v);
    for (double p : {0.0, 0.001, 50.0, 99.9, 100.0}) {
      EXPECT_EQ(h.value_at_percentile(p), v) << "p" << p;
    }
    EXPECT_DOUBLE_EQ(h.mean(), static_cast<double>(v));
    EXPECT_EQ(h.stddev(), 0);
  }
}

TEST(HistogramPercentile, OutOfRangeAndNanPercentilesAreClamped) {
  Histogram h;
  for (std::int64_t v = 10; v <= 1000; v += 10) {
    h.record(v);
  }
  EXPECT_EQ(h.value_at_percentile(-5), 10);
  EXPECT_EQ(h.value_at_percentile(std::nan("")), 10);
  EXPECT_EQ(h.value_at_percentile(250), 1000);
  EXPECT_EQ(h.value_at_percentile(std::numeric_limits<double>::infinity()), 1000);
}

TEST(HistogramPercentile, MonotoneAndWithinMinMax) {
  Histogram h;
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> dist(std::log(5e7), 1.5);
  for (int i = 0; i < 20000; ++i) {
    h.record(static_cast<std::int64_t>(dist(rng)));
  }
  std::int64_t previous = h.min();
  for (int tenth = 0; tenth <= 1000; ++tenth) {
    const std::int64_t v = h.value_at_percentile(tenth / 10.0);
    EXPECT_GE(v, previous);
    EXPECT_LE(v, h.max());
    previous = v;
  }
}

TEST(HistogramBuckets, VisitorCoversEveryValueInAscendingOrder) {
  Histogram h;
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<std::int64_t> dist(0, 1'000'000'000);
  std::vector<std::int64_t> values;
  for (int i = 0; i < 5000; ++i) {
    values.push_back(dist(rng));
    h.record(values.back());
  }
  const auto buckets = buckets_of(h);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    EXPECT_LE(buckets[i].lowest, buckets[i].highest);
    EXPECT_GT(buckets[i].count, 0u);
    if (i > 0) {
      EXPECT_GT(buckets[i].lowest, buckets[i - 1].highest);
    }
    total += buckets[i].count;
  }
  EXPECT_EQ(total, h.count());
  for (std::int64_t v : values) {
    const auto it = std::find_if(buckets.begin(), buckets.end(), [&](const HistogramBucket &b) {
      return b.lowest <= v && v <= b.highest;
    });
    ASSERT_NE(it, buckets.end()) << v;
  }
}

TEST(HistogramReset, EmptiesButKeepsConfigurationAndRows) {
  Histogram h = make({1000, 1'000'000'000, 2});
  Histogram fresh = h;
  h.record(5000);
  h.record(-1);
  h.record(2'000'000'000);
  const std::size_t bytes = h.memory_bytes();
  h.reset();
  EXPECT_EQ(h, fresh);
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.overflow_count(), 0u);
  EXPECT_EQ(h.underflow_count(), 0u);
  EXPECT_EQ(h.memory_bytes(), bytes);
  h.record(7000);
  EXPECT_EQ(h.min(), 7000);
  EXPECT_EQ(h.max(), 7000);
}

TEST(HistogramEquality, ComparesContentsNotAllocation) {
  Histogram a;
  Histogram b;
  a.record(10);
  a.reset(); // a has a zeroed row, b none
  EXPECT_EQ(a, b);
  a.record(12345);
  EXPECT_NE(a, b);
  b.record(12345);
  EXPECT_EQ(a, b);
  b.record(12345); // one more count in the same bucket
  EXPECT_NE(a, b);
  const Histogram copy = a;
  EXPECT_EQ(copy, a);
  EXPECT_NE(a, make({1, k_one_hour_ns, 2}));
}
