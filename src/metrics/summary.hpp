#pragma once
// The numbers every latency report shows, computed from one histogram in a few passes over its
// buckets. Units are the histogram's (nanoseconds for latencies). Pure; thread-safe for distinct
// or unchanging histograms.
#include "metrics/histogram.hpp"

#include <cstdint>

namespace chatbench::metrics {

/// Percentiles follow Histogram::value_at_percentile (nearest rank, < 0.1% high with 3 digits,
/// within [min, max]); mean and stddev follow Histogram::mean and Histogram::stddev. All zero
/// for an empty histogram.
struct Summary {
  std::uint64_t count = 0;
  double mean = 0;
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::int64_t p50 = 0;
  std::int64_t p90 = 0;
  std::int64_t p95 = 0;
  std::int64_t p99 = 0;
  std::int64_t p999 = 0;
  double stddev = 0;

  friend bool operator==(const Summary &, const Summary &) = default;
};

Summary summarize(const Histogram &histogram);

} // namespace chatbench::metrics
