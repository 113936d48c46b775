#pragma once
// compare.html: saved runs side by side as one self-contained page (the same style as
// report.html): the headline metrics with the better value marked and each column's change
// against the first, token accounting per column, failures by kind, conformance counts and
// findings by check, and TTFT / E2E / ITL CDFs and histograms with every column overlaid
// (drawn from the histograms saved in report.json, so nothing is re-measured). Pure.
#include "report/compare.hpp"
#include "report/run_charts.hpp"

#include <span>
#include <string>
#include <vector>

namespace chatbench::report {

/// `charts[i]` is the run data of `columns[i]` (same label), for the overlaid distributions; a
/// column without one (its target did not run) is left out of the charts only.
std::string comparison_html(const std::vector<Column> &columns,
                            std::span<const ChartTarget> charts);

} // namespace chatbench::report
