#include "metrics/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace chatbench::metrics {
namespace {

struct Layout {
  int unit_magnitude = 0; // log2 of the narrowest bucket's width
  int half_magnitude = 0; // log2 of the buckets per power of two
};

// As HdrHistogram: 2 * 10^d values must be told apart at unit resolution, so a power of two holds
// 2^ceil(log2(2 * 10^d)) / 2 buckets. Assumes 1 <= digits <= 5 and lowest >= 1.
Layout layout_of(const HistogramConfig &config) noexcept {
  std::uint64_t distinct = 2;
  for (int i = 0; i < config.significant_digits; ++i) {
    distinct *= 10;
  }
  const auto lowest = static_cast<std::uint64_t>(config.lowest_discernible);
  return {static_cast<int>(std::bit_width(lowest)) - 1,
          static_cast<int>(std::bit_width(distinct - 1)) - 1};
}

// The value a bucket stands for in mean and stddev: its midpoint, kept inside the exact range.
double representative(const HistogramBucket &bucket, std::int64_t min, std::int64_t max) {
  const std::int64_t mid = bucket.lowest + (bucket.highest - bucket.lowest + 1) / 2;
  return static_cast<double>(std::clamp(mid, min, max));
}

} // namespace

Histogram::Histogram() : Histogram(HistogramConfig{}) {}

Histogram::Histogram(const HistogramConfig &config) : m_config(config) {
  const Layout layout = layout_of(config);
  m_unit_magnitude = layout.unit_magnitude;
  m_half_magnitude = layout.half_magnitude;
  m_sub_mask = (std::uint64_t{2} << m_half_magnitude) - 1;
  m_clamp_index = index_of(static_cast<std::uint64_t>(config.highest_trackable));
}

std::string Histogram::problem_with(const HistogramConfig &config) {
  if (config.significant_digits < 1 || config.significant_digits > 5) {
    return "significant_digits must be 1..5, found " + std::to_string(config.significant_digits);
  }
  if (config.lowest_discernible < 1) {
    return "lowest_discernible must be >= 1, found " + std::to_string(config.lowest_discernible);
  }
  if (config.highest_trackable / 2 < config.lowest_discernible) {
    return "highest_trackable must be >= 2 * lowest_discernible (" +
           std::to_string(config.lowest_discernible) + "), found " +
           std::to_string(config.highest_trackable);
  }
  // Keeps every bucket's value range inside int64 (the same bound as HdrHistogram's).
  const Layout layout = layout_of(config);
  if (layout.unit_magnitude + layout.half_magnitude > 61) {
    return "lowest_discernible " + std::to_string(config.lowest_discernible) + " with " +
           std::to_string(config.significant_digits) + " significant digits needs > 63 bits";
  }
  return {};
}

Result<Histogram> Histogram::create(const HistogramConfig &config) {
  if (std::string problem = problem_with(config); !problem.empty()) {
    return make_error(ErrorCode::invalid_argument, "histogram: " + problem);
  }
  return Histogram(config);
}

void Histogram::record_out_of_range(std::int64_t value, std::uint64_t count) {
  if (count == 0) {
    return;
  }
  if (value < 0) {
    counter(0) += count;
    m_underflow += count;
    m_min = 0;
  } else {
    counter(m_clamp_index) += count;
    m_overflow += count;
    m_min = std::min(m_min, value);
    m_max = std::max(m_max, value);
  }
  m_total += count;
}

void Histogram::record_corrected(std::int64_t value, std::int64_t expected_interval) {
  record(value);
  if (expected_interval > 0 && value > expected_interval) {
    backfill(value - expected_interval, expected_interval);
  }
}

// The back-filled values are top, top - interval, ... down to the last one >= interval. The
// members that share a bucket are counted in one step, so a one-hour stall at a 1 ns interval
// costs one step per bucket instead of 3.6e12 records.
void Histogram::backfill(std::int64_t top, std::int64_t interval) {
  const std::int64_t highest = m_config.highest_trackable;
  std::int64_t current = top;
  while (current >= interval) {
    const std::int64_t floor_value =
        current > highest ? highest + 1 : std::max(lowest_equivalent(current), interval);
    const std::int64_t steps = (current - floor_value) / interval;
    const std::int64_t smallest = current - steps * interval;
    record(smallest, static_cast<std::uint64_t>(steps) + 1);
    current = smallest - interval;
  }
}

Result<void> Histogram::merge(const Histogram &other) {
  if (other.m_unit_magnitude > m_unit_magnitude || other.m_half_magnitude < m_half_magnitude) {
    const auto describe = [](const HistogramConfig &c) {
      return std::to_string(c.significant_digits) + " digits from " +
             std::to_string(c.lowest_discernible);
    };
    return make_error(ErrorCode::invalid_argument,
                      "histogram: cannot merge a histogram of " + describe(other.m_config) +
                          " into one of " + describe(m_config) +
                          ": its buckets are wider, so the merge would lose precision");
  }
  if (other.m_total == 0) {
    return {};
  }
  if (other.m_config == m_config) {
    add_counts_same_layout(other);
  } else {
    add_counts_remapped(other);
  }
  m_underflow += other.m_underflow;
  m_total += other.m_total;
  m_min = std::min(m_min, other.m_min);
  m_max = std::max(m_max, other.m_max);
  return {};
}

// Row by row, so the loop vectorises; also correct for a self-merge.
void Histogram::add_counts_same_layout(const Histogram &other) {
  for (std::size_t r = 0; r < k_max_rows; ++r) {
    const Row &source = other.m_rows[r];
    if (source.empty()) {
      continue;
    }
    Row &target = m_rows[r];
    if (target.empty()) {
      target.resize(source.size());
    }
    for (std::size_t col = 0; col < source.size(); ++col) {
      target[col] += source[col];
    }
  }
  m_overflow += other.m_overflow;
}

// Each of other's buckets lies inside one of ours (its buckets are no wider), so counting it at
// its lowest value is exact. Buckets above our range are clamped and become overflows; other's
// own overflows, which sit in its last bucket, are either among those or kept as they are.
void Histogram::add_counts_remapped(const Histogram &other) {
  std::uint64_t above = 0;
  other.for_each_bucket([&](const HistogramBucket &bucket) {
    if (bucket.lowest > m_config.highest_trackable) {
      counter(m_clamp_index) += bucket.count;
      above += bucket.count;
    } else {
      counter(index_of(static_cast<std::uint64_t>(bucket.lowest))) += bucket.count;
    }
  });
  m_overflow += std::max(above, other.m_overflow);
}

void Histogram::reset() noexcept {
  for (Row &row : m_rows) {
    std::fill(row.begin(), row.end(), std::uint64_t{0});
  }
  m_total = 0;
  m_overflow = 0;
  m_underflow = 0;
  m_min = std::numeric_limits<std::int64_t>::max();
  m_max = 0;
}

double Histogram::mean() const noexcept {
  if (m_total == 0) {
    return 0;
  }
  double sum = 0;
  for_each_bucket([&](const HistogramBucket &bucket) {
    sum += representative(bucket, m_min, m_max) * static_cast<double>(bucket.count);
  });
  return sum / static_cast<double>(m_total);
}

double Histogram::stddev() const noexcept {
  if (m_total == 0) {
    return 0;
  }
  const double average = mean();
  double sum = 0;
  for_each_bucket([&](const HistogramBucket &bucket) {
    const double deviation = representative(bucket, m_min, m_max) - average;
    sum += deviation * deviation * static_cast<double>(bucket.count);
  });
  return std::sqrt(sum / static_cast<double>(m_total));
}

// Nearest rank. p / 100 * count carries about two ulps of rounding error; shaving four keeps an
// exact integer (p = 29, count = 100 gives 28.999... or 29.000...04) from being pushed up a rank.
std::uint64_t Histogram::rank_of(double percentile) const noexcept {
  if (!(percentile > 0.0)) {
    return 1;
  }
  if (percentile >= 100.0) {
    return m_total;
  }
  const double exact = percentile / 100.0 * static_cast<double>(m_total);
  const double rank = std::ceil(exact - exact * 4 * std::numeric_limits<double>::epsilon());
  if (rank <= 1.0) {
    return 1;
  }
  if (rank >= static_cast<double>(m_total)) {
    return m_total;
  }
  return static_cast<std::uint64_t>(rank);
}

std::int64_t Histogram::reported_value(std::size_t index) const noexcept {
  return std::clamp(bucket_at(index, 0).highest, m_min, m_max);
}

std::int64_t Histogram::value_at_percentile(double percentile) const noexcept {
  if (m_total == 0) {
    return 0;
  }
  const std::uint64_t rank = rank_of(percentile);
  if (rank == 1) {
    return m_min;
  }
  if (rank == m_total) {
    return m_max;
  }
  const std::size_t row_size = std::size_t{1} << m_half_magnitude;
  std::uint64_t cumulative = 0;
  for (std::size_t r = 0; r < k_max_rows; ++r) {
    const Row &row = m_rows[r];
    for (std::size_t col = 0; col < row.size(); ++col) {
      cumulative += row[col];
      if (cumulative >= rank) {
        return reported_value(r * row_size + col);
      }
    }
  }
  return m_max; // unreachable while the counts sum to m_total
}

std::vector<std::int64_t>
Histogram::values_at_percentiles(std::span<const double> percentiles) const {
  std::vector<std::int64_t> values(percentiles.size(), 0);
  if (m_total == 0) {
    return values;
  }
  struct Wanted {
    std::uint64_t rank;
    std::size_t slot;
  };
  std::vector<Wanted> wanted;
  wanted.reserve(percentiles.size());
  for (std::size_t i = 0; i < percentiles.size(); ++i) {
    const std::uint64_t rank = rank_of(percentiles[i]);
    if (rank == 1 || rank == m_total) {
      values[i] = rank == 1 ? m_min : m_max;
    } else {
      wanted.push_back({rank, i});
    }
  }
  std::sort(wanted.begin(), wanted.end(),
            [](const Wanted &a, const Wanted &b) { return a.rank < b.rank; });
  std::size_t next = 0;
  std::uint64_t cumulative = 0;
  for_each_count([&](std::size_t index, std::uint64_t count) {
    cumulative += count;
    for (; next < wanted.size() && wanted[next].rank <= cumulative; ++next) {
      values[wanted[next].slot] = reported_value(index);
    }
  });
  for (; next < wanted.size(); ++next) { // unreachable while the counts sum to m_total
    values[wanted[next].slot] = m_max;
  }
  return values;
}

HistogramBucket Histogram::bucket_at(std::size_t index, std::uint64_t count) const noexcept {
  const std::size_t row = index >> m_half_magnitude;
  const std::uint64_t half = std::uint64_t{1} << m_half_magnitude;
  const std::uint64_t col = index & (half - 1);
  // Row 0 holds [0, H) and row r >= 1 holds [H, 2H) << (r - 1), in units.
  const int shift = row == 0 ? 0 : static_cast<int>(row) - 1;
  const std::uint64_t sub = row == 0 ? col : col + half;
  const std::uint64_t lowest = (sub << shift) << m_unit_magnitude;
  const std::uint64_t width = std::uint64_t{1} << (shift + m_unit_magnitude);
  return {static_cast<std::int64_t>(lowest), static_cast<std::int64_t>(lowest + (width - 1)),
          count};
}

std::int64_t Histogram::lowest_equivalent(std::int64_t value) const noexcept {
  const std::int64_t v = std::clamp(value, std::int64_t{0}, m_config.highest_trackable);
  return bucket_at(index_of(static_cast<std::uint64_t>(v)), 0).lowest;
}

std::int64_t Histogram::highest_equivalent(std::int64_t value) const noexcept {
  const std::int64_t v = std::clamp(value, std::int64_t{0}, m_config.highest_trackable);
  return bucket_at(index_of(static_cast<std::uint64_t>(v)), 0).highest;
}

std::size_t Histogram::memory_bytes() const noexcept {
  std::size_t bytes = sizeof(Histogram);
  for (const Row &row : m_rows) {
    bytes += row.capacity() * sizeof(std::uint64_t);
  }
  return bytes;
}

bool operator==(const Histogram &a, const Histogram &b) noexcept {
  if (a.m_config != b.m_config || a.m_total != b.m_total || a.min() != b.min() ||
      a.max() != b.max() || a.m_overflow != b.m_overflow || a.m_underflow != b.m_underflow) {
    return false;
  }
  const auto all_zero = [](const Histogram::Row &row) {
    return std::all_of(row.begin(), row.end(), [](std::uint64_t c) { return c == 0; });
  };
  for (std::size_t r = 0; r < Histogram::k_max_rows; ++r) {
    const Histogram::Row &x = a.m_rows[r];
    const Histogram::Row &y = b.m_rows[r];
    const bool same = x.empty() || y.empty() ? all_zero(x) && all_zero(y) : x == y;
    if (!same) {
      return false;
    }
  }
  return true;
}

} // namespace chatbench::metrics
