#pragma once
// A log-linear (HdrHistogram-style) histogram of non-negative integer values, usually latencies
// in nanoseconds: constant-time recording, fixed relative precision, exact merging, a compact
// text encoding for saving and merging across runs.
//
// Layout. Values are counted in buckets whose width grows with the value: with d significant
// digits there are H = 2^ceil(log2(2*10^d)) / 2 buckets per power of two (d = 3: H = 1024), so
// any value v >= H * unit lies in a bucket at most v / H wide (d = 3: a bucket's values differ
// by less than 1/1024, under 0.1%), and smaller values lie in buckets exactly `unit` wide, where
// unit is the largest power of two <= lowest_discernible (1 by default: values below 2048 are
// exact). The counts form one flat index space split into rows of H counters, one row per power
// of two; a row is allocated the first time a value falls into it, so memory follows the range
// of the data.
//
// Memory (defaults: 1 ns .. 1 h, 3 digits): 33 rows of 1024 x 8 bytes; 8 KiB per row in use, at
// most 264 KiB, plus ~1.6 KiB fixed (sizeof(Histogram)). Latencies spanning 1 ms .. 10 s use 15
// rows (120 KiB); inter-token latencies of 10 .. 100 ms use 4 rows (32 KiB). memory_bytes() says.
//
// Out-of-range values are never lost. A value above highest_trackable is counted in the last
// bucket (its value clamped) and in overflow_count(); a negative value is counted as 0 and in
// underflow_count(). min() and max() are exact over the values as recorded (negatives as 0).
//
// Thread-safety: none inside. One histogram per worker, merged after join. const methods may run
// concurrently with each other, not with a mutating call. A moved-from histogram may be assigned
// to or destroyed; other calls on it are memory-safe but its contents are unspecified.
#include "util/result.hpp"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::metrics {

/// One hour in nanoseconds: the default highest trackable value.
inline constexpr std::int64_t k_one_hour_ns = 3'600'000'000'000;

struct HistogramConfig {
  std::int64_t lowest_discernible = 1;            ///< >= 1; rounded down to a power of two
  std::int64_t highest_trackable = k_one_hour_ns; ///< >= 2 * lowest_discernible
  int significant_digits = 3;                     ///< 1..5

  friend bool operator==(const HistogramConfig &, const HistogramConfig &) = default;
};

/// A non-empty bucket as visited by for_each_bucket: every value v with lowest <= v <= highest
/// (its "equivalent" values) was counted here. The last bucket also holds clamped overflows.
struct HistogramBucket {
  std::int64_t lowest = 0;
  std::int64_t highest = 0;
  std::uint64_t count = 0;

  friend bool operator==(const HistogramBucket &, const HistogramBucket &) = default;
};

class Histogram {
public:
  /// An empty histogram with the default HistogramConfig.
  Histogram();

  /// An empty histogram; an ErrorCode::invalid_argument error names the offending field when
  /// lowest_discernible < 1, highest_trackable < 2 * lowest_discernible, or significant_digits is
  /// outside 1..5 (or the combination needs more than 63 bits).
  static Result<Histogram> create(const HistogramConfig &config);

  const HistogramConfig &config() const noexcept { return m_config; }

  // --- Recording. Amortised O(1), no atomics. The first value in a new row allocates 8 KiB
  // (defaults); std::bad_alloc propagates. Counts wrap modulo 2^64 (never in practice).

  /// Counts `value` once.
  void record(std::int64_t value) { record(value, 1); }
  /// Counts `value` `count` times; count == 0 does nothing.
  void record(std::int64_t value, std::uint64_t count);
  /// Coordinated-omission correction as hdr_record_corrected_value: records `value`, then, if
  /// expected_interval > 0 and value > expected_interval, also value - k * expected_interval for
  /// k = 1, 2, ... while that is >= expected_interval (the samples a stalled closed-loop client
  /// failed to send). Runs in O(buckets touched), not O(samples back-filled).
  void record_corrected(std::int64_t value, std::int64_t expected_interval);

  /// Adds every count of `other` (self-merge doubles). Exact, like recording other's values here,
  /// when other's resolution is at least this one's: other's significant_digits >= this one's and
  /// other's lowest_discernible (as a power of two) <= this one's. Highest values may differ:
  /// other's buckets above this highest_trackable are clamped and counted as overflows. Otherwise
  /// an ErrorCode::invalid_argument error and this histogram is unchanged.
  Result<void> merge(const Histogram &other);

  /// Empties the histogram and keeps its configuration and allocated rows.
  void reset() noexcept;

  // --- Queries. An empty histogram reports 0 for all of them.

  std::uint64_t count() const noexcept { return m_total; }
  std::int64_t min() const noexcept { return m_total == 0 ? 0 : m_min; }
  std::int64_t max() const noexcept { return m_total == 0 ? 0 : m_max; }
  /// Number of values recorded above highest_trackable (clamped into the last bucket).
  std::uint64_t overflow_count() const noexcept { return m_overflow; }
  /// Number of negative values recorded (counted as 0).
  std::uint64_t underflow_count() const noexcept { return m_underflow; }

  /// Mean and population standard deviation, each bucket standing for its midpoint clamped to
  /// [min, max] (as HdrHistogram): the mean is within 1/(2H) of the true mean, relative.
  /// O(buckets).
  double mean() const noexcept;
  double stddev() const noexcept;

  /// The value at or below which `percentile`% of the recorded values fall: the value of rank
  /// r = max(1, ceil(percentile / 100 * count())) in ascending order (nearest rank, as
  /// HdrHistogram's Java getValueAtPercentile). Reported as the highest value equivalent to that
  /// value's bucket, so never below the true value and above it by less than 1/H relative, then
  /// clamped to [min(), max()]; rank 1 (so percentile 0) is min() and rank count() is max(),
  /// exactly. `percentile` is clamped to [0, 100]; NaN counts as 0. O(buckets).
  std::int64_t value_at_percentile(double percentile) const noexcept;
  /// value_at_percentile for several percentiles (any order) in a single pass.
  std::vector<std::int64_t> values_at_percentiles(std::span<const double> percentiles) const;

  /// The smallest and largest values counted in the same bucket as `value` (negative values as 0,
  /// values above highest_trackable as highest_trackable).
  std::int64_t lowest_equivalent(std::int64_t value) const noexcept;
  std::int64_t highest_equivalent(std::int64_t value) const noexcept;

  /// Calls on_bucket(const HistogramBucket&) for every non-empty bucket, in ascending order.
  template <class OnBucket> void for_each_bucket(OnBucket &&on_bucket) const;

  /// Bytes owned: sizeof(Histogram) plus the allocated rows.
  std::size_t memory_bytes() const noexcept;

  // --- Encoding (histogram_codec.cpp). One line of printable ASCII, no spaces inside fields:
  //
  //   chatbench-hist/1 lowest=1 highest=3600000000000 digits=3 count=3 min=5 max=9000
  //                    overflow=0 underflow=0 counts=BQAB...
  //
  // fields in exactly this order, single spaces, decimal integers. `counts` is base64url
  // (RFC 4648 section 5, no padding) of a byte string of LEB128 unsigned varints walking the
  // flat bucket index space from 0 upwards: a non-zero varint c means "the next bucket holds c",
  // a zero varint followed by a varint n >= 1 means "the next n buckets are empty". It ends at
  // the last non-empty bucket. A sparse histogram costs ~100 bytes of header plus ~1-4 bytes per
  // non-empty bucket. The version after "/" changes with any incompatible change.

  /// Never fails for a valid histogram.
  std::string encode() const;
  /// The histogram `text` encodes, or an ErrorCode::invalid_argument error naming the field or
  /// byte offset at fault (wrong magic or version, a missing, misplaced or non-numeric field, an
  /// invalid configuration, bad base64, a truncated varint, a bucket beyond the configured range,
  /// counts that do not sum to `count`, min > max, ...). Never crashes on any input (fuzzed).
  /// min and max are not checked against the buckets' positions (after a merge of histograms
  /// with different highest values they need not match), so an edited min or max goes unnoticed.
  static Result<Histogram> decode(std::string_view text);

  /// Same configuration, counts, min, max, overflow and underflow counts (allocation ignored).
  friend bool operator==(const Histogram &a, const Histogram &b) noexcept;

private:
  static constexpr std::size_t k_max_rows = 64;
  using Row = std::vector<std::uint64_t>;

  explicit Histogram(const HistogramConfig &config); // config already validated
  /// What is wrong with `config`, or an empty string when it is valid.
  static std::string problem_with(const HistogramConfig &config);
  std::optional<std::uint64_t> read_counts(std::string_view bytes, std::string &problem);

  template <class OnCount> void for_each_count(OnCount &&on_count) const;

  std::size_t index_of(std::uint64_t value) const noexcept;
  HistogramBucket bucket_at(std::size_t index, std::uint64_t count) const noexcept;
  std::uint64_t &counter(std::size_t index);
  void record_out_of_range(std::int64_t value, std::uint64_t count);
  void backfill(std::int64_t top, std::int64_t interval);
  void add_counts_same_layout(const Histogram &other);
  void add_counts_remapped(const Histogram &other);
  std::uint64_t rank_of(double percentile) const noexcept;
  std::int64_t reported_value(std::size_t index) const noexcept;

  HistogramConfig m_config;
  int m_unit_magnitude = 0;      // log2 of the narrowest bucket's width
  int m_half_magnitude = 0;      // log2 of H, the counters per row
  std::uint64_t m_sub_mask = 0;  // 2H - 1: forces the index formula's minimum shift to 0
  std::size_t m_clamp_index = 0; // the bucket of highest_trackable
  std::uint64_t m_total = 0;
  std::uint64_t m_overflow = 0;
  std::uint64_t m_underflow = 0;
  std::int64_t m_min = std::numeric_limits<std::int64_t>::max();
  std::int64_t m_max = 0;
  std::array<Row, k_max_rows> m_rows; // empty = not allocated (all zero)
};

// The hot path, inline. Bucket index of a value u (in units of the narrowest bucket): with
// s = max(0, bit_width(u) - log2(2H)), index = s * H + (u >> s). Rows are index / H.
inline std::size_t Histogram::index_of(std::uint64_t value) const noexcept {
  const std::uint64_t units = value >> m_unit_magnitude;
  const int shift = static_cast<int>(std::bit_width(units | m_sub_mask)) - m_half_magnitude - 1;
  return (static_cast<std::size_t>(shift) << m_half_magnitude) +
         static_cast<std::size_t>(units >> shift);
}

inline std::uint64_t &Histogram::counter(std::size_t index) {
  Row &row = m_rows[index >> m_half_magnitude];
  if (row.empty()) [[unlikely]] {
    row.resize(std::size_t{1} << m_half_magnitude);
  }
  return row[index & ((std::size_t{1} << m_half_magnitude) - 1)];
}

inline void Histogram::record(std::int64_t value, std::uint64_t count) {
  // One unsigned comparison catches both negative values and values above the range.
  if (static_cast<std::uint64_t>(value) > static_cast<std::uint64_t>(m_config.highest_trackable))
      [[unlikely]] {
    record_out_of_range(value, count);
    return;
  }
  if (count == 0) [[unlikely]] {
    return;
  }
  counter(index_of(static_cast<std::uint64_t>(value))) += count;
  m_total += count;
  m_min = value < m_min ? value : m_min;
  m_max = value > m_max ? value : m_max;
}

// Calls on_count(std::size_t index, std::uint64_t count) for every non-zero counter, ascending.
template <class OnCount> void Histogram::for_each_count(OnCount &&on_count) const {
  const std::size_t row_size = std::size_t{1} << m_half_magnitude;
  for (std::size_t r = 0; r < m_rows.size(); ++r) {
    const Row &row = m_rows[r];
    for (std::size_t col = 0; col < row.size(); ++col) {
      if (row[col] != 0) {
        on_count(r * row_size + col, row[col]);
      }
    }
  }
}

template <class OnBucket> void Histogram::for_each_bucket(OnBucket &&on_bucket) const {
  for_each_count(
      [&](std::size_t index, std::uint64_t count) { on_bucket(bucket_at(index, count)); });
}

} // namespace chatbench::metrics
