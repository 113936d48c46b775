#pragma once
// The value a threshold's metric takes on one target: the lookup behind evaluate_thresholds
// (report/thresholds.hpp), kept apart from the verdict rules. Pure; thread-safe.
#include "report/figures.hpp"
#include "run/result.hpp"
#include "scenario/threshold.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace chatbench::report {

struct Measurement {
  std::optional<double> value; ///< in the threshold's base unit; nullopt: nothing to judge
  std::string note;            ///< why value is missing, or a caveat to show beside it
};

/// The value of `threshold`'s metric (and statistic) on `target`, whose figures are `figures`.
/// Expects a target that ran (TargetRun::error empty) and measured at least one request.
Measurement measure(const scenario::Threshold &threshold, const run::TargetRun &target,
                    const Figures &figures);

/// capacity.max_rate (per second) and capacity.max_concurrency (requests in flight) on `target`:
/// from the SLO answer when there is one (its level, or for the other unit the achieved rate or
/// mean in flight of its last passing step; no value when no level met the SLOs), else from the
/// knee; no value when the target has no capacity result (load.mode not sweep or search).
Measurement capacity_measurement(std::string_view metric, const run::TargetRun &target);

/// conformance.failures, conformance.warnings, conformance.checked and
/// failures.schema_violation on `target`; no value when checks were off or nothing was checked.
Measurement conformance_measurement(std::string_view metric, const run::TargetRun &target);

} // namespace chatbench::report
