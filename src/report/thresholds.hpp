#pragma once
// Threshold verdicts: each parsed scenario::Threshold judged against a run's figures
// (report/figures.hpp), so the JSON report, the console and the exit code agree.
//
// Rules:
// - A threshold without a target prefix applies to every target of the run (one verdict each,
//   in the run's target order); with a prefix only to that target. A prefix naming no target
//   of the run gives one failed verdict whose detail names it and the targets there are.
// - A gate never passes vacuously. These fail, with a detail saying why and no actual value:
//   a target that errored (TargetRun::error), a target with no measured request, a duration
//   statistic over zero samples, a rate over a zero measured span, a run with no targets.
// - Values compare in the threshold's base unit (scenario/threshold.hpp): nanoseconds for
//   durations, a fraction for error_rate, per second for rates, a count otherwise. Duration
//   statistics come from the target's histograms (any pNN via Histogram::value_at_percentile),
//   ttft and e2e from the intended send time, ttfb from the actual send.
// - conformance.failures / .warnings / .checked count responses (conformance/finding.hpp);
//   failures.schema_violation counts responses with a failing schema finding. With checks off
//   or nothing checked they have no value, so a gate on them fails.
//
// Pure function of its inputs; thread-safe for unchanging inputs.
#include "run/result.hpp"
#include "scenario/threshold.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::report {

struct Verdict {
  std::string expression;       ///< the threshold as written
  std::string target;           ///< the target judged (or named by an unknown prefix); "" if none
  std::optional<double> actual; ///< in the threshold's base unit; nullopt when nothing to judge
  bool passed = false;
  /// Human: "actual 412 ms, required < 800 ms", or why there was nothing to judge.
  std::string detail;
};

std::vector<Verdict> evaluate_thresholds(std::span<const scenario::Threshold> thresholds,
                                         const run::RunOutput &run);

/// A value in a threshold's base unit as verdicts show it: "412 ms", "1.23%", "20.0/s", "3".
std::string format_threshold_value(scenario::ValueKind kind, double value);

/// True when every verdict passed (true for none).
bool all_passed(std::span<const Verdict> verdicts) noexcept;

/// Why the run has its status, for a person: "all 4 threshold checks held", "1 of 4 threshold
/// checks failed; 3 responses failed conformance checks; 1 target did not run", ...
std::string status_reasons(const run::RunOutput &run, std::span<const Verdict> verdicts);

/// The run's outcome, as report.json's "status" and the console's last line: "interrupted" when
/// a signal stopped the run, else "failed" when a verdict failed or a target errored, else
/// "passed".
std::string_view run_status(const run::RunOutput &run, std::span<const Verdict> verdicts) noexcept;

} // namespace chatbench::report
