#pragma once
// The charts of report.html (and of compare.html), as svg::Chart data built from a run's
// figures; svg_chart.hpp draws them. Every chart overlays the targets given, one series each,
// so a multi-target run or a comparison of saved runs reads as a comparison.
//
// - distributions: TTFT, E2E and ITL, each as a CDF (x: latency, on a log axis when the values
//   span more than a decade; y: fraction of requests at or below) and as a histogram (counts in
//   bins evenly spaced on the same axis), from the exact histograms of the measured phase. The
//   SLO limit, when set, is a reference line.
// - over time (x: seconds since the target's t = 0; the measured phase's start and end are
//   reference lines, or for a sweep or search each step's start, labelled with its level):
//   output tokens/s and ok requests/s, requests in flight, from the timeline
//   of every phase; TTFT of each request at its send time and failures by kind per interval,
//   from requests.jsonl (RequestPoints). Without it those two charts say so instead.
// Pure; thread-safe.
#include "report/request_points.hpp"
#include "report/svg_chart.hpp"
#include "run/result.hpp"

#include <span>
#include <string>
#include <vector>

namespace chatbench::report {

/// A target as a chart shows it: its label (the target's name, or "file: name" in a comparison).
struct ChartTarget {
  std::string label;
  const run::TargetRun *target = nullptr;
};

/// The targets of `run` labelled by name, skipping those that did not run.
std::vector<ChartTarget> chart_targets(const run::RunOutput &run);

/// Six charts: TTFT, E2E and ITL, each a CDF then a histogram.
std::vector<svg::Chart> distribution_charts(std::span<const ChartTarget> targets);

/// Five charts: output tokens/s, ok requests/s, in flight, TTFT per request and failures by kind,
/// over time. `points` may be null (no requests.jsonl): the last two then show why they are empty.
std::vector<svg::Chart> timeline_charts(std::span<const ChartTarget> targets,
                                        const RequestPoints *points);

} // namespace chatbench::report
