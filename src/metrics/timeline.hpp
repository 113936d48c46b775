#pragma once
// Load and throughput over time, and goodput. A Timeline folds finished RequestRecords into
// fixed-width buckets counted from the run's t = 0: requests sent, finished, ok, failed, meeting
// the SLO, output tokens, and the number in flight at each bucket's start. Reports draw
// "throughput and in-flight over time" from it; capacity searches read goodput per step.
//
// Buckets are at most k_max_buckets: when a record lands beyond them, the width doubles and
// neighbouring buckets are summed, so a run of any length costs bounded memory (a 1 s width
// covers 68 minutes before the first doubling).
//
// Goodput counts ok requests of the measured phase that meet every limit of an Slo (as
// DistServe and vLLM's benchmark define it). Limits apply to what the user saw: TTFT and E2E
// from the intended send time (client-side waiting included), TPOT per tpot_ns(), ITL as the
// longest gap between token events.
//
// Thread-safety: none inside; one Timeline per worker, merged after join.
#include "metrics/request_record.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chatbench::metrics {

/// Per-request limits in nanoseconds; -1 = no limit.
struct Slo {
  std::int64_t ttft_ns = -1;
  std::int64_t tpot_ns = -1;
  std::int64_t itl_max_ns = -1;
  std::int64_t e2e_ns = -1;

  bool any() const noexcept {
    return ttft_ns >= 0 || tpot_ns >= 0 || itl_max_ns >= 0 || e2e_ns >= 0;
  }
};

/// True when the request succeeded and meets every limit of `slo`. A limit whose quantity the
/// request lacks (TTFT of a request with no token, TPOT with one token, ITL without gaps) holds.
bool meets_slo(const RequestRecord &record, const Slo &slo) noexcept;

struct TimelineBucket {
  std::uint64_t sent = 0;          ///< requests handed to the transport in this bucket
  std::uint64_t done = 0;          ///< requests that ended in this bucket (any outcome)
  std::uint64_t ok = 0;            ///< of which succeeded
  std::uint64_t failed = 0;        ///< of which failed (not_sent and cut_off included)
  std::uint64_t good = 0;          ///< of which ok and within the SLO
  std::uint64_t output_tokens = 0; ///< output tokens of the ok requests that ended here
  std::int64_t in_flight = 0;      ///< requests sent and not yet ended at the bucket's start

  bool operator==(const TimelineBucket &) const = default;
};

class Timeline {
public:
  static constexpr std::size_t k_max_buckets = 4096;

  /// `start_ns`: steady ns of t = 0; `bucket_ns` (>= 1): the initial width.
  explicit Timeline(std::int64_t start_ns = 0, std::int64_t bucket_ns = 1'000'000'000,
                    Slo slo = {});

  /// The timeline, starting at steady ns 0, whose buckets() are `buckets` (in_flight included)
  /// and whose good_requests() is `good_requests`: what a report saved (report/saved_run.hpp).
  /// Requests in flight at the last bucket's start are taken to end within it, as they do in a
  /// finished run, so add() and merge() go on from it as from the original. Fails
  /// (invalid_argument, naming the bucket) when `bucket_ns` < 1, there are more than
  /// k_max_buckets buckets, an in_flight is negative, or the last bucket saw nothing sent or done
  /// (buckets() never returns such a one).
  static Result<Timeline> restore(std::int64_t bucket_ns, Slo slo,
                                  std::span<const TimelineBucket> buckets,
                                  std::uint64_t good_requests);

  /// Folds one record of any phase. Times before start_ns count in the first bucket.
  void add(const RequestRecord &record);

  /// Adds `other`'s buckets and counts (the coarser width wins). Fails (invalid_argument) when
  /// the starts differ or one width is not a power-of-two multiple of the other.
  Result<void> merge(const Timeline &other);

  std::int64_t start_ns() const noexcept { return m_start_ns; }
  std::int64_t bucket_ns() const noexcept { return m_bucket_ns; }
  const Slo &slo() const noexcept { return m_slo; }
  /// Buckets from t = 0 up to the last one that saw an event, in_flight filled in.
  std::vector<TimelineBucket> buckets() const;
  /// Measured-phase requests that were ok and met the SLO.
  std::uint64_t good_requests() const noexcept { return m_good; }

private:
  std::size_t index(std::int64_t t_ns, bool round_up);
  std::size_t index_floor(std::int64_t t_ns);
  std::size_t index_ceil(std::int64_t t_ns);
  void ensure(std::size_t index);
  void coarsen();

  std::int64_t m_start_ns = 0;
  std::int64_t m_bucket_ns = 1;
  Slo m_slo;
  std::vector<TimelineBucket> m_buckets;       // in_flight unused here; see m_in_flight_delta
  std::vector<std::int64_t> m_in_flight_delta; // +1 at the first bucket start after a send,
                                               // -1 at the first bucket start at or after its end
  std::uint64_t m_good = 0;
};

} // namespace chatbench::metrics
