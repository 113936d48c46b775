#pragma once
// Emission lag (actual send time - scheduled time) as a fixed log-linear histogram: 16 buckets
// per power of two, so a percentile is within about 3% of the true value; values from 0 ns to
// about 18 minutes; 5 KiB per instance. One writer (the I/O thread that owns it) and any number
// of readers: counters are relaxed atomics, so a reader sees a consistent-enough snapshot.
// Merging snapshots from several threads gives the server-wide figures.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace chatbench::mock {

struct LagSummary {
  std::uint64_t count = 0;
  std::chrono::nanoseconds p50{};
  std::chrono::nanoseconds p90{};
  std::chrono::nanoseconds p99{};
  std::chrono::nanoseconds p999{};
  std::chrono::nanoseconds max{};
};

class LagHistogram {
public:
  static constexpr std::size_t k_buckets = 16 + 37 * 16;

  /// Negative lags (a write before its time cannot happen, but clocks are clocks) count as 0.
  void record(std::chrono::nanoseconds lag) noexcept;
  /// Adds this histogram's counts into `totals` (plain counters, the caller's).
  void add_to(std::array<std::uint64_t, k_buckets> &totals, std::int64_t &max_ns) const noexcept;

  static std::size_t bucket_of(std::uint64_t ns) noexcept;
  /// The midpoint of a bucket's value range, in ns.
  static std::uint64_t bucket_value(std::size_t bucket) noexcept;
  static LagSummary summarize(const std::array<std::uint64_t, k_buckets> &totals,
                              std::int64_t max_ns) noexcept;

private:
  std::array<std::atomic<std::uint64_t>, k_buckets> m_counts{};
  std::atomic<std::int64_t> m_max_ns{0};
};

} // namespace chatbench::mock
