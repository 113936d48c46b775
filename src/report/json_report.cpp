#include "report/json_report.hpp"

#include "report/figures.hpp"
#include "report/format.hpp"
#include "report/json_capacity.hpp"
#include "report/json_target.hpp"
#include "scenario/summary.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace chatbench::report {
namespace {

using nlohmann::json;

constexpr double k_ns_per_s = 1e9;

double to_seconds(scenario::Nanos d) {
  return static_cast<double>(d.count()) / k_ns_per_s;
}

template <class T, class F> json optional_json(const std::optional<T> &value, F &&convert) {
  return value ? json(convert(*value)) : json(nullptr);
}

json manifest_json(const run::Manifest &m) {
  return {{"version", m.version},
          {"git_revision", m.git_revision},
          {"libcurl", m.libcurl},
          {"tls", m.tls},
          {"nghttp2", m.nghttp2},
          {"cores", m.cores},
          {"scenario_file", m.scenario_file},
          {"scenario_name", m.scenario_name},
          {"scenario_hash", m.scenario_hash},
          {"overrides", m.overrides},
          {"command_line", m.command_line},
          {"seed", m.seed},
          {"started", iso8601_utc(m.started)},
          {"duration_s", static_cast<double>(m.duration_ns) / k_ns_per_s}};
}

std::string_view arrival_name(scenario::Load::Arrival arrival) {
  switch (arrival) {
  case scenario::Load::Arrival::constant:
    return "constant";
  case scenario::Load::Arrival::poisson:
    return "poisson";
  case scenario::Load::Arrival::gamma:
    return "gamma";
  }
  return "constant";
}

json load_json(const scenario::Load &load) {
  using Mode = scenario::Load::Mode;
  const bool capacity = load.mode == Mode::sweep || load.mode == Mode::search;
  // A rate sweep's steps arrive as `arrival` and `burstiness` say; concurrency and rate_per_s
  // are the fixed-load modes' own.
  const bool arrivals =
      load.mode == Mode::rate || (capacity && load.sweep.over == scenario::Sweep::Over::rate);
  json stages = json::array();
  for (const scenario::Stage &stage : load.stages) {
    stages.push_back({{"duration_s", to_seconds(stage.duration)}, {"target", stage.target}});
  }
  const auto same = [](auto v) {
    return v;
  };
  json out = {
      {"mode", std::string(load_mode_name(load.mode))},
      {"concurrency", load.mode == Mode::concurrency ? json(load.concurrency) : json(nullptr)},
      {"rate_per_s", load.mode == Mode::rate ? json(load.rate_per_s) : json(nullptr)},
      {"arrival", arrivals ? json(std::string(arrival_name(load.arrival))) : json(nullptr)},
      {"burstiness", arrivals ? json(load.burstiness) : json(nullptr)},
      {"stages", std::move(stages)},
      {"duration_s", optional_json(load.duration, to_seconds)},
      {"requests", optional_json(load.requests, same)},
      {"warmup",
       {{"duration_s", to_seconds(load.warmup_duration)}, {"requests", load.warmup_requests}}},
      {"max_in_flight", optional_json(load.max_in_flight, same)},
      {"drain_s", to_seconds(load.drain)},
      {"workers", load.workers},
      {"side_by_side", load.side_by_side}};
  if (capacity) {
    out["sweep"] = sweep_settings_json(load.sweep);
  }
  return out;
}

json slo_json(const scenario::Slo &slo) {
  const auto ms = [](scenario::Nanos d) {
    return static_cast<double>(d.count()) / 1e6;
  };
  return {{"ttft_ms", optional_json(slo.ttft, ms)},
          {"tpot_ms", optional_json(slo.tpot, ms)},
          {"itl_max_ms", optional_json(slo.itl_max, ms)},
          {"e2e_ms", optional_json(slo.e2e, ms)}};
}

std::string_view conformance_name(scenario::Checks::Conformance level) {
  switch (level) {
  case scenario::Checks::Conformance::fail:
    return "fail";
  case scenario::Checks::Conformance::warn:
    return "warn";
  case scenario::Checks::Conformance::off:
    return "off";
  }
  return "fail";
}

json scenario_json(const scenario::Scenario &s) {
  return {{"name", s.name},
          {"description", s.description},
          {"summary", scenario::summarize(s)},
          {"stream", s.request.stream},
          {"conformance", std::string(conformance_name(s.checks.conformance))},
          {"load", load_json(s.load)},
          {"slo", slo_json(s.checks.slo)}};
}

json verdict_json(const Verdict &v) {
  return {{"expression", v.expression},
          {"target", v.target},
          {"actual", v.actual && std::isfinite(*v.actual) ? json(*v.actual) : json(nullptr)},
          {"passed", v.passed},
          {"detail", v.detail}};
}

} // namespace

json report_json(const run::RunOutput &run, const scenario::Scenario &scenario,
                 std::span<const Verdict> verdicts) {
  json thresholds = json::array();
  for (const Verdict &v : verdicts) {
    thresholds.push_back(verdict_json(v));
  }
  json targets = json::array();
  for (const run::TargetRun &target : run.targets) {
    targets.push_back(target_json(target, compute_figures(target)));
  }
  return {{"schema", std::string(k_report_schema)},
          {"status", std::string(run_status(run, verdicts))},
          {"interrupted", run.interrupted},
          {"manifest", manifest_json(run.manifest)},
          {"scenario", scenario_json(scenario)},
          {"requests_file", run.requests_file.empty() ? json(nullptr) : json(run.requests_file)},
          {"thresholds", std::move(thresholds)},
          {"targets", std::move(targets)}};
}

} // namespace chatbench::report
