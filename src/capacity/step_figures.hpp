#pragma once
// A step's figures (result.hpp) from what its run recorded: the merged Recorder (measured phase
// only) and Timeline of the step, and what ended within its judged stability windows.
//
// Throughput (achieved rate, tokens/s, goodput) counts what ended within the windows, per second
// of windows: a step is short, and the recorder's span (first intended send to last end, which
// the run's own figures use) would add the drain's tail to a 10 s step and understate it. Above
// saturation an open loop's requests still end during the drain, so only completions within the
// windows show what the deployment sustained. Without windows (a step stopped before its first)
// the span is used. Pure; thread-safe.
#include "capacity/result.hpp"
#include "metrics/recorder.hpp"
#include "metrics/timeline.hpp"

#include <cstdint>

namespace chatbench::capacity {

/// What ended within a step's judged windows.
struct WindowTotals {
  double seconds = 0; ///< the windows' total length
  std::uint64_t ok = 0;
  std::uint64_t output_tokens = 0;
  std::uint64_t good = 0;
};

/// `offered_rate`: the step's arrival rate, 0 for a closed loop. The mean in flight averages the
/// timeline's buckets that start within [measure_start_ns, measure_end_ns).
StepFigures step_figures(const metrics::Recorder &recorder, const metrics::Timeline &timeline,
                         std::int64_t measure_start_ns, std::int64_t measure_end_ns,
                         double offered_rate, const WindowTotals &windows = {});

} // namespace chatbench::capacity
