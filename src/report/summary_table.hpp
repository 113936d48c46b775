#pragma once
// The table at the heart of every summary: one column per target (so providers compare side by
// side), rows for requests, error rate, TTFT/ITL/TPOT/E2E percentiles, throughput, goodput
// (when an SLO is set), late sends, the token source and the measured span; then the failure
// kinds that occurred; then the conformance counts when checks ran. The console renders it as
// text (Table::render), summary.md as Markdown (Table::render_markdown). Pure.
#include "report/console_table.hpp"
#include "report/figures.hpp"
#include "run/result.hpp"

#include <vector>

namespace chatbench::report {

/// `figures[i]` must be compute_figures(run.targets[i]).
Table summary_table(const run::RunOutput &run, const std::vector<Figures> &figures);

} // namespace chatbench::report
