#pragma once
// The load engine: N workers (engine/worker.hpp) on N threads, started together, joined, their
// Recorders merged. The only place libcurl is initialised (curl_global_init, once per process).
//
// Usage (run/):
//   auto engine = Engine::create(options);          // checks targets and plan, no traffic
//   install a SIGINT handler calling engine->stop_signal().request_drain();
//   auto result = engine->run();                    // blocks until every worker is done
//
// Thread-safety: create() and run() from one thread; stop_signal() from any thread or a signal
// handler. The plugin factory runs on the calling thread before the workers start; each worker
// then uses its own plugins on its own thread only.
#include "engine/request.hpp"
#include "engine/stop.hpp"
#include "engine/worker.hpp"
#include "metrics/recorder.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace chatbench::engine {

struct EngineOptions {
  std::vector<Target> targets;
  LoadPlan plan;
  /// Worker threads; 0 = one per core. Lowered to the in-flight cap (open loop) or the highest
  /// concurrency (closed loop) so that every worker has work.
  std::uint32_t workers = 0;
  /// Makes worker i's plugins. Called for i = 0 .. workers-1 on the calling thread by run().
  std::function<Result<WorkerPlugins>(std::uint32_t worker)> plugins;
  /// Between starting the threads and the run's t = 0, so that all workers begin together.
  std::chrono::nanoseconds start_delay = std::chrono::milliseconds(20);
};

struct RunResult {
  metrics::Recorder recorder;                       ///< every worker's, merged
  std::vector<WorkerResult> workers;                ///< per worker (their recorders unmerged)
  std::int64_t start_ns = 0;                        ///< steady ns of t = 0
  std::chrono::system_clock::time_point start_wall; ///< t = 0 on the wall clock (the anchor)
  std::int64_t measure_start_ns = -1; ///< earliest over the workers; -1 if none measured
  std::int64_t measure_end_ns = -1;   ///< latest over the workers
  std::int64_t finished_ns = 0;       ///< every worker had drained
};

/// The checks Engine::create makes of one target (see engine/prepared_target.hpp), without
/// building an engine: lets a caller reject a configuration before it starts anything.
Result<void> check_target(const Target &target);

class Engine {
public:
  /// Checks the targets (URL schemes, HTTP/2 support, h2c on libcurl < 8.0.0: see
  /// engine/prepared_target.hpp) and the plan, initialises libcurl once, and settles the number
  /// of workers. ErrorCode::invalid_argument or ErrorCode::unsupported with the reason.
  static Result<std::unique_ptr<Engine>> create(EngineOptions options);

  std::uint32_t workers() const noexcept { return m_workers; }
  StopSignal &stop_signal() noexcept { return m_stop; }

  /// Runs the plan once. Fails when a plugin factory or a worker fails (the other workers are
  /// aborted first) or when called a second time.
  Result<RunResult> run();

private:
  explicit Engine(EngineOptions options) : m_options(std::move(options)) {}

  EngineOptions m_options;
  std::uint32_t m_workers = 1;
  StopSignal m_stop;
  bool m_ran = false;
};

} // namespace chatbench::engine
