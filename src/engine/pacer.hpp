#pragma once
// What a worker starts and when: its share of an open-loop arrival schedule or of a closed-loop
// concurrency target, with each start's phase (warmup or measure) and the end of the measured
// phase. Pure (no clock, no I/O): the worker passes the time since the run start.
//
// Splitting across N workers:
// - Open loop, round-robin by arrival index: every worker generates the whole global arrival
//   sequence from the same seed and takes the arrivals whose index % N is its number. So the
//   schedule (times, indexes, phase boundaries by count) is the same whatever N is, the global
//   process keeps its distribution (N independent gamma processes of rate r/N would not add up
//   to a gamma process of rate r), and request i gets the same body on any machine. Each worker
//   draws N times the variates it uses: ~25 ns each, 0.1% of a core at 40k arrivals/s.
// - Closed loop: worker w keeps share_of(round(level(t)), w, N) in flight, so the shares add up
//   to the target exactly; counts (warmup and measured requests) are split the same way. A
//   closed-loop request is identified as local_count * N + w.
//
// Phases: requests scheduled before the warmup ends are Phase::warmup; warmup ends at
// warmup_duration or after warmup_requests, whichever comes first (0 disables either). The
// measured phase then lasts `duration` or `requests`, whichever comes first; with neither, it
// ends with the last stage of the level profile. After it, nothing new starts (drain).
#include "engine/schedule.hpp"
#include "metrics/request_record.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace chatbench::engine {

struct Phases {
  Nanos warmup_duration{0};
  std::uint64_t warmup_requests = 0;
  std::optional<Nanos> duration;          ///< length of the measured phase
  std::optional<std::uint64_t> requests;  ///< requests in the measured phase
  Nanos drain = std::chrono::seconds(10); ///< after the measured phase, for requests in flight
};

/// One request to start, as the pacer sees it.
struct Start {
  std::uint64_t id = 0;
  Nanos intended{0}; ///< since the run start
  metrics::Phase phase = metrics::Phase::measure;
};

class OpenLoopPacer {
public:
  /// ErrorCode::invalid_argument when neither duration, requests nor stages bound the run, or a
  /// count is 0, or workers is 0 or worker >= workers.
  static Result<OpenLoopPacer> create(ArrivalProcess arrivals, const LevelProfile &rate,
                                      const Phases &phases, std::uint32_t worker,
                                      std::uint32_t workers);

  /// This worker's next arrival, or nullopt when the measured phase has no more for it.
  const std::optional<Start> &peek() const noexcept { return m_next; }
  /// Moves past peek().
  void pop();
  /// When the measured phase ends (since the run start): known once peek() is nullopt, and
  /// earlier when it ends by time (duration after the measured phase began, or the last stage).
  std::optional<Nanos> measure_end() const noexcept;
  /// When the measured phase began; nullopt while the warmup lasts.
  std::optional<Nanos> measure_start() const noexcept;

private:
  OpenLoopPacer(ArrivalProcess arrivals, const Phases &phases, std::optional<Nanos> profile_end,
                std::uint32_t worker, std::uint32_t workers);
  std::optional<Start> next_global();
  void advance();

  ArrivalProcess m_arrivals;
  Phases m_phases;
  std::optional<Nanos> m_profile_end;
  std::uint32_t m_worker;
  std::uint32_t m_workers;
  bool m_in_warmup = true;
  std::uint64_t m_measure_first = 0; // index of the first measured arrival
  Nanos m_measure_start{0};
  std::optional<Nanos> m_last_measured; // intended time of the latest measured arrival
  std::optional<Start> m_next;
  std::optional<Nanos> m_end;
  bool m_exhausted = false;
};

class ClosedLoopPacer {
public:
  /// Errors as OpenLoopPacer::create.
  static Result<ClosedLoopPacer> create(const LevelProfile &concurrency, const Phases &phases,
                                        std::uint32_t worker, std::uint32_t workers);

  /// Requests this worker should have in flight at t; 0 once the measured phase has ended.
  std::uint64_t target_in_flight(Nanos t) const noexcept;
  /// The earliest time >= t at which target_in_flight exceeds `current`, or nullopt if never
  /// (before the measured phase ends by time).
  std::optional<Nanos> next_growth(Nanos t, std::uint64_t current) const noexcept;
  /// Accounts for one request started at t and says what it is; nullopt (nothing counted) when
  /// the measured phase has ended at t.
  std::optional<Start> start(Nanos t);
  /// True once the measured phase has ended at t (by time or count); measure_end() is then set.
  bool ended(Nanos t);
  /// When the measured phase ends: known once ended(), or earlier when it ends by time.
  std::optional<Nanos> measure_end() const noexcept { return m_end ? m_end : time_limit(); }
  /// When the measured phase began; nullopt while the warmup lasts.
  std::optional<Nanos> measure_start() const noexcept { return m_measure_start; }

private:
  ClosedLoopPacer(const LevelProfile &concurrency, const Phases &phases, std::uint32_t worker,
                  std::uint32_t workers);
  bool in_warmup(Nanos t) const noexcept;
  std::optional<Nanos> time_limit() const noexcept;

  LevelProfile m_level;
  Phases m_phases;
  std::uint32_t m_worker;
  std::uint32_t m_workers;
  std::uint64_t m_warmup_share = 0;
  std::optional<std::uint64_t> m_measure_share;
  std::uint64_t m_started = 0;
  std::uint64_t m_warmup_started = 0;
  std::uint64_t m_measure_started = 0;
  bool m_measuring = false;
  std::optional<Nanos> m_measure_start; // known once the phase has begun
  std::optional<Nanos> m_end;
};

} // namespace chatbench::engine
