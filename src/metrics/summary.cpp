#include "metrics/summary.hpp"

#include <array>

namespace chatbench::metrics {

Summary summarize(const Histogram &histogram) {
  static constexpr std::array<double, 5> k_percentiles = {50.0, 90.0, 95.0, 99.0, 99.9};
  const std::vector<std::int64_t> p = histogram.values_at_percentiles(k_percentiles);
  Summary s;
  s.count = histogram.count();
  s.mean = histogram.mean();
  s.min = histogram.min();
  s.max = histogram.max();
  s.p50 = p[0];
  s.p90 = p[1];
  s.p95 = p[2];
  s.p99 = p[3];
  s.p999 = p[4];
  s.stddev = histogram.stddev();
  return s;
}

} // namespace chatbench::metrics
