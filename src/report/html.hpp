#pragma once
// report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) that a
// person would rather look at than read:
//   header    status (passed / failed / interrupted) and why, targets, duration, scenario
//   summary   the console's table (summary_table.hpp), one column per target
//   thresholds every verdict with its actual value
//   capacity  (sweeps and searches only) each target's steps, knee and SLO answer
//             (capacity_table.hpp) and five charts of the steps (capacity_charts.hpp)
//   latency   TTFT, E2E and ITL as CDFs and histograms, targets overlaid (run_charts.hpp)
//   over time output tokens/s, requests/s, in flight, TTFT per request, failures by kind
//   failures  counts by kind per target
//   conformance the counts and every finding (check, severity, where, responses, example)
//   targets   how each target was set up (URL, provider, model, streaming, notes, errors)
//   manifest  version, libraries, seed, scenario hash, command line
// The <body> carries data-chart-count, the number of <figure class="chart">s, so a browser test
// can check that each one rendered. Pure; thread-safe.
#include "report/request_points.hpp"
#include "report/thresholds.hpp"
#include "run/result.hpp"

#include <span>
#include <string>
#include <string_view>

namespace chatbench::report {

/// The page. `points` (from requests.jsonl) may be null: the two per-request charts then say
/// why they are empty. `scenario_summary` is scenario::summarize()'s line ("" to leave out).
std::string run_html(const run::RunOutput &run, std::span<const Verdict> verdicts,
                     const RequestPoints *points, std::string_view scenario_summary);

/// The stylesheet every chatbench page shares (report.html, compare.html).
std::string_view page_style();

/// "<!doctype html>...<body ...>" up to and including the opening <body> tag.
std::string page_start(std::string_view title, std::size_t chart_count);
/// "</body></html>\n" with a footer naming the chatbench version.
std::string page_end(std::string_view version);

} // namespace chatbench::report
