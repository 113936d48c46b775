#include "report/capacity_charts.hpp"

#include "report/capacity_table.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>

// A named namespace around the helpers: the report library is a unity build
// (cmake/Modules.cmake), and run_charts.cpp has helpers of the same kinds.
namespace chatbench::report::capacity_chart_parts {
namespace {

using capacity::Over;
using capacity::Step;

constexpr double k_ns_per_ms = 1e6;
constexpr const char *k_identity_color = "#9ca3af";

// A step's position on a chart's x axis, or nullopt when the chart cannot place it.
using XOf = std::function<std::optional<double>(const Step &)>;
using YOf = std::function<std::optional<double>(const Step &)>;

bool plotted(const Step &s) {
  return s.status != capacity::StepStatus::failed && s.figures.requests > 0;
}

std::string color_of(std::size_t target) {
  return std::string(svg::palette()[target % svg::palette().size()]);
}

// The steps of `result` as points sorted by x, hollow when the step was not stable.
std::vector<svg::Point> points_of(const capacity::Result &result, const XOf &x, const YOf &y) {
  std::vector<svg::Point> points;
  for (const Step &s : result.steps) {
    const std::optional<double> px = plotted(s) ? x(s) : std::nullopt;
    const std::optional<double> py = px ? y(s) : std::nullopt;
    if (py) {
      points.push_back({*px, *py, s.status != capacity::StepStatus::stable});
    }
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const svg::Point &a, const svg::Point &b) { return a.x < b.x; });
  return points;
}

// A vertical "knee" line for each target whose knee step the chart can place.
void add_knees(svg::Chart &chart, std::span<const ChartTarget> targets, const XOf &x) {
  for (const ChartTarget &t : targets) {
    const auto &result = t.target->capacity;
    const Step *step = result && result->knee ? find_step(*result, result->knee->step) : nullptr;
    const std::optional<double> at = step != nullptr && plotted(*step) ? x(*step) : std::nullopt;
    if (at) {
      chart.references.push_back({svg::Reference::Direction::vertical, *at,
                                  targets.size() > 1 ? "knee · " + t.label : "knee"});
    }
  }
}

svg::Axis rate_axis(std::string label) {
  return {std::move(label), svg::Scale::linear, svg::Unit::number, 0.0, std::nullopt};
}

// One line per target with a capacity result, in the target's colour, and the knees.
svg::Chart steps_chart(std::span<const ChartTarget> targets, svg::Chart chart, const XOf &x,
                       const YOf &y) {
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (const auto &result = targets[i].target->capacity) {
      chart.series.push_back(
          {targets[i].label, points_of(*result, x, y), svg::Mark::line_points, color_of(i), false});
    }
  }
  add_knees(chart, targets, x);
  return chart;
}

Over over_of(std::span<const ChartTarget> targets) {
  for (const ChartTarget &t : targets) {
    if (t.target->capacity) {
      return t.target->capacity->over;
    }
  }
  return Over::rate;
}

svg::Chart throughput_chart(std::span<const ChartTarget> targets) {
  const bool rate = over_of(targets) == Over::rate;
  svg::Chart chart;
  chart.id = "capacity-throughput";
  chart.title = rate ? "Achieved vs offered throughput" : "Achieved throughput vs concurrency";
  chart.x = rate_axis(rate ? "offered requests/s" : "concurrency (the step's level)");
  chart.y = rate_axis("achieved ok requests/s");
  const Over over = rate ? Over::rate : Over::concurrency;
  const XOf x = [rate, over](const Step &s) -> std::optional<double> {
    return s.over != over ? std::nullopt
                          : std::optional<double>(rate ? s.figures.offered_rate : s.level);
  };
  chart = steps_chart(targets, std::move(chart), x,
                      [](const Step &s) { return s.figures.achieved_rate; });
  double most = 0;
  for (const svg::Series &series : chart.series) {
    for (const svg::Point &p : series.points) {
      most = std::max(most, p.x);
    }
  }
  if (rate && most > 0) {
    chart.series.push_back(
        {"achieved = offered", {{0, 0}, {most, most}}, svg::Mark::line, k_identity_color, true});
  }
  for (const ChartTarget &t : targets) {
    const auto &result = t.target->capacity;
    if (result && result->answer && result->answer->found && result->answer->over == over) {
      chart.references.push_back(
          {svg::Reference::Direction::vertical, result->answer->level,
           targets.size() > 1 ? "max within SLOs · " + t.label : "max within SLOs"});
    }
  }
  return chart;
}

struct LatencyOfStep {
  const char *id;
  const char *name;
  capacity::Latency capacity::StepFigures::*field;
};

constexpr LatencyOfStep k_step_latencies[] = {
    {"ttft", "TTFT", &capacity::StepFigures::ttft},
    {"e2e", "E2E latency", &capacity::StepFigures::e2e},
    {"itl", "Inter-token latency", &capacity::StepFigures::itl},
};

std::optional<double> ms_of(std::int64_t ns) {
  return ns < 0 ? std::nullopt : std::optional<double>(static_cast<double>(ns) / k_ns_per_ms);
}

// p50 solid and p99 dashed for each target, against the achieved rate.
svg::Chart latency_chart(std::span<const ChartTarget> targets, const LatencyOfStep &view) {
  svg::Chart chart;
  chart.id = std::string("capacity-") + view.id;
  chart.title = std::string(view.name) + " vs achieved throughput";
  chart.x = rate_axis("achieved ok requests/s");
  chart.y = {std::string(view.name) + " (p50 solid, p99 dashed)", svg::Scale::linear, svg::Unit::ms,
             std::nullopt, std::nullopt};
  const XOf x = [](const Step &s) {
    return s.figures.achieved_rate;
  };
  const auto field = view.field;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto &result = targets[i].target->capacity;
    if (!result) {
      continue;
    }
    const std::string prefix = targets.size() > 1 ? targets[i].label + " " : "";
    const auto p50 = [field](const Step &s) {
      return ms_of((s.figures.*field).p50_ns);
    };
    const auto p99 = [field](const Step &s) {
      return ms_of((s.figures.*field).p99_ns);
    };
    chart.series.push_back(
        {prefix + "p50", points_of(*result, x, p50), svg::Mark::line_points, color_of(i), false});
    chart.series.push_back(
        {prefix + "p99", points_of(*result, x, p99), svg::Mark::line_points, color_of(i), true});
  }
  double lo = std::numeric_limits<double>::infinity();
  double hi = 0;
  for (const svg::Series &series : chart.series) {
    for (const svg::Point &p : series.points) {
      lo = std::min(lo, std::max(p.y, 1e-3));
      hi = std::max(hi, p.y);
    }
  }
  if (hi > 10 * lo) {
    chart.y.scale = svg::Scale::log10;
  }
  add_knees(chart, targets, x);
  return chart;
}

svg::Chart tokens_chart(std::span<const ChartTarget> targets) {
  svg::Chart chart;
  chart.id = "capacity-tokens";
  chart.title = "Output tokens/s vs requests in flight";
  chart.x = rate_axis("requests in flight (mean over the step)");
  chart.y = rate_axis("output tokens/s");
  return steps_chart(
      targets, std::move(chart), [](const Step &s) { return s.figures.mean_in_flight; },
      [](const Step &s) { return s.figures.output_tokens_per_s; });
}

} // namespace
} // namespace chatbench::report::capacity_chart_parts

namespace chatbench::report {

std::vector<svg::Chart> capacity_charts(std::span<const ChartTarget> targets) {
  using namespace capacity_chart_parts;
  if (std::none_of(targets.begin(), targets.end(),
                   [](const ChartTarget &t) { return t.target->capacity.has_value(); })) {
    return {};
  }
  std::vector<svg::Chart> out;
  out.push_back(throughput_chart(targets));
  for (const LatencyOfStep &view : k_step_latencies) {
    out.push_back(latency_chart(targets, view));
  }
  out.push_back(tokens_chart(targets));
  return out;
}

} // namespace chatbench::report
