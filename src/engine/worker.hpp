#pragma once
// One worker: a thread's share of the load on its own libcurl multi handle, driven by epoll
// (engine/multi_loop.hpp), with its own schedule (engine/pacer.hpp), transfers, plugins and
// Recorder. Nothing in it is shared with other workers; engine.hpp runs N of them and merges.
//
// The loop, each iteration: start what is due (open loop: arrivals whose intended time has
// come, while fewer than the in-flight cap are running; closed loop: up to the concurrency
// target), let libcurl act on its timer, collect finished transfers, end transfers past their
// first-token or idle deadline, and sleep (epoll, nanosecond timeout) until the next intended
// send, libcurl's timer, the next deadline or 20 ms (to notice a StopSignal), whichever is first.
//
// Every arrival the worker takes ends in exactly one record, handed to the Recorder and the
// RecordSink:
// - sent: the transfer's outcome (engine/outcome.hpp), or a timeout the worker enforced;
// - still in flight at the drain deadline (measured-phase end + Phases::drain) or on abort:
//   cut_off;
// - open loop, an arrival of the measured phase that was due but never started (the in-flight
//   cap held it back until the phase ended, or a stop was requested): not_sent.
// Latency from the intended time includes the wait for a free slot (no coordinated omission);
// `late` marks requests sent more than LoadPlan::late_threshold after their intended time.
//
// Closed loop: a request's intended time is the moment the worker saw a free slot (the closed
// loop has no schedule to lag behind; its latencies are labelled closed-loop).
#include "engine/pacer.hpp"
#include "engine/request.hpp"
#include "engine/schedule.hpp"
#include "engine/stop.hpp"
#include "metrics/recorder.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace chatbench::engine {

/// Open loop: arrivals at a rate, whatever the responses do.
struct OpenLoad {
  ArrivalOptions arrivals;
  LevelProfile rate_per_s;
  /// Requests in flight at once over all workers (split like any count); arrivals beyond it
  /// wait for a free slot, are sent late and counted late. nullopt: no cap.
  std::optional<std::uint64_t> max_in_flight;
};

/// Closed loop: keep a number of requests in flight; a finished one is replaced at once.
struct ClosedLoad {
  LevelProfile concurrency;
};

struct LoadPlan {
  std::variant<OpenLoad, ClosedLoad> load = ClosedLoad{LevelProfile(1)};
  Phases phases;
  std::chrono::nanoseconds late_threshold = std::chrono::milliseconds(1);
  /// Open loop: this long before each intended send the worker stops sleeping and polls its
  /// sockets without blocking until the send is due, so the send lag no longer follows how late
  /// the OS wakes a sleeping thread (a VM's p99 wake-up can be milliseconds). Costs up to a
  /// busy core per worker. 0: sleep until the send.
  std::chrono::nanoseconds busy_wait{0};
};

struct WorkerOptions {
  std::uint32_t index = 0; ///< this worker's number, < count
  std::uint32_t count = 1; ///< workers in the run
  std::vector<Target> targets;
  LoadPlan plan;
  std::int64_t start_ns = 0; ///< steady ns of the run's t = 0; the worker waits for it
};

struct WorkerStats {
  std::uint64_t started = 0;       ///< requests handed to libcurl
  std::uint64_t records = 0;       ///< records emitted (every phase and outcome)
  std::uint64_t not_sent = 0;      ///< records with FailureKind::not_sent
  std::uint64_t cut_off = 0;       ///< records with FailureKind::cut_off
  std::uint64_t max_in_flight = 0; ///< highest number of transfers at once
  std::uint64_t handles = 0;       ///< easy handles created (reused afterwards)
  std::uint64_t iterations = 0;    ///< loop iterations
  std::uint64_t wakeups = 0;       ///< epoll wake-ups with ready sockets
};

struct WorkerResult {
  metrics::Recorder recorder;
  WorkerStats stats;
  std::int64_t measure_start_ns = -1; ///< steady ns; -1 if the measured phase never began
  std::int64_t measure_end_ns = -1;   ///< steady ns; when scheduling stopped
  std::int64_t finished_ns = -1;      ///< steady ns; the drain was over
};

/// Runs one worker on the calling thread until its share of the plan is done and drained, or
/// `stop` says otherwise. plugins.source and plugins.classifier are required; the sink is
/// optional. Errors (ErrorCode::invalid_argument for a bad plan or target, ErrorCode::internal
/// for a libcurl or epoll failure, or whatever the RequestSource returned) end the worker at
/// once; its requests in flight are abandoned without records.
Result<WorkerResult> run_worker(const WorkerOptions &options, WorkerPlugins &plugins,
                                const StopSignal &stop);

} // namespace chatbench::engine
