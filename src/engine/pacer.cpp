#include "engine/pacer.hpp"

#include <cmath>
#include <string>

namespace chatbench::engine {
namespace {

Result<void> check_phases(const Phases &phases, bool has_profile_end, std::uint32_t worker,
                          std::uint32_t workers) {
  if (workers == 0 || worker >= workers) {
    return make_error(ErrorCode::invalid_argument,
                      "worker " + std::to_string(worker) + " of " + std::to_string(workers));
  }
  if (!phases.duration && !phases.requests && !has_profile_end) {
    return make_error(ErrorCode::invalid_argument,
                      "the measured phase needs a duration, a request count or stages");
  }
  if ((phases.duration && phases.duration->count() <= 0) ||
      (phases.requests && *phases.requests == 0)) {
    return make_error(ErrorCode::invalid_argument,
                      "the measured duration and request count must be > 0");
  }
  if (phases.warmup_duration.count() < 0 || phases.drain.count() < 0) {
    return make_error(ErrorCode::invalid_argument, "warmup and drain durations must be >= 0");
  }
  return {};
}

bool has_warmup(const Phases &phases) noexcept {
  return phases.warmup_duration.count() > 0 || phases.warmup_requests > 0;
}

} // namespace

// --- Open loop.

OpenLoopPacer::OpenLoopPacer(ArrivalProcess arrivals, const Phases &phases,
                             std::optional<Nanos> profile_end, std::uint32_t worker,
                             std::uint32_t workers)
    : m_arrivals(std::move(arrivals)), m_phases(phases), m_profile_end(profile_end),
      m_worker(worker), m_workers(workers), m_in_warmup(has_warmup(phases)) {}

Result<OpenLoopPacer> OpenLoopPacer::create(ArrivalProcess arrivals, const LevelProfile &rate,
                                            const Phases &phases, std::uint32_t worker,
                                            std::uint32_t workers) {
  if (Result<void> ok = check_phases(phases, rate.end().has_value(), worker, workers); !ok) {
    return Unexpected(ok.error());
  }
  OpenLoopPacer pacer(std::move(arrivals), phases, rate.end(), worker, workers);
  pacer.advance();
  return pacer;
}

std::optional<Start> OpenLoopPacer::next_global() {
  if (m_exhausted) {
    return std::nullopt;
  }
  const std::optional<Arrival> a = m_arrivals.next();
  const auto finish = [&](std::optional<Nanos> end) -> std::optional<Start> {
    m_exhausted = true;
    m_end = end;
    return std::nullopt;
  };
  if (!a) {
    // The rate has ended at 0: the phase still lasts its duration or its stages.
    if (m_phases.duration && !m_in_warmup) {
      return finish(m_measure_start + *m_phases.duration);
    }
    if (m_profile_end) {
      return finish(*m_profile_end);
    }
    return finish(m_last_measured ? *m_last_measured + Nanos(1) : m_measure_start);
  }
  if (m_in_warmup) {
    const bool by_count = m_phases.warmup_requests == 0 || a->index < m_phases.warmup_requests;
    const bool by_time =
        m_phases.warmup_duration.count() == 0 || a->intended < m_phases.warmup_duration;
    if (by_count && by_time) {
      return Start{a->index, a->intended, metrics::Phase::warmup};
    }
    m_in_warmup = false;
    m_measure_first = a->index;
    m_measure_start = by_time ? a->intended : m_phases.warmup_duration;
  }
  if (m_phases.duration && a->intended >= m_measure_start + *m_phases.duration) {
    return finish(m_measure_start + *m_phases.duration);
  }
  if (m_phases.requests && a->index - m_measure_first >= *m_phases.requests) {
    return finish(m_last_measured.value_or(m_measure_start) + Nanos(1));
  }
  if (!m_phases.duration && !m_phases.requests && m_profile_end && a->intended >= *m_profile_end) {
    return finish(*m_profile_end);
  }
  m_last_measured = a->intended;
  return Start{a->index, a->intended, metrics::Phase::measure};
}

void OpenLoopPacer::advance() {
  // Round-robin: skip the other workers' arrivals (at most workers - 1 of them in a row).
  for (;;) {
    m_next = next_global();
    if (!m_next || m_next->id % m_workers == m_worker) {
      return;
    }
  }
}

std::optional<Nanos> OpenLoopPacer::measure_end() const noexcept {
  if (m_exhausted) {
    return m_end;
  }
  if (m_phases.duration) {
    return m_in_warmup ? std::nullopt : std::optional<Nanos>(m_measure_start + *m_phases.duration);
  }
  return m_phases.requests ? std::nullopt : m_profile_end;
}

std::optional<Nanos> OpenLoopPacer::measure_start() const noexcept {
  return m_in_warmup ? std::nullopt : std::optional<Nanos>(m_measure_start);
}

void OpenLoopPacer::pop() {
  if (m_next) {
    advance();
  }
}

// --- Closed loop.

ClosedLoopPacer::ClosedLoopPacer(const LevelProfile &concurrency, const Phases &phases,
                                 std::uint32_t worker, std::uint32_t workers)
    : m_level(concurrency), m_phases(phases), m_worker(worker), m_workers(workers),
      m_warmup_share(share_of(phases.warmup_requests, worker, workers)),
      m_measuring(!has_warmup(phases)) {
  if (m_measuring) {
    m_measure_start = Nanos(0);
  }
  if (phases.requests) {
    m_measure_share = share_of(*phases.requests, worker, workers);
  }
}

Result<ClosedLoopPacer> ClosedLoopPacer::create(const LevelProfile &concurrency,
                                                const Phases &phases, std::uint32_t worker,
                                                std::uint32_t workers) {
  if (Result<void> ok = check_phases(phases, concurrency.end().has_value(), worker, workers); !ok) {
    return Unexpected(ok.error());
  }
  return ClosedLoopPacer(concurrency, phases, worker, workers);
}

bool ClosedLoopPacer::in_warmup(Nanos t) const noexcept {
  if (m_measuring) {
    return false;
  }
  const bool by_count = m_phases.warmup_requests == 0 || m_warmup_started < m_warmup_share;
  const bool by_time = m_phases.warmup_duration.count() == 0 || t < m_phases.warmup_duration;
  return by_count && by_time;
}

std::optional<Nanos> ClosedLoopPacer::time_limit() const noexcept {
  if (m_phases.duration) {
    return m_measure_start ? std::optional<Nanos>(*m_measure_start + *m_phases.duration)
                           : std::nullopt;
  }
  return m_phases.requests ? std::nullopt : m_level.end();
}

std::uint64_t ClosedLoopPacer::target_in_flight(Nanos t) const noexcept {
  if (m_end) {
    return 0;
  }
  const double level = m_level.level_at(t);
  return share_of(static_cast<std::uint64_t>(std::floor(level + 0.5)), m_worker, m_workers);
}

std::optional<Nanos> ClosedLoopPacer::next_growth(Nanos t, std::uint64_t current) const noexcept {
  if (m_end) {
    return std::nullopt;
  }
  const std::uint64_t needed = quantity_for_share(current + 1, m_worker, m_workers);
  const std::optional<Nanos> when = m_level.time_reaching(static_cast<double>(needed) - 0.5, t);
  const std::optional<Nanos> limit = time_limit();
  if (!when || (limit && *when >= *limit)) {
    return std::nullopt;
  }
  return when;
}

bool ClosedLoopPacer::ended(Nanos t) {
  if (m_end) {
    return true;
  }
  if (!m_measuring && !in_warmup(t)) {
    m_measuring = true;
    // Ended by time: the phase starts at the boundary. By count: with the first measured
    // request (the last warmup request may still be running now).
    if (m_phases.warmup_duration.count() > 0 && t >= m_phases.warmup_duration) {
      m_measure_start = m_phases.warmup_duration;
    }
  }
  if (const std::optional<Nanos> limit = time_limit(); limit && t >= *limit) {
    m_end = *limit;
  } else if (m_measuring && m_measure_share && m_measure_started >= *m_measure_share) {
    m_end = t;
  } else if (!limit && target_in_flight(t) == 0 && !next_growth(t, 0)) {
    m_end = t; // nothing can ever start again, and no clock would end the phase
  }
  return m_end.has_value();
}

std::optional<Start> ClosedLoopPacer::start(Nanos t) {
  if (ended(t)) {
    return std::nullopt;
  }
  const bool warm = !m_measuring;
  if (!warm && !m_measure_start) {
    m_measure_start = t;
  }
  Start s{m_started * m_workers + m_worker, t,
          warm ? metrics::Phase::warmup : metrics::Phase::measure};
  ++m_started;
  ++(warm ? m_warmup_started : m_measure_started);
  return s;
}

} // namespace chatbench::engine
