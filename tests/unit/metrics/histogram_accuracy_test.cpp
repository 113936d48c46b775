// Percentiles against exact percentiles of the raw samples: the nearest-rank value, reported at
// most 1/1024 (< 0.1%) above it with the default 3 digits, never below it. Also the bucket
// boundaries themselves, at powers of two and sub-bucket edges.
#include "metrics/histogram.hpp"
#include "metrics/summary.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using chatbench::metrics::Histogram;
using chatbench::metrics::HistogramConfig;
using chatbench::metrics::k_one_hour_ns;

namespace {

// Percentiles in thousandths of a percent, so the exact rank is integer arithmetic.
constexpr std::uint64_t k_milli_percentiles[] = {
    0, 1, 100, 1000, 10000, 25000, 50000, 75000, 90000, 95000, 99000, 99500, 99900, 99990, 100000};

std::int64_t exact_percentile(const std::vector<std::int64_t> &sorted, std::uint64_t milli) {
  const std::uint64_t n = sorted.size();
  const std::uint64_t rank = std::max<std::uint64_t>(1, (milli * n + 99'999) / 100'000);
  return sorted[rank - 1];
}

// `resolution` is the number of buckets per power of two (H); `unit` the narrowest bucket width.
void expect_accurate(const std::vector<std::int64_t> &values, const Histogram &h,
                     const std::string &label, std::int64_t resolution = 1024,
                     std::int64_t unit = 1) {
  std::vector<std::int64_t> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(h.count(), sorted.size()) << label;
  EXPECT_EQ(h.min(), sorted.front()) << label;
  EXPECT_EQ(h.max(), sorted.back()) << label;
  std::vector<double> ps;
  for (std::uint64_t milli : k_milli_percentiles) {
    ps.push_back(static_cast<double>(milli) / 1000.0);
  }
  const std::vector<std::int64_t> batch = h.values_at_percentiles(ps);
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const std::int64_t exact = exact_percentile(sorted, k_milli_percentiles[i]);
    const std::int64_t got = h.value_at_percentile(ps[i]);
    EXPECT_EQ(batch[i], got) << label << " p" << ps[i];
    EXPECT_GE(got, exact) << label << " p" << ps[i];
    EXPECT_LE(got - exact, std::max(exact / resolution, unit - 1)) << label << " p" << ps[i];
    if (resolution == 1024 && exact > 0) {
      const double relative = static_cast<double>(got - exact) / static_cast<double>(exact);
      EXPECT_LE(relative, 0.001) << label << " p" << ps[i] << " exact " << exact << " got " << got;
    }
  }
}

template <class Draw>
std::vector<std::int64_t> sample(std::size_t n, std::uint64_t seed, Draw draw) {
  std::mt19937_64 rng(seed);
  std::vector<std::int64_t> values(n);
  for (auto &v : values) {
    v = draw(rng);
  }
  return values;
}

Histogram record_all(const std::vector<std::int64_t> &values, Histogram h = Histogram()) {
  for (std::int64_t v : values) {
    h.record(v);
  }
  return h;
}

constexpr std::size_t k_samples = 100'000;

} // namespace

TEST(HistogramAccuracy, UniformWide) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    std::uniform_int_distribution<std::int64_t> d(1, 10'000'000'000);
    const auto values = sample(k_samples, seed, [&](auto &rng) { return d(rng); });
    expect_accurate(values, record_all(values), "uniform seed " + std::to_string(seed));
  }
}

TEST(HistogramAccuracy, UniformAcrossTheExactRegionEdge) {
  std::uniform_int_distribution<std::int64_t> d(0, 5000);
  const auto values = sample(k_samples, 4, [&](auto &rng) { return d(rng); });
  expect_accurate(values, record_all(values), "uniform 0..5000");
}

TEST(HistogramAccuracy, Lognormal) {
  for (double sigma : {0.25, 1.0, 2.5}) {
    std::lognormal_distribution<double> d(std::log(5e7), sigma);
    const auto values =
        sample(k_samples, 5, [&](auto &rng) { return static_cast<std::int64_t>(d(rng)); });
    expect_accurate(values, record_all(values), "lognormal sigma " + std::to_string(sigma));
  }
}

TEST(HistogramAccuracy, Bimodal) {
  std::normal_distribution<double> fast(2e6, 2e5);
  std::normal_distribution<double> slow(8e8, 1e8);
  std::bernoulli_distribution pick_slow(0.3);
  const auto values = sample(k_samples, 6, [&](auto &rng) {
    const double v = pick_slow(rng) ? slow(rng) : fast(rng);
    return std::max<std::int64_t>(0, static_cast<std::int64_t>(v));
  });
  expect_accurate(values, record_all(values), "bimodal");
}

TEST(HistogramAccuracy, Constant) {
  for (std::int64_t c : {std::int64_t{0}, std::int64_t{1023}, std::int64_t{2049},
                         std::int64_t{123'456'789}, k_one_hour_ns}) {
    const std::vector<std::int64_t> values(1000, c);
    const Histogram h = record_all(values);
    expect_accurate(values, h, "constant " + std::to_string(c));
    EXPECT_EQ(h.value_at_percentile(50), c); // clamped to the exact min and max
    EXPECT_DOUBLE_EQ(h.mean(), static_cast<double>(c));
  }
}

TEST(HistogramAccuracy, PowersOfTwoAndSubBucketEdges) {
  std::vector<std::int64_t> values;
  for (int k = 0; k <= 41; ++k) {
    const std::int64_t p = std::int64_t{1} << k;
    for (std::int64_t v : {p - 1, p, p + 1}) {
      values.push_back(v);
    }
  }
  for (int shift = 0; shift <= 31; ++shift) {
    for (std::int64_t sub : {1024, 1025, 1536, 2047}) {
      const std::int64_t edge = sub << shift;
      for (std::int64_t v : {edge - 1, edge, edge + 1, edge + (std::int64_t{1} << shift) - 1}) {
        values.push_back(v);
      }
    }
  }
  std::erase_if(values, [](std::int64_t v) { return v > k_one_hour_ns; });
  std::mt19937_64 rng(8);
  std::shuffle(values.begin(), values.end(), rng);
  expect_accurate(values, record_all(values), "edges");
}

TEST(HistogramAccuracy, CoarserConfigurationsKeepTheirBound) {
  // 2 digits: 128 buckets per power of two; lowest 1000: 512-wide narrowest buckets.
  const HistogramConfig config{1000, k_one_hour_ns, 2};
  std::lognormal_distribution<double> d(std::log(2e5), 2.0);
  const auto values =
      sample(k_samples, 9, [&](auto &rng) { return static_cast<std::int64_t>(d(rng)); });
  expect_accurate(values, record_all(values, Histogram::create(config).value()), "2 digits", 128,
                  512);
}

TEST(HistogramAccuracy, NearestRankMatchesIntegerArithmeticExactly) {
  // Values 1..n are below 2048, hence exact: only the rank can be wrong. p = 29, n = 100 and the
  // like are where floating-point p / 100 * n lands a hair above an integer.
  for (std::int64_t n = 1; n <= 150; ++n) {
    Histogram h;
    for (std::int64_t v = 1; v <= n; ++v) {
      h.record(v);
    }
    for (std::int64_t p = 0; p <= 100; ++p) {
      const std::int64_t rank = std::max<std::int64_t>(1, (p * n + 99) / 100);
      ASSERT_EQ(h.value_at_percentile(static_cast<double>(p)), rank) << "n " << n << " p " << p;
    }
  }
  Histogram h;
  for (std::int64_t v = 1; v <= 1000; ++v) {
    h.record(v);
  }
  EXPECT_EQ(h.value_at_percentile(99.9), 999);
  EXPECT_EQ(h.value_at_percentile(99.95), 1000);
  EXPECT_EQ(h.value_at_percentile(0.1), 1);
  EXPECT_EQ(h.value_at_percentile(0.15), 2);
}

TEST(HistogramAccuracy, BucketsTileTheRangeWithTheStatedWidths) {
  const Histogram h;
  std::vector<std::int64_t> probes;
  for (int shift = 0; shift <= 31; ++shift) {
    for (std::int64_t sub : {1024, 1025, 2047}) {
      probes.push_back(sub << shift);
      probes.push_back((sub << shift) - 1);
    }
  }
  std::erase_if(probes, [](std::int64_t v) { return v >= k_one_hour_ns; });
  for (std::int64_t v : probes) {
    const std::int64_t lo = h.lowest_equivalent(v);
    const std::int64_t hi = h.highest_equivalent(v);
    const int magnitude = static_cast<int>(std::bit_width(static_cast<std::uint64_t>(v)));
    const std::int64_t width = v < 2048 ? 1 : std::int64_t{1} << (magnitude - 11);
    EXPECT_EQ(hi - lo + 1, width) << v;
    EXPECT_LE(lo, v);
    EXPECT_GE(hi, v);
    EXPECT_EQ(lo % width, 0) << v;
    EXPECT_EQ(h.lowest_equivalent(hi + 1), hi + 1) << v; // the next bucket starts right after
    EXPECT_EQ(h.highest_equivalent(lo - 1), lo - 1) << v;
  }
  EXPECT_EQ(h.lowest_equivalent(-7), 0);
  EXPECT_EQ(h.highest_equivalent(k_one_hour_ns * 2), h.highest_equivalent(k_one_hour_ns));
}

TEST(HistogramAccuracy, MeanAndStddevWithinBucketError) {
  std::lognormal_distribution<double> d(std::log(5e7), 1.0);
  const auto values =
      sample(k_samples, 10, [&](auto &rng) { return static_cast<std::int64_t>(d(rng)); });
  const Histogram h = record_all(values);
  double mean = 0;
  for (std::int64_t v : values) {
    mean += static_cast<double>(v) / static_cast<double>(values.size());
  }
  double variance = 0;
  for (std::int64_t v : values) {
    variance += (static_cast<double>(v) - mean) * (static_cast<double>(v) - mean) /
                static_cast<double>(values.size());
  }
  EXPECT_NEAR(h.mean(), mean, mean / 2048);
  EXPECT_NEAR(h.stddev(), std::sqrt(variance), std::sqrt(variance) / 1000);
}
