#pragma once
// A capacity sweep or search as people read it, in the console, summary.md and report.html:
// a table with one row per step (kind, level, status, offered and achieved rates, requests in
// flight, TTFT/E2E/ITL percentiles, tokens/s, errors, goodput and, when SLOs were set, whether
// the step met them), and the lines under it:
//   knee: step 5, 40.1/s achieved at 40/s offered, 5123 tokens/s
//   highest rate meeting the SLOs: 42/s (last pass step 7 at 42/s: ttft.p95 412 ms; first fail
//     step 8 at 44/s: ttft.p95 731 ms > 500 ms; resolved to 2.1/s)
//   stopped early: step 9 was over-saturated
// Steps that were not stable show it in their status cell. Pure; thread-safe.
#include "capacity/result.hpp"
#include "report/console_table.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace chatbench::report {

/// The steps in the order they ran, labelled by index under a "step" corner.
Table capacity_table(const capacity::Result &result);

/// The knee, the SLO answer and why the plan stopped early, one line each (those that apply).
std::vector<std::string> capacity_lines(const capacity::Result &result);

/// A level with its unit: "12.5/s", "40/s" (a rate) or "c=8" (a concurrency).
std::string level_text(double level, capacity::Over over);

/// The step of `result` with Step::index `index`, or null.
const capacity::Step *find_step(const capacity::Result &result, std::uint32_t index) noexcept;

} // namespace chatbench::report
