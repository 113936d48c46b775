// Merging: N worker histograms equal one histogram of all their values, exactly; compatible
// configurations (finer into coarser, different highest values) merge exactly too; a coarser
// histogram is refused without changing the target.
#include "metrics/histogram.hpp"
#include "metrics/summary.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <vector>

using chatbench::ErrorCode;
using chatbench::metrics::Histogram;
using chatbench::metrics::HistogramBucket;
using chatbench::metrics::HistogramConfig;
using chatbench::metrics::k_one_hour_ns;
using chatbench::metrics::summarize;

namespace {

std::vector<HistogramBucket> buckets_of(const Histogram &h) {
  std::vector<HistogramBucket> out;
  h.for_each_bucket([&](const HistogramBucket &b) { out.push_back(b); });
  return out;
}

// A mix of latencies, exact small values, overflows and negatives.
std::vector<std::int64_t> mixed_values(std::uint64_t seed, std::size_t n) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> latency(std::log(3e7), 1.2);
  std::uniform_int_distribution<std::int64_t> small(-3, 3000);
  std::uniform_int_distribution<std::int64_t> huge(k_one_hour_ns + 1, k_one_hour_ns * 5);
  std::uniform_int_distribution<int> kind(0, 99);
  std::vector<std::int64_t> values;
  for (std::size_t i = 0; i < n; ++i) {
    const int k = kind(rng);
    values.push_back(k < 90   ? static_cast<std::int64_t>(latency(rng))
                     : k < 99 ? small(rng)
                              : huge(rng));
  }
  return values;
}

} // namespace

TEST(HistogramMerge, WorkersMergedEqualOneHistogramOfAllValues) {
  constexpr int k_workers = 8;
  Histogram all;
  std::vector<Histogram> workers(k_workers);
  for (int w = 0; w < k_workers; ++w) {
    for (std::int64_t v : mixed_values(100 + static_cast<std::uint64_t>(w), 20000)) {
      workers[static_cast<std::size_t>(w)].record(v);
      all.record(v);
    }
  }
  Histogram merged;
  for (const Histogram &w : workers) {
    ASSERT_TRUE(merged.merge(w).has_value());
  }
  EXPECT_EQ(merged, all);
  EXPECT_EQ(buckets_of(merged), buckets_of(all));
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_EQ(merged.overflow_count(), all.overflow_count());
  EXPECT_GT(merged.overflow_count(), 0u);
  EXPECT_EQ(merged.underflow_count(), all.underflow_count());
  EXPECT_GT(merged.underflow_count(), 0u);
  EXPECT_EQ(summarize(merged), summarize(all));
}

TEST(HistogramMerge, MergeOrderDoesNotMatter) {
  Histogram a;
  Histogram b;
  for (std::int64_t v : mixed_values(1, 5000)) {
    a.record(v);
  }
  for (std::int64_t v : mixed_values(2, 5000)) {
    b.record(v);
  }
  Histogram ab = a;
  Histogram ba = b;
  ASSERT_TRUE(ab.merge(b).has_value());
  ASSERT_TRUE(ba.merge(a).has_value());
  EXPECT_EQ(ab, ba);
}

TEST(HistogramMerge, EmptyOperandsAndSelfMerge) {
  Histogram h;
  for (std::int64_t v : mixed_values(3, 1000)) {
    h.record(v);
  }
  const Histogram before = h;
  ASSERT_TRUE(h.merge(Histogram()).has_value());
  EXPECT_EQ(h, before);

  Histogram empty;
  ASSERT_TRUE(empty.merge(before).has_value());
  EXPECT_EQ(empty, before);

  ASSERT_TRUE(h.merge(h).has_value());
  Histogram twice = before;
  for (std::int64_t v : mixed_values(3, 1000)) {
    twice.record(v);
  }
  EXPECT_EQ(h, twice);
  EXPECT_EQ(h.count(), 2 * before.count());
}

TEST(HistogramMerge, FinerResolutionMergesExactlyIntoCoarser) {
  const HistogramConfig coarse{1000, k_one_hour_ns, 2};
  Histogram target = Histogram::create(coarse).value();
  Histogram direct = Histogram::create(coarse).value();
  Histogram fine; // 3 digits from 1 ns
  for (std::int64_t v : mixed_values(4, 20000)) {
    fine.record(v);
    direct.record(v);
  }
  ASSERT_TRUE(target.merge(fine).has_value());
  EXPECT_EQ(target, direct);
}

TEST(HistogramMerge, SmallerHighestMergesIntoLarger) {
  const std::int64_t minute = 60'000'000'000;
  Histogram small = Histogram::create({1, minute, 3}).value();
  Histogram target;
  Histogram direct;
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<std::int64_t> d(0, minute);
  for (int i = 0; i < 20000; ++i) {
    const std::int64_t v = d(rng);
    small.record(v);
    direct.record(v);
  }
  ASSERT_TRUE(target.merge(small).has_value());
  EXPECT_EQ(target, direct);
}

TEST(HistogramMerge, LargerHighestClampsIntoSmallerAsOverflows) {
  const std::int64_t minute = 60'000'000'000;
  Histogram target = Histogram::create({1, minute, 3}).value();
  Histogram direct = Histogram::create({1, minute, 3}).value();
  Histogram wide;
  std::mt19937_64 rng(6);
  std::uniform_int_distribution<std::int64_t> below(0, minute);
  std::uniform_int_distribution<std::int64_t> above(minute * 11 / 10, k_one_hour_ns * 2);
  for (int i = 0; i < 20000; ++i) {
    const std::int64_t v = i % 10 == 0 ? above(rng) : below(rng);
    wide.record(v);
    direct.record(v);
  }
  ASSERT_TRUE(target.merge(wide).has_value());
  EXPECT_EQ(target, direct);
  EXPECT_EQ(target.overflow_count(), 2000u);
  EXPECT_EQ(target.max(), wide.max());
}

TEST(HistogramMerge, CoarserResolutionIsRefusedAndTargetUnchanged) {
  Histogram target;
  target.record(42);
  const Histogram before = target;
  for (const HistogramConfig &config :
       {HistogramConfig{1, k_one_hour_ns, 2}, HistogramConfig{4, k_one_hour_ns, 3}}) {
    Histogram coarse = Histogram::create(config).value();
    coarse.record(1'000'000);
    const auto merged = target.merge(coarse);
    ASSERT_FALSE(merged.has_value());
    EXPECT_EQ(merged.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(merged.error().message.find("lose precision"), std::string::npos);
    EXPECT_EQ(target, before);
  }
}
