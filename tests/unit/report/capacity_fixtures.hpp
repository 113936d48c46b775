#pragma once
// Hand-made capacity results for the report tests: a rate sweep that stopped early at an
// over-saturated step, and a concurrency search with a step that failed to run. Every figure
// follows from step()'s rules below, so expected cells can be worked out on paper.
#include "capacity/result.hpp"
#include "report/format.hpp"
#include "run/result.hpp"

#include "fixtures.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace chatbench::report::test {

using capacity::Over;
using capacity::StepKind;
using capacity::StepStatus;

/// A step measured for 10 s: ok = achieved * 10 requests, none failed, 128 output tokens per
/// request; TTFT p50/p90/p95/p99 = ttft_p50_ms x 1, 1.2, 1.4, 1.6; E2E = TTFT + 1.5 s; ITL
/// 20/25/30/40 ms; offered = level on a rate step.
inline capacity::Step step(std::uint32_t index, StepKind kind, Over over, double level,
                           StepStatus status, double achieved, double in_flight,
                           std::int64_t ttft_p50_ms) {
  capacity::Step s;
  s.index = index;
  s.kind = kind;
  s.over = over;
  s.level = level;
  s.status = status;
  s.windows = 5;
  capacity::StepFigures &f = s.figures;
  f.measured_s = 10;
  f.ok = static_cast<std::uint64_t>(std::llround(achieved * 10));
  f.requests = f.ok;
  f.offered_rate = over == Over::rate ? level : 0;
  f.achieved_rate = achieved;
  f.mean_in_flight = in_flight;
  f.output_tokens_per_s = achieved * 128;
  f.goodput_per_s = achieved;
  const auto ms = [ttft_p50_ms](double factor, std::int64_t plus_ms = 0) {
    return std::llround(static_cast<double>(ttft_p50_ms) * factor * 1e6) + plus_ms * k_ms;
  };
  f.ttft = {ms(1), ms(1.2), ms(1.4), ms(1.6)};
  f.e2e = {ms(1, 1500), ms(1.2, 1500), ms(1.4, 1500), ms(1.6, 1500)};
  f.itl = {20 * k_ms, 25 * k_ms, 30 * k_ms, 40 * k_ms};
  return s;
}

/// "ttft.p95 < 500ms" judged on `s`, and "error_rate < 5%".
inline capacity::Step with_slo(capacity::Step s) {
  const double p95 = static_cast<double>(s.figures.ttft.p95_ns);
  s.slo.push_back({"ttft.p95 < 500ms", p95, p95 < 500e6,
                   "actual " + format_duration_ns(p95) + ", required < 500 ms"});
  const double errors = s.figures.error_rate;
  s.slo.push_back({"error_rate < 5%", errors, errors < 0.05,
                   "actual " + format_percent(errors) + ", required < 5.00%"});
  return s;
}

/// A rate sweep: baseline c=1, probe c=64, then 10, 20, 30, 40 and 50/s; 40/s is unstable and
/// fails the TTFT SLO, 50/s is over-saturated (35% errors) and stopped the plan. Knee at step 4
/// (30/s); the SLOs hold up to 30/s.
inline capacity::Result rate_sweep() {
  capacity::Result r;
  r.mode = capacity::Mode::sweep;
  r.over = Over::rate;
  r.steps.push_back(with_slo(
      step(0, StepKind::baseline, Over::concurrency, 1, StepStatus::stable, 2.0, 1.0, 100)));
  r.steps.push_back(with_slo(
      step(1, StepKind::probe, Over::concurrency, 64, StepStatus::stable, 41.5, 63.2, 900)));
  r.steps.push_back(
      with_slo(step(2, StepKind::level, Over::rate, 10, StepStatus::stable, 9.9, 5.1, 110)));
  r.steps.push_back(
      with_slo(step(3, StepKind::level, Over::rate, 20, StepStatus::stable, 19.9, 10.8, 150)));
  capacity::Step s4 = step(4, StepKind::level, Over::rate, 30, StepStatus::stable, 29.7, 17.5, 250);
  s4.extended = true;
  s4.windows = 9;
  s4.measured_from_s = 12.5;
  s4.measured_to_s = 30.5;
  r.steps.push_back(with_slo(s4));
  capacity::Step s5 =
      step(5, StepKind::level, Over::rate, 40, StepStatus::unstable, 38.2, 31.0, 450);
  s5.reason = "throughput still moving after 30 s";
  r.steps.push_back(with_slo(s5));
  capacity::Step s6 =
      step(6, StepKind::level, Over::rate, 50, StepStatus::oversaturated, 31.0, 58.4, 1200);
  s6.reason = "error rate 35.00% over 10.00%";
  s6.figures.failed = 167;
  s6.figures.requests = s6.figures.ok + s6.figures.failed;
  s6.figures.error_rate = 0.35;
  s6.figures.goodput_per_s = 0.5;
  r.steps.push_back(with_slo(s6));
  r.knee = capacity::Knee{4, 30, 29.7, 3801.6};
  r.answer = capacity::Answer{true, 30, Over::rate, 4, 5, 0, false, true, ""};
  r.stopped_early = "step 6 was over-saturated: error rate 35.00% over 10.00%";
  return r;
}

/// A concurrency search: baseline, probe, then 16 (pass), 32 (fails, unstable), 24 (pass) and
/// 28, which failed to run. Not resolved to 4; knee at step 2.
inline capacity::Result concurrency_search() {
  capacity::Result r;
  r.mode = capacity::Mode::search;
  r.over = Over::concurrency;
  r.steps.push_back(with_slo(
      step(0, StepKind::baseline, Over::concurrency, 1, StepStatus::stable, 1.8, 1.0, 120)));
  r.steps.push_back(with_slo(
      step(1, StepKind::probe, Over::concurrency, 64, StepStatus::stable, 20.5, 64.0, 2000)));
  r.steps.push_back(with_slo(
      step(2, StepKind::search, Over::concurrency, 16, StepStatus::stable, 15.2, 16.0, 240)));
  capacity::Step s3 =
      step(3, StepKind::search, Over::concurrency, 32, StepStatus::unstable, 18.9, 32.0, 700);
  s3.reason = "TTFT p50 still rising";
  r.steps.push_back(with_slo(s3));
  r.steps.push_back(with_slo(
      step(4, StepKind::search, Over::concurrency, 24, StepStatus::stable, 17.6, 24.0, 310)));
  capacity::Step s5 = step(5, StepKind::search, Over::concurrency, 28, StepStatus::failed, 0, 0, 0);
  s5.reason = "engine set-up failed: too many open files";
  s5.windows = 0;
  s5.figures = {};
  s5.slo.push_back({"ttft.p95 < 500ms", std::nullopt, false, "no measured requests"});
  s5.slo.push_back({"error_rate < 5%", std::nullopt, false, "no measured requests"});
  r.steps.push_back(s5);
  r.knee = capacity::Knee{2, 16, 15.2, 1945.6};
  r.answer = capacity::Answer{
      true, 24, Over::concurrency, 4, 3, 4, false, true, "the search ran out of steps"};
  return r;
}

/// "alpha" with the rate sweep.
inline run::TargetRun swept_alpha() {
  run::TargetRun t = alpha();
  t.capacity = rate_sweep();
  return t;
}

/// "beta": two streamed ok requests, with the concurrency search.
inline run::TargetRun searched_beta() {
  run::TargetRun t = make_target("beta", {streamed({.id = 1, .at_ms = 0, .new_connection = true}),
                                          streamed({.id = 2, .at_ms = 50})});
  t.capacity = concurrency_search();
  return t;
}

/// Both targets: the 2-target capacity run.
inline run::RunOutput capacity_run() {
  std::vector<run::TargetRun> targets;
  targets.push_back(swept_alpha());
  targets.push_back(searched_beta());
  return make_run(std::move(targets));
}

/// A scenario whose load is a rate sweep with SLOs.
inline scenario::Scenario sweep_scenario() {
  scenario::Scenario s = fixture_scenario();
  s.load.mode = scenario::Load::Mode::sweep;
  s.load.sweep.levels = {10, 20, 30, 40, 50};
  s.load.sweep.slo = {threshold("ttft.p95 < 500ms"), threshold("error_rate < 5%")};
  return s;
}

} // namespace chatbench::report::test
