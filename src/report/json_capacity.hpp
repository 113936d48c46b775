#pragma once
// The capacity parts of report.json (schemas/report.schema.json): a target's sweep or search
// result (targets[].capacity) and the scenario's sweep settings (scenario.load.sweep).
// report/saved_capacity.hpp reads the first back unchanged.
//
// Unlike the rest of report.json, a step's latencies are whole nanoseconds ("p95_ns"), -1 when
// the step had no sample, as capacity::Latency holds them; rates are per second, measured_s in
// seconds. An absent knee or answer, and an SLO without an actual value, are null. Pure;
// thread-safe.
#include "capacity/result.hpp"
#include "scenario/scenario.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace chatbench::report {

/// targets[].capacity: {mode, over, stopped_early, knee, answer, steps}.
nlohmann::json capacity_json(const capacity::Result &result);

/// scenario.load.sweep: the Sweep settings, durations in seconds, SLOs as written.
nlohmann::json sweep_settings_json(const scenario::Sweep &sweep);

/// "concurrency", "rate", "sweep" or "search": load.mode as the scenario file writes it.
std::string_view load_mode_name(scenario::Load::Mode mode) noexcept;

} // namespace chatbench::report
