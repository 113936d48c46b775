#include "report/run_charts.hpp"

#include "metrics/recorder.hpp"
#include "report/capacity_table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace chatbench::report {
namespace {

constexpr double k_ms_in_ns = 1e6;
constexpr double k_s_in_ns = 1e9;
constexpr int k_histogram_bins = 40;
// Failures over time: at most this many intervals (the width doubles until they fit).
constexpr std::int64_t k_max_failure_bins = 120;

struct LatencyView {
  const char *id;
  const char *name;
  metrics::Metric metric;
  std::int64_t metrics::Slo::*limit;
};

constexpr LatencyView k_latencies[] = {
    {"ttft", "TTFT", metrics::Metric::ttft_intended, &metrics::Slo::ttft_ns},
    {"e2e", "E2E latency", metrics::Metric::e2e_intended, &metrics::Slo::e2e_ns},
    {"itl", "Inter-token latency", metrics::Metric::itl, &metrics::Slo::itl_max_ns},
};

const metrics::Histogram &histogram(const ChartTarget &t, const LatencyView &view) {
  return t.target->recorder.histogram(view.metric);
}

// The latency axis every target shares: log when the values span more than a decade.
struct Range {
  double lo = std::numeric_limits<double>::infinity(); // ms, > 0
  double hi = 0;
  bool log = false;
  bool empty() const { return hi <= 0; }
};

Range range_of(std::span<const ChartTarget> targets, const LatencyView &view) {
  Range r;
  for (const ChartTarget &t : targets) {
    const metrics::Histogram &h = histogram(t, view);
    if (h.count() == 0) {
      continue;
    }
    r.lo = std::min(r.lo, std::max(static_cast<double>(h.min()), 1.0) / k_ms_in_ns);
    r.hi = std::max(r.hi, static_cast<double>(h.max()) / k_ms_in_ns);
  }
  r.log = !r.empty() && r.hi > 10 * r.lo;
  return r;
}

svg::Axis latency_axis(const LatencyView &view, const Range &range) {
  svg::Axis axis;
  axis.label = view.name;
  axis.unit = svg::Unit::ms;
  axis.scale = range.log ? svg::Scale::log10 : svg::Scale::linear;
  return axis;
}

void add_slo(svg::Chart &chart, std::span<const ChartTarget> targets, const LatencyView &view) {
  for (const ChartTarget &t : targets) {
    const std::int64_t limit = t.target->timeline.slo().*view.limit;
    if (limit >= 0) {
      chart.references.push_back(
          {svg::Reference::Direction::vertical, static_cast<double>(limit) / k_ms_in_ns, "SLO"});
      return;
    }
  }
}

svg::Chart cdf_chart(std::span<const ChartTarget> targets, const LatencyView &view) {
  const Range range = range_of(targets, view);
  svg::Chart chart;
  chart.id = std::string(view.id) + "-cdf";
  chart.title = std::string(view.name) + ": cumulative distribution";
  chart.x = latency_axis(view, range);
  chart.y = {"requests at or below", svg::Scale::linear, svg::Unit::fraction, 0.0, 1.0};
  if (view.metric == metrics::Metric::itl) {
    chart.y.label = "gaps at or below";
  }
  for (const ChartTarget &t : targets) {
    const metrics::Histogram &h = histogram(t, view);
    svg::Series series{t.label, {}, svg::Mark::step, "", false};
    const double total = static_cast<double>(h.count());
    std::uint64_t seen = 0;
    h.for_each_bucket([&](const metrics::HistogramBucket &b) {
      if (series.points.empty()) {
        series.points.push_back({static_cast<double>(std::max(b.lowest, h.min())) / k_ms_in_ns, 0});
      }
      seen += b.count;
      const double x = static_cast<double>(std::min(b.highest, h.max())) / k_ms_in_ns;
      series.points.push_back({x, static_cast<double>(seen) / total});
    });
    chart.series.push_back(std::move(series));
  }
  add_slo(chart, targets, view);
  return chart;
}

// Bin edges evenly spaced on the axis (in log space for a log axis).
std::vector<double> bin_edges(const Range &range) {
  std::vector<double> edges;
  const double lo = range.log ? std::log10(range.lo) : (range.lo == range.hi ? 0 : range.lo);
  const double hi = range.log ? std::log10(range.hi) : range.hi;
  for (int i = 0; i <= k_histogram_bins; ++i) {
    const double v = lo + (hi - lo) * i / k_histogram_bins;
    edges.push_back(range.log ? std::pow(10.0, v) : v);
  }
  return edges;
}

svg::Chart histogram_chart(std::span<const ChartTarget> targets, const LatencyView &view) {
  const Range range = range_of(targets, view);
  svg::Chart chart;
  chart.id = std::string(view.id) + "-histogram";
  chart.title = std::string(view.name) + ": histogram";
  chart.x = latency_axis(view, range);
  chart.y = {view.metric == metrics::Metric::itl ? "gaps" : "requests", svg::Scale::linear,
             svg::Unit::count, std::nullopt, std::nullopt};
  if (range.empty()) {
    return chart;
  }
  const std::vector<double> edges = bin_edges(range);
  for (const ChartTarget &t : targets) {
    std::vector<double> counts(edges.size() - 1, 0.0);
    histogram(t, view).for_each_bucket([&](const metrics::HistogramBucket &b) {
      const double mid =
          (static_cast<double>(b.lowest) + static_cast<double>(b.highest)) / 2 / k_ms_in_ns;
      const auto it = std::upper_bound(edges.begin(), edges.end(), mid);
      const auto bin = std::clamp<std::ptrdiff_t>(it - edges.begin() - 1, 0,
                                                  static_cast<std::ptrdiff_t>(counts.size()) - 1);
      counts[static_cast<std::size_t>(bin)] += static_cast<double>(b.count);
    });
    svg::Series series{t.label, {}, svg::Mark::bars, "", false};
    for (std::size_t i = 0; i < edges.size(); ++i) {
      series.points.push_back({edges[i], i < counts.size() ? counts[i] : 0.0});
    }
    chart.series.push_back(std::move(series));
  }
  add_slo(chart, targets, view);
  return chart;
}

svg::Axis time_axis() {
  return {"seconds since the target's start", svg::Scale::linear, svg::Unit::seconds, 0.0,
          std::nullopt};
}

// Where each step of a sweep or search began measuring, labelled with its level.
void add_steps(svg::Chart &chart, const capacity::Result &result) {
  for (const capacity::Step &s : result.steps) {
    if (s.measured_from_s >= 0) {
      chart.references.push_back(
          {svg::Reference::Direction::vertical, s.measured_from_s, level_text(s.level, s.over)});
    }
  }
}

// The measured phase of the first target that reached it, as reference lines; a sweep's or
// search's steps instead, each where it began measuring.
void add_phase(svg::Chart &chart, std::span<const ChartTarget> targets) {
  for (const ChartTarget &c : targets) {
    const run::TargetRun &t = *c.target;
    if (t.capacity) {
      add_steps(chart, *t.capacity);
      return;
    }
    if (t.measure_start_ns < 0) {
      continue;
    }
    const auto at = [&t](std::int64_t ns) {
      return static_cast<double>(ns - t.start_ns) / k_s_in_ns;
    };
    if (t.measure_start_ns > t.start_ns) {
      chart.references.push_back(
          {svg::Reference::Direction::vertical, at(t.measure_start_ns), "measured from"});
    }
    if (t.measure_end_ns > t.measure_start_ns) {
      chart.references.push_back(
          {svg::Reference::Direction::vertical, at(t.measure_end_ns), "load stopped"});
    }
    return;
  }
}

// Rates over time are drawn over at least 1/k_rate_windows of the run: the timeline's own
// buckets (125 ms at first) make a short run's rates jump between 0 and a burst. Neighbouring
// buckets are summed, a power of two at a time, as the timeline itself coarsens.
constexpr std::size_t k_rate_windows = 40;

std::vector<metrics::TimelineBucket> coarsened(const std::vector<metrics::TimelineBucket> &buckets,
                                               std::size_t factor) {
  std::vector<metrics::TimelineBucket> out;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const metrics::TimelineBucket &b = buckets[i];
    if (i % factor == 0) {
      out.push_back(b);
      continue;
    }
    metrics::TimelineBucket &sum = out.back();
    sum.sent += b.sent;
    sum.done += b.done;
    sum.ok += b.ok;
    sum.failed += b.failed;
    sum.good += b.good;
    sum.output_tokens += b.output_tokens;
  }
  return out;
}

std::size_t rate_factor(std::size_t buckets) {
  std::size_t factor = 1;
  while (buckets > factor * k_rate_windows) {
    factor *= 2;
  }
  return factor;
}

// One series per target from its timeline buckets: value(bucket, width_s) at x. `rate`: the
// buckets are first summed into at most k_rate_windows windows (the last one may be partial).
template <class Value>
svg::Chart timeline_chart(std::span<const ChartTarget> targets, std::string id, std::string title,
                          svg::Axis y, svg::Mark mark, bool rate, Value value) {
  svg::Chart chart;
  chart.id = std::move(id);
  chart.title = std::move(title);
  chart.x = time_axis();
  chart.y = std::move(y);
  for (const ChartTarget &t : targets) {
    std::vector<metrics::TimelineBucket> buckets = t.target->timeline.buckets();
    const std::size_t factor = rate ? rate_factor(buckets.size()) : 1;
    buckets = coarsened(buckets, factor);
    const double width = static_cast<double>(t.target->timeline.bucket_ns()) *
                         static_cast<double>(factor) / k_s_in_ns;
    const bool at_start = !rate;
    svg::Series series{t.label, {}, mark, "", false};
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      const double x = (static_cast<double>(i) + (at_start ? 0.0 : 0.5)) * width;
      series.points.push_back({x, value(buckets[i], width)});
    }
    chart.series.push_back(std::move(series));
  }
  add_phase(chart, targets);
  return chart;
}

// A chart over time of the per-request data; without requests.jsonl it says why it is empty.
svg::Chart per_request_chart(std::string id, std::string title, svg::Axis y,
                             const RequestPoints *points) {
  svg::Chart chart;
  chart.id = std::move(id);
  chart.title = std::move(title);
  chart.x = time_axis();
  chart.y = std::move(y);
  if (points == nullptr) {
    chart.empty_note = "needs requests.jsonl (not written for this run)";
  }
  return chart;
}

svg::Chart ttft_scatter(std::span<const ChartTarget> targets, const RequestPoints *points) {
  svg::Chart chart = per_request_chart(
      "ttft-over-time", "TTFT of each request, by send time",
      {"TTFT", svg::Scale::linear, svg::Unit::ms, std::nullopt, std::nullopt}, points);
  if (points == nullptr) {
    return chart;
  }
  for (const ChartTarget &t : targets) {
    const std::uint32_t index = points->target_index(t.target->name);
    svg::Series series{t.label, {}, svg::Mark::points, "", false};
    for (const RequestPoint &p : points->points) {
      if (p.target == index && p.ok && p.ttft_ns >= 0 && p.sent_ns >= 0) {
        series.points.push_back({static_cast<double>(p.sent_ns) / k_s_in_ns,
                                 static_cast<double>(p.ttft_ns) / k_ms_in_ns});
      }
    }
    chart.series.push_back(std::move(series));
  }
  add_phase(chart, targets);
  return chart;
}

// The interval failures are counted in: the first target's timeline width, doubled until the
// run fits in k_max_failure_bins.
std::int64_t failure_bin_ns(std::span<const ChartTarget> targets, std::int64_t end_ns) {
  std::int64_t width =
      targets.empty() ? 1'000'000'000
                      : std::max<std::int64_t>(targets.front().target->timeline.bucket_ns(), 1);
  while (end_ns / width + 1 > k_max_failure_bins) {
    width *= 2;
  }
  return width;
}

svg::Chart failures_chart(std::span<const ChartTarget> targets, const RequestPoints *points) {
  svg::Chart chart = per_request_chart(
      "failures-over-time", "Failed requests over time, by kind",
      {"failed requests", svg::Scale::linear, svg::Unit::count, std::nullopt, std::nullopt},
      points);
  chart.stack_bars = true;
  if (points == nullptr) {
    return chart;
  }
  chart.empty_note = "no failed requests";
  std::int64_t end = 0;
  for (const RequestPoint &p : points->points) {
    end = std::max(end, p.done_ns);
  }
  const std::int64_t width = failure_bin_ns(targets, end);
  const auto bins = static_cast<std::size_t>(end / width + 1);
  // Counts per (target in the log, kind), in one pass over the requests.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<double>> counts;
  for (const RequestPoint &p : points->points) {
    if (!p.ok && p.done_ns >= 0) {
      std::vector<double> &row = counts[{p.target, p.kind}];
      row.resize(bins, 0.0);
      row[static_cast<std::size_t>(p.done_ns / width)] += 1;
    }
  }
  for (const ChartTarget &t : targets) {
    const std::uint32_t index = points->target_index(t.target->name);
    for (std::uint32_t kind = 0; kind < points->kinds.size(); ++kind) {
      const auto it = counts.find({index, kind});
      if (it == counts.end()) {
        continue;
      }
      const std::string name =
          targets.size() > 1 ? t.label + ": " + points->kinds[kind] : points->kinds[kind];
      svg::Series series{name, {}, svg::Mark::bars, "", false};
      for (std::size_t i = 0; i <= bins; ++i) {
        series.points.push_back(
            {static_cast<double>(static_cast<std::int64_t>(i) * width) / k_s_in_ns,
             i < bins ? it->second[i] : 0.0});
      }
      chart.series.push_back(std::move(series));
    }
  }
  add_phase(chart, targets);
  return chart;
}

} // namespace

std::vector<ChartTarget> chart_targets(const run::RunOutput &run) {
  std::vector<ChartTarget> out;
  for (const run::TargetRun &t : run.targets) {
    if (t.error.empty()) {
      out.push_back({t.name, &t});
    }
  }
  return out;
}

std::vector<svg::Chart> distribution_charts(std::span<const ChartTarget> targets) {
  std::vector<svg::Chart> out;
  for (const LatencyView &view : k_latencies) {
    out.push_back(cdf_chart(targets, view));
    out.push_back(histogram_chart(targets, view));
  }
  return out;
}

std::vector<svg::Chart> timeline_charts(std::span<const ChartTarget> targets,
                                        const RequestPoints *points) {
  using B = metrics::TimelineBucket;
  std::vector<svg::Chart> out;
  out.push_back(timeline_chart(
      targets, "tokens-over-time", "Output tokens per second",
      {"output tokens/s", svg::Scale::linear, svg::Unit::number, std::nullopt, std::nullopt},
      svg::Mark::line, true,
      [](const B &b, double width) { return static_cast<double>(b.output_tokens) / width; }));
  out.push_back(timeline_chart(
      targets, "requests-over-time", "Requests completed per second (ok)",
      {"requests/s", svg::Scale::linear, svg::Unit::number, std::nullopt, std::nullopt},
      svg::Mark::line, true,
      [](const B &b, double width) { return static_cast<double>(b.ok) / width; }));
  out.push_back(timeline_chart(
      targets, "in-flight-over-time", "Requests in flight",
      {"in flight", svg::Scale::linear, svg::Unit::count, std::nullopt, std::nullopt},
      svg::Mark::step, false, [](const B &b, double) { return static_cast<double>(b.in_flight); }));
  out.push_back(ttft_scatter(targets, points));
  out.push_back(failures_chart(targets, points));
  return out;
}

} // namespace chatbench::report
