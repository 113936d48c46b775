#pragma once
// Inside run/: one engine run of one prepared target, shared by the plain run (runner.cpp) and
// the capacity steps (capacity_runner.cpp). Not a public interface of the module.
//
// run_engine builds the target's engine with its plugins (prompts, classifier, conformance
// checks, the worker sink), runs `plan` to the end or to a stop, and fills `out`'s metrics.
// Failures land in TargetRun::error; nothing throws.
#include "conformance/check.hpp"
#include "engine/engine.hpp"
#include "mock/config.hpp"
#include "run/conformance_plugin.hpp"
#include "run/interrupt.hpp"
#include "run/openai_plugins.hpp"
#include "run/request_log.hpp"
#include "run/result.hpp"
#include "run/runner.hpp"
#include "run/worker_sink.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace chatbench::run::detail {

/// The timeline's first width; it doubles as a run grows (metrics/timeline.hpp), giving
/// 125 ms, 250 ms, 500 ms, 1 s, 2 s, ... Every timeline of a target uses it, so they merge.
inline constexpr std::int64_t k_timeline_bucket_ns = 125'000'000;

/// What set-up settled for one target.
struct PreparedTarget {
  const scenario::Target *target = nullptr;
  std::shared_ptr<const Workbench> bench;
  engine::Target engine_target; // its URL is the mock's once that runs
  std::optional<mock::Config> mock;
  ConformanceOptions conformance; // profile null when checks are off
};

/// What every target's run shares.
struct Shared {
  const scenario::Scenario &scenario;
  const RunOptions &options;
  engine::LoadPlan plan; ///< the scenario's plan (modes concurrency and rate)
  metrics::Slo slo;
  RequestLog *log = nullptr;
  InterruptGuard &interrupt;
  std::vector<std::unique_ptr<engine::Engine>> &engines; // kept alive until the guard is gone
  std::mutex engines_mutex;                              // targets side by side add at once
};

/// Sees an engine run from outside: told when the engine exists (before it runs) and when it
/// returned. A capacity step's watcher ends the step through the stop signal.
class RunObserver {
public:
  virtual ~RunObserver() = default;
  virtual void on_engine(engine::StopSignal &stop, const ProgressBoard &board) = 0;
  virtual void on_engine_done() = 0;
};

struct EngineRunOptions {
  const engine::LoadPlan *plan = nullptr;
  std::string label;                     ///< the progress line's label
  bool show_progress = true;             ///< draw the live line (one run at a time owns it)
  std::optional<std::int64_t> origin_ns; ///< t = 0 of the timeline and log; the engine's if unset
  RecordTap *tap = nullptr;              ///< sees every record (thread-safe), optional
  RunObserver *observer = nullptr;       ///< optional
};

/// Runs `p` with `options.plan` against `out.url` and fills out's metrics (or out.error).
void run_engine(Shared &shared, const PreparedTarget &p, TargetRun &out,
                const EngineRunOptions &options);

} // namespace chatbench::run::detail
