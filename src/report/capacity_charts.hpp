#pragma once
// report.html's capacity charts, as svg::Chart data from the targets' capacity results
// (capacity/result.hpp); svg_chart.hpp draws them. One series per target (the same colour as in
// the page's other charts), a circle per step, hollow for a step that was not stable
// (unstable, over-saturated or interrupted); steps that measured nothing are left out. The
// knee is a vertical reference line on each chart whose x axis can place it.
//
// - throughput: achieved ok requests/s against the offered rate of the rate steps, with the
//   line y = x (everything offered was served) and the SLO answer; in a concurrency sweep or
//   search against the steps' concurrency instead (its title and axis say so).
// - latency against load, one chart each for TTFT, E2E and ITL (x: achieved ok requests/s;
//   y: p50 solid and p99 dashed, on a log axis when the values span more than a decade). They
//   are three charts rather than one so that the targets keep one colour each.
// - output tokens/s against the mean number of requests in flight.
// Pure; thread-safe.
#include "report/run_charts.hpp"
#include "report/svg_chart.hpp"

#include <span>
#include <vector>

namespace chatbench::report {

/// Five charts (throughput; TTFT, E2E and ITL against load; tokens/s against concurrency) when
/// some target has a capacity result, else none. Targets without one keep their colour slot.
std::vector<svg::Chart> capacity_charts(std::span<const ChartTarget> targets);

} // namespace chatbench::report
