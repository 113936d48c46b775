#include "report/json_capacity.hpp"

#include <cmath>

namespace chatbench::report {
namespace {

using nlohmann::json;

// Step figures are finite by construction; this keeps a slip from writing NaN, which
// nlohmann::json prints as null where the schema expects a number.
double finite_or_zero(double value) {
  return std::isfinite(value) ? value : 0.0;
}

json latency_json(const capacity::Latency &l) {
  return {{"p50_ns", l.p50_ns}, {"p90_ns", l.p90_ns}, {"p95_ns", l.p95_ns}, {"p99_ns", l.p99_ns}};
}

json figures_json(const capacity::StepFigures &f) {
  return {{"measured_s", finite_or_zero(f.measured_s)},
          {"requests", f.requests},
          {"ok", f.ok},
          {"failed", f.failed},
          {"error_rate", finite_or_zero(f.error_rate)},
          {"offered_rate", finite_or_zero(f.offered_rate)},
          {"achieved_rate", finite_or_zero(f.achieved_rate)},
          {"mean_in_flight", finite_or_zero(f.mean_in_flight)},
          {"output_tokens_per_s", finite_or_zero(f.output_tokens_per_s)},
          {"goodput_per_s", finite_or_zero(f.goodput_per_s)},
          {"ttft", latency_json(f.ttft)},
          {"e2e", latency_json(f.e2e)},
          {"itl", latency_json(f.itl)}};
}

json slo_result_json(const capacity::SloResult &r) {
  const bool has_actual = r.actual && std::isfinite(*r.actual);
  return {{"expression", r.expression},
          {"actual", has_actual ? json(*r.actual) : json(nullptr)},
          {"passed", r.passed},
          {"detail", r.detail}};
}

json step_json(const capacity::Step &s) {
  json slo = json::array();
  for (const capacity::SloResult &r : s.slo) {
    slo.push_back(slo_result_json(r));
  }
  return {{"index", s.index},
          {"kind", std::string(capacity::to_string(s.kind))},
          {"over", std::string(capacity::to_string(s.over))},
          {"level", finite_or_zero(s.level)},
          {"status", std::string(capacity::to_string(s.status))},
          {"reason", s.reason},
          {"windows", s.windows},
          {"extended", s.extended},
          {"measured_from_s", s.measured_from_s},
          {"measured_to_s", s.measured_to_s},
          {"figures", figures_json(s.figures)},
          {"slo", std::move(slo)}};
}

json knee_json(const capacity::Knee &k) {
  return {{"step", k.step},
          {"level", finite_or_zero(k.level)},
          {"achieved_rate", finite_or_zero(k.achieved_rate)},
          {"output_tokens_per_s", finite_or_zero(k.output_tokens_per_s)}};
}

json answer_json(const capacity::Answer &a) {
  const auto step = [](const std::optional<std::uint32_t> &index) {
    return index ? json(*index) : json(nullptr);
  };
  return {{"found", a.found},
          {"level", finite_or_zero(a.level)},
          {"over", std::string(capacity::to_string(a.over))},
          {"last_pass", step(a.last_pass)},
          {"first_fail", step(a.first_fail)},
          {"resolution", finite_or_zero(a.resolution)},
          {"resolved", a.resolved},
          {"monotone", a.monotone},
          {"note", a.note}};
}

} // namespace

json capacity_json(const capacity::Result &result) {
  json steps = json::array();
  for (const capacity::Step &s : result.steps) {
    steps.push_back(step_json(s));
  }
  return {{"mode", std::string(capacity::to_string(result.mode))},
          {"over", std::string(capacity::to_string(result.over))},
          {"stopped_early", result.stopped_early},
          {"knee", result.knee ? knee_json(*result.knee) : json(nullptr)},
          {"answer", result.answer ? answer_json(*result.answer) : json(nullptr)},
          {"steps", std::move(steps)}};
}

json sweep_settings_json(const scenario::Sweep &sweep) {
  const auto seconds = [](scenario::Nanos d) {
    return static_cast<double>(d.count()) / 1e9;
  };
  json slo = json::array();
  for (const scenario::Threshold &t : sweep.slo) {
    slo.push_back(t.text);
  }
  return {{"over", sweep.over == scenario::Sweep::Over::rate ? "rate" : "concurrency"},
          {"levels", sweep.levels},
          {"steps", sweep.steps},
          {"probe_concurrency", sweep.probe_concurrency},
          {"max_duration_s", seconds(sweep.max_duration)},
          {"window_s", seconds(sweep.window)},
          {"stable_windows", sweep.stable_windows},
          {"tolerance", sweep.tolerance},
          {"stop_error_rate", sweep.stop_error_rate},
          {"stop_latency_growth", sweep.stop_latency_growth},
          {"slo", std::move(slo)},
          {"start", sweep.start},
          {"max", sweep.max},
          {"resolution", sweep.resolution},
          {"resolution_relative", sweep.resolution_relative}};
}

std::string_view load_mode_name(scenario::Load::Mode mode) noexcept {
  switch (mode) {
  case scenario::Load::Mode::concurrency:
    return "concurrency";
  case scenario::Load::Mode::rate:
    return "rate";
  case scenario::Load::Mode::sweep:
    return "sweep";
  case scenario::Load::Mode::search:
    return "search";
  }
  return "concurrency";
}

} // namespace chatbench::report
