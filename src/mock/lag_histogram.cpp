#include "mock/lag_histogram.hpp"

#include <algorithm>
#include <bit>

namespace chatbench::mock {

std::size_t LagHistogram::bucket_of(std::uint64_t ns) noexcept {
  if (ns < 16) {
    return static_cast<std::size_t>(ns);
  }
  const auto exponent = static_cast<std::size_t>(std::bit_width(ns) - 1); // >= 4
  const auto mantissa = static_cast<std::size_t>((ns >> (exponent - 4)) & 15U);
  return std::min(16 + (exponent - 4) * 16 + mantissa, k_buckets - 1);
}

std::uint64_t LagHistogram::bucket_value(std::size_t bucket) noexcept {
  if (bucket < 16) {
    return bucket;
  }
  const std::size_t exponent = (bucket - 16) / 16 + 4;
  const std::uint64_t mantissa = (bucket - 16) % 16;
  const std::uint64_t low = (16 + mantissa) << (exponent - 4);
  const std::uint64_t width = std::uint64_t{1} << (exponent - 4);
  return low + width / 2;
}

void LagHistogram::record(std::chrono::nanoseconds lag) noexcept {
  const std::int64_t ns = std::max<std::int64_t>(0, lag.count());
  m_counts[bucket_of(static_cast<std::uint64_t>(ns))].fetch_add(1, std::memory_order_relaxed);
  if (ns > m_max_ns.load(std::memory_order_relaxed)) {
    m_max_ns.store(ns, std::memory_order_relaxed); // single writer
  }
}

void LagHistogram::add_to(std::array<std::uint64_t, k_buckets> &totals,
                          std::int64_t &max_ns) const noexcept {
  for (std::size_t i = 0; i < k_buckets; ++i) {
    totals[i] += m_counts[i].load(std::memory_order_relaxed);
  }
  max_ns = std::max(max_ns, m_max_ns.load(std::memory_order_relaxed));
}

LagSummary LagHistogram::summarize(const std::array<std::uint64_t, k_buckets> &totals,
                                   std::int64_t max_ns) noexcept {
  LagSummary summary;
  for (const std::uint64_t c : totals) {
    summary.count += c;
  }
  summary.max = std::chrono::nanoseconds(max_ns);
  if (summary.count == 0) {
    return summary;
  }
  const auto at = [&](double q) {
    const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(summary.count - 1)) + 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < k_buckets; ++i) {
      seen += totals[i];
      if (seen >= rank) {
        const auto value = static_cast<std::int64_t>(bucket_value(i));
        return std::chrono::nanoseconds(std::min(value, max_ns));
      }
    }
    return summary.max;
  };
  summary.p50 = at(0.50);
  summary.p90 = at(0.90);
  summary.p99 = at(0.99);
  summary.p999 = at(0.999);
  return summary;
}

} // namespace chatbench::mock
