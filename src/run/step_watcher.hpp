#pragma once
// Watches one capacity step while it runs and ends it: a thread that wakes at the end of each
// stability window of the measured phase, judges the windows so far (capacity/stability.hpp)
// and asks the engine to drain once the step is stable and has measured its minimum, when it
// is over-saturated, or at its maximum (then unstable).
//
// Threads: on_start and on_record come from the engine's workers (they lock a mutex held for a
// few hundred nanoseconds per record); on_engine and on_engine_done from the runner's thread,
// which owns the watcher. The result accessors are for after on_engine_done.
#include "capacity/result.hpp"
#include "capacity/stability.hpp"
#include "capacity/step_figures.hpp"
#include "capacity/windows.hpp"
#include "run/engine_run.hpp"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace chatbench::run::detail {

struct StepWatchOptions {
  std::int64_t warmup_ns = 0;      ///< the step's warmup: its measured phase starts after it
  std::int64_t window_ns = 0;      ///< >= 1
  std::int64_t min_measure_ns = 0; ///< Load::duration
  std::int64_t max_measure_ns = 0; ///< Sweep::max_duration
  capacity::Rule rule;
  std::int64_t reference_ttft_ns = -1; ///< the baseline's TTFT p50; -1: the step's first window
  double reference_in_flight = 0;      ///< expected in flight without a queue; 0: unknown
  metrics::Slo slo;                    ///< checks.slo, for goodput
};

class StepWatcher final : public RecordTap, public RunObserver {
public:
  explicit StepWatcher(StepWatchOptions options) : m_options(options) {}
  ~StepWatcher() override { on_engine_done(); }
  StepWatcher(const StepWatcher &) = delete;
  StepWatcher &operator=(const StepWatcher &) = delete;

  void on_start(std::int64_t start_ns) override;
  void on_record(const metrics::RequestRecord &record) override;
  void on_engine(engine::StopSignal &stop, const ProgressBoard &board) override;
  void on_engine_done() override;

  /// stable, oversaturated, or unstable (the maximum came, or the run ended undecided).
  capacity::StepStatus status() const { return m_status; }
  const std::string &reason() const { return m_reason; }
  std::uint32_t windows() const { return m_windows; }
  /// Measured past the minimum before it was stable (or never was).
  bool extended() const { return m_extended; }
  /// What ended within the judged windows.
  const capacity::WindowTotals &totals() const { return m_totals; }

private:
  void loop(engine::StopSignal &stop, const ProgressBoard &board);
  // One window closed: judge and maybe stop. Returns true when the step is decided.
  bool judge_window(engine::StopSignal &stop, std::int64_t in_flight);

  StepWatchOptions m_options;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::optional<capacity::WindowFolder> m_folder; // from the first on_start
  std::vector<std::int64_t> m_in_flight;          // at each closed window's end
  bool m_done = false;
  std::thread m_thread;

  capacity::StepStatus m_status = capacity::StepStatus::unstable;
  std::string m_reason;
  std::uint32_t m_windows = 0;
  bool m_extended = false;
  capacity::WindowTotals m_totals;
};

} // namespace chatbench::run::detail
