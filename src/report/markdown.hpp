#pragma once
// summary.md: the run's summary for a pull-request comment or a CI job page, in GitHub-flavoured
// Markdown: a status heading with its reasons, the summary table (report/summary_table.hpp: the
// console's rows, targets side by side), each sweep's or search's steps, knee and SLO answer
// (report/capacity_table.hpp), the threshold verdicts and the most frequent
// conformance findings. Its numbers are those of report/figures.hpp. Pure.
#include "report/thresholds.hpp"
#include "run/result.hpp"

#include <span>
#include <string>

namespace chatbench::report {

std::string summary_markdown(const run::RunOutput &run, std::span<const Verdict> verdicts);

} // namespace chatbench::report
