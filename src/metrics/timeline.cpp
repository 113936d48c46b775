#include "metrics/timeline.hpp"

#include <algorithm>
#include <bit>
#include <string>

namespace chatbench::metrics {
namespace {

bool within(std::int64_t value, std::int64_t limit) noexcept {
  return limit < 0 || value <= limit;
}

std::int64_t longest_gap(const RequestRecord &record) noexcept {
  std::int64_t longest = -1;
  for (const std::int64_t gap : record.itl_ns) {
    longest = std::max(longest, gap);
  }
  return longest;
}

// The counts of `from` into `to`; in_flight is derived later from the deltas.
void add_counts(TimelineBucket &to, const TimelineBucket &from) noexcept {
  to.sent += from.sent;
  to.done += from.done;
  to.ok += from.ok;
  to.failed += from.failed;
  to.good += from.good;
  to.output_tokens += from.output_tokens;
}

} // namespace

bool meets_slo(const RequestRecord &record, const Slo &slo) noexcept {
  return record.ok() && within(span_ns(record.intended_ns, record.first_token_ns), slo.ttft_ns) &&
         within(span_ns(record.intended_ns, record.done_ns), slo.e2e_ns) &&
         within(tpot_ns(record), slo.tpot_ns) && within(longest_gap(record), slo.itl_max_ns);
}

Timeline::Timeline(std::int64_t start_ns, std::int64_t bucket_ns, Slo slo)
    : m_start_ns(start_ns), m_bucket_ns(std::max<std::int64_t>(1, bucket_ns)), m_slo(slo) {}

Result<Timeline> Timeline::restore(std::int64_t bucket_ns, Slo slo,
                                   std::span<const TimelineBucket> buckets,
                                   std::uint64_t good_requests) {
  if (bucket_ns < 1) {
    return make_error(ErrorCode::invalid_argument,
                      "bucket width " + std::to_string(bucket_ns) + " ns is below 1 ns");
  }
  if (buckets.size() > k_max_buckets) {
    return make_error(ErrorCode::invalid_argument, std::to_string(buckets.size()) +
                                                       " buckets, more than " +
                                                       std::to_string(k_max_buckets));
  }
  if (!buckets.empty() && buckets.back().sent == 0 && buckets.back().done == 0) {
    return make_error(ErrorCode::invalid_argument, "bucket " + std::to_string(buckets.size() - 1) +
                                                       " is the last and saw nothing sent or done");
  }
  Timeline out(0, bucket_ns, slo);
  out.m_buckets.assign(buckets.begin(), buckets.end());
  // One more bucket than given: it holds the decrement of whatever was still in flight at the
  // last bucket's start, as add() leaves it.
  out.m_in_flight_delta.assign(buckets.size() + 1, 0);
  std::int64_t previous = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i].in_flight < 0) {
      return make_error(ErrorCode::invalid_argument,
                        "bucket " + std::to_string(i) + " has a negative in_flight");
    }
    out.m_buckets[i].in_flight = 0; // unused here, derived from the deltas
    out.m_in_flight_delta[i] = buckets[i].in_flight - previous;
    previous = buckets[i].in_flight;
  }
  out.m_in_flight_delta.back() = -previous;
  out.m_buckets.emplace_back();
  out.m_good = good_requests;
  return out;
}

// The bucket of t_ns (rounded down, or up to the next bucket start), coarsening first when it
// lies beyond k_max_buckets. Indices may coarsen the timeline, so callers take every index of a
// record before using any: see add().
std::size_t Timeline::index(std::int64_t t_ns, bool round_up) {
  const std::int64_t offset = std::max<std::int64_t>(0, t_ns - m_start_ns);
  const auto at = [&] {
    return (offset + (round_up ? m_bucket_ns - 1 : 0)) / m_bucket_ns;
  };
  while (at() >= static_cast<std::int64_t>(k_max_buckets)) {
    coarsen();
  }
  return static_cast<std::size_t>(at());
}

std::size_t Timeline::index_floor(std::int64_t t_ns) {
  return index(t_ns, false);
}
std::size_t Timeline::index_ceil(std::int64_t t_ns) {
  return index(t_ns, true);
}

void Timeline::ensure(std::size_t index) {
  if (index >= m_buckets.size()) {
    m_buckets.resize(index + 1);
    m_in_flight_delta.resize(index + 1);
  }
}

// Doubles the width: bucket j takes old buckets 2j and 2j+1. The in-flight count at new start j
// is the old count at start 2j, so delta j sums old deltas 2j-1 and 2j.
void Timeline::coarsen() {
  std::vector<TimelineBucket> buckets((m_buckets.size() + 1) / 2);
  std::vector<std::int64_t> deltas(buckets.size() + 1);
  for (std::size_t i = 0; i < m_buckets.size(); ++i) {
    add_counts(buckets[i / 2], m_buckets[i]);
    deltas[(i + 1) / 2] += m_in_flight_delta[i];
  }
  buckets.resize(deltas.size());
  m_buckets = std::move(buckets);
  m_in_flight_delta = std::move(deltas);
  m_bucket_ns *= 2;
}

void Timeline::add(const RequestRecord &record) {
  const std::int64_t end = record.done_ns >= 0 ? record.done_ns : record.intended_ns;
  // Coarsen first for the latest time, so the indices below share one width.
  index_ceil(end);
  const std::size_t done = index_floor(end);
  ensure(index_ceil(end));
  TimelineBucket &bucket = m_buckets[done];
  ++bucket.done;
  if (record.ok()) {
    ++bucket.ok;
    bucket.output_tokens += record.output_tokens();
    if (meets_slo(record, m_slo)) {
      ++bucket.good;
      m_good += record.phase == Phase::measure ? 1 : 0;
    }
  } else {
    ++bucket.failed;
  }
  if (record.sent_ns >= 0) {
    const std::int64_t sent = std::min(record.sent_ns, end);
    ++m_buckets[index_floor(sent)].sent;
    ++m_in_flight_delta[index_ceil(sent)];
    --m_in_flight_delta[index_ceil(end)];
  }
}

Result<void> Timeline::merge(const Timeline &other) {
  if (other.m_start_ns != m_start_ns) {
    return make_error(ErrorCode::invalid_argument, "timelines with different starts");
  }
  const std::int64_t wide = std::max(m_bucket_ns, other.m_bucket_ns);
  const std::int64_t narrow = std::min(m_bucket_ns, other.m_bucket_ns);
  if (wide % narrow != 0 || !std::has_single_bit(static_cast<std::uint64_t>(wide / narrow))) {
    return make_error(ErrorCode::invalid_argument,
                      "timeline widths " + std::to_string(m_bucket_ns) + " and " +
                          std::to_string(other.m_bucket_ns) + " ns do not nest");
  }
  Timeline coarse = other;
  while (coarse.m_bucket_ns < m_bucket_ns) {
    coarse.coarsen();
  }
  while (m_bucket_ns < coarse.m_bucket_ns) {
    coarsen();
  }
  ensure(coarse.m_buckets.size() == 0 ? 0 : coarse.m_buckets.size() - 1);
  for (std::size_t i = 0; i < coarse.m_buckets.size(); ++i) {
    add_counts(m_buckets[i], coarse.m_buckets[i]);
    m_in_flight_delta[i] += coarse.m_in_flight_delta[i];
  }
  m_good += other.m_good;
  return {};
}

std::vector<TimelineBucket> Timeline::buckets() const {
  std::vector<TimelineBucket> out = m_buckets;
  std::int64_t in_flight = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    in_flight += m_in_flight_delta[i];
    out[i].in_flight = in_flight;
  }
  // Drop the trailing buckets that exist only to hold an in-flight decrement.
  while (!out.empty() && out.back().sent == 0 && out.back().done == 0) {
    out.pop_back();
  }
  return out;
}

} // namespace chatbench::metrics
