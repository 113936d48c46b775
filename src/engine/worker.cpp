#include "engine/worker.hpp"

#include "engine/clock.hpp"
#include "engine/worker_loop.hpp"

#include <sys/prctl.h>

#include <algorithm>
#include <memory>
#include <string>

namespace chatbench::engine {

using metrics::FailureKind;

Result<void> WorkerLoop::set_up() {
  const WorkerOptions &o = m_options;
  if (!m_plugins.source || !m_plugins.classifier) {
    return make_error(ErrorCode::invalid_argument, "a worker needs a RequestSource and a "
                                                   "EventClassifier");
  }
  if (o.targets.empty()) {
    return make_error(ErrorCode::invalid_argument, "a worker needs at least one target");
  }
  for (const Target &target : o.targets) {
    Result<PreparedTarget> prepared = PreparedTarget::create(target);
    if (!prepared) {
      return Unexpected(std::move(prepared).error());
    }
    m_targets.push_back(std::move(*prepared));
  }
  if (const auto *open = std::get_if<OpenLoad>(&o.plan.load)) {
    Result<ArrivalProcess> arrivals = ArrivalProcess::create(open->arrivals, open->rate_per_s);
    CHATBENCH_TRY(arrivals);
    Result<OpenLoopPacer> pacer = OpenLoopPacer::create(std::move(*arrivals), open->rate_per_s,
                                                        o.plan.phases, o.index, o.count);
    CHATBENCH_TRY(pacer);
    m_open.emplace(std::move(*pacer));
    if (open->max_in_flight) {
      m_cap = share_of(*open->max_in_flight, o.index, o.count);
      if (m_cap == 0) {
        return make_error(ErrorCode::invalid_argument,
                          "max_in_flight " + std::to_string(*open->max_in_flight) +
                              " leaves worker " + std::to_string(o.index) + " no slot");
      }
    }
  } else {
    const auto &closed = std::get<ClosedLoad>(o.plan.load);
    Result<ClosedLoopPacer> pacer =
        ClosedLoopPacer::create(closed.concurrency, o.plan.phases, o.index, o.count);
    CHATBENCH_TRY(pacer);
    m_closed.emplace(std::move(*pacer));
  }
  m_share.reset(curl_share_init());
  if (!m_share ||
      curl_share_setopt(m_share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
    return make_error(ErrorCode::internal, "curl_share_init/setopt failed");
  }
  Result<std::unique_ptr<MultiLoop>> loop = MultiLoop::create();
  CHATBENCH_TRY(loop);
  m_loop = std::move(*loop);
  return {};
}

Result<WorkerResult> WorkerLoop::run() {
  CHATBENCH_TRY(set_up());
  if (m_plugins.sink) {
    m_plugins.sink->on_start(m_start);
  }
  while (!m_finished) {
    CHATBENCH_TRY(step(steady_now_ns()));
  }
  m_result.finished_ns = steady_now_ns();
  m_result.stats.handles = m_transfers.size();
  m_result.stats.wakeups = m_loop->wakeups();
  const std::optional<Nanos> begin = m_open ? m_open->measure_start() : m_closed->measure_start();
  m_result.measure_start_ns = begin ? m_start + begin->count() : -1;
  return std::move(m_result);
}

Result<void> WorkerLoop::step(std::int64_t now) {
  ++m_result.stats.iterations;
  const StopSignal::Level stop = m_stop.level();
  if (!m_scheduling_over) {
    if (stop != StopSignal::Level::run) {
      // A drain starts what was due before it was seen (the schedule had it), nothing later.
      if (stop == StopSignal::Level::drain) {
        CHATBENCH_TRY(start_due(now));
      }
      if (!m_scheduling_over) {
        end_scheduling(now, now);
      }
    } else {
      CHATBENCH_TRY(start_due(now));
    }
  }
  CHATBENCH_TRY(m_loop->run_timers(now));
  CHATBENCH_TRY(harvest());
  if (m_scheduling_over) {
    const bool abort = stop == StopSignal::Level::abort;
    if (m_in_flight.empty() || abort || now >= m_drain_deadline) {
      const std::string_view why = abort ? "run aborted" : "drain deadline";
      while (!m_in_flight.empty()) {
        CHATBENCH_TRY(end_in_flight(*m_in_flight.back(), FailureKind::cut_off, why, now));
      }
      m_finished = true;
      return {};
    }
  }
  if (now >= m_next_deadline_check) {
    CHATBENCH_TRY(sweep_deadlines(now));
  }
  std::int64_t until =
      std::min({wake_for_start(now), m_next_deadline_check, m_drain_deadline, now + k_max_wait_ns});
  if (const std::int64_t timer = m_loop->timer_deadline_ns(); timer >= 0) {
    until = std::min(until, timer);
  }
  CHATBENCH_TRY(m_loop->wait(now, until));
  return harvest();
}

Result<void> WorkerLoop::start_due(std::int64_t now) {
  if (now < m_start) {
    return {};
  }
  return m_open ? start_open(now) : start_closed(now);
}

Result<void> WorkerLoop::start_open(std::int64_t now) {
  OpenLoopPacer &pacer = *m_open;
  // Bounded: each pass consumes one arrival that is already due.
  while (const std::optional<Start> &next = pacer.peek()) {
    if (m_start + next->intended.count() > now || m_in_flight.size() >= m_cap) {
      break;
    }
    CHATBENCH_TRY(start_request(next->id, next->phase, m_start + next->intended.count()));
    pacer.pop();
  }
  if (const std::optional<Nanos> end = pacer.measure_end(); end && now >= m_start + end->count()) {
    end_scheduling(now, m_start + end->count());
  }
  return {};
}

Result<void> WorkerLoop::start_closed(std::int64_t now) {
  ClosedLoopPacer &pacer = *m_closed;
  const Nanos t(now - m_start);
  if (pacer.ended(t)) {
    end_scheduling(now, m_start + pacer.measure_end().value_or(t).count());
    return {};
  }
  const std::uint64_t target = pacer.target_in_flight(t);
  while (m_in_flight.size() < target) {
    const std::optional<Start> start = pacer.start(t);
    if (!start) {
      break;
    }
    CHATBENCH_TRY(start_request(start->id, start->phase, now));
  }
  return {};
}

// With busy_wait, the worker wakes that long before an open-loop send and then polls without
// sleeping (until == now), so the send does not wait for the OS to wake a sleeping thread.
std::int64_t WorkerLoop::wake_for_start(std::int64_t now) {
  const std::int64_t start = next_start(now);
  const std::int64_t busy = m_options.plan.busy_wait.count();
  if (!m_open || busy <= 0 || start == k_never) {
    return start;
  }
  return start - busy <= now ? now : start - busy;
}

std::int64_t WorkerLoop::next_start(std::int64_t now) {
  if (m_scheduling_over) {
    return k_never;
  }
  if (now < m_start) {
    return m_start;
  }
  std::int64_t next = k_never;
  std::optional<Nanos> end;
  if (m_open) {
    if (m_open->peek() && m_in_flight.size() < m_cap) {
      next = m_start + m_open->peek()->intended.count();
    }
    end = m_open->measure_end();
  } else {
    const Nanos t(now - m_start);
    if (m_in_flight.size() < m_closed->target_in_flight(t)) {
      return now;
    }
    if (const std::optional<Nanos> growth = m_closed->next_growth(t, m_in_flight.size())) {
      next = m_start + growth->count();
    }
    end = m_closed->measure_end();
  }
  return end ? std::min(next, m_start + end->count()) : next;
}

void WorkerLoop::end_scheduling(std::int64_t now, std::int64_t end) {
  m_scheduling_over = true;
  m_result.measure_end_ns = end;
  m_drain_deadline = end + m_options.plan.phases.drain.count();
  if (!m_open) {
    return;
  }
  // Arrivals that were due but never started: recorded, never dropped. Later ones were not
  // arrivals yet (a stop came first).
  while (const std::optional<Start> &next = m_open->peek()) {
    const std::int64_t intended = m_start + next->intended.count();
    if (intended > now) {
      break;
    }
    m_unsent.clear();
    m_unsent.id = next->id;
    m_unsent.worker = m_options.index;
    m_unsent.phase = next->phase;
    m_unsent.intended_ns = intended;
    m_unsent.done_ns = now;
    m_unsent.late = true;
    m_unsent.outcome = FailureKind::not_sent;
    m_unsent.detail = m_in_flight.size() >= m_cap ? "the in-flight cap was full until the end"
                                                  : "the run stopped before it was sent";
    ++m_result.stats.not_sent;
    emit(m_unsent);
    m_open->pop();
  }
}

Result<WorkerResult> run_worker(const WorkerOptions &options, WorkerPlugins &plugins,
                                const StopSignal &stop) {
  // Sleeps end within ~1 us of their deadline instead of the default 50 us timer slack: the
  // open loop's send times depend on it. Per thread; a failure only costs precision.
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  WorkerLoop worker(options, plugins, stop);
  return worker.run();
}

} // namespace chatbench::engine
