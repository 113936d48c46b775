#pragma once
// One target's object in report.json (see report/json_report.hpp for the conventions and
// schemas/report.schema.json for the shape). Pure; thread-safe for unchanging inputs.
#include "report/figures.hpp"
#include "run/result.hpp"

#include <nlohmann/json.hpp>

namespace chatbench::report {

/// {count, mean, min, p50, p90, p95, p99, p999, max, stddev}; all but count null when empty.
nlohmann::json stats_json(const Stats &stats);

/// Milliseconds from nanoseconds, or null for a negative (unset) limit.
nlohmann::json limit_ms(std::int64_t ns);

/// One conformance finding: {check, severity, pointer, message, example, profile, request_id,
/// count}.
nlohmann::json finding_json(const conformance::Finding &finding, std::string_view profile);

/// The target's object; `figures` must be compute_figures(target).
nlohmann::json target_json(const run::TargetRun &target, const Figures &figures);

} // namespace chatbench::report
