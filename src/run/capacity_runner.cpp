#include "run/capacity_runner.hpp"

#include "capacity/knee.hpp"
#include "capacity/plan.hpp"
#include "capacity/search.hpp"
#include "capacity/step_figures.hpp"
#include "engine/clock.hpp"
#include "run/load_plan.hpp"
#include "run/step_watcher.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace chatbench::run::detail {
namespace {

using capacity::Over;
using capacity::Step;
using capacity::StepKind;
using capacity::StepStatus;

struct StepSpec {
  StepKind kind = StepKind::level;
  Over over = Over::rate;
  double level = 0;
};

std::string level_text(Over over, double level) {
  char text[48];
  if (over == Over::rate) {
    std::snprintf(text, sizeof text, "%.4g/s", level);
  } else {
    std::snprintf(text, sizeof text, "concurrency %.0f", level);
  }
  return text;
}

// The steps of one target, run one after another against the same target and origin.
class CapacityRun {
public:
  CapacityRun(Shared &shared, const PreparedTarget &p, TargetRun &out)
      : m_shared(shared), m_p(p), m_out(out), m_sweep(shared.scenario.load.sweep), m_template(out),
        m_origin_ns(engine::steady_now_ns()) {
    m_out.start_wall = std::chrono::system_clock::now();
    m_out.start_ns = m_origin_ns;
    m_out.timeline = metrics::Timeline(m_origin_ns, k_timeline_bucket_ns, shared.slo);
  }

  const Step &run(const StepSpec &spec);
  /// A signal came or the target failed: no more steps.
  bool over() const { return m_out.interrupted || !m_out.error.empty(); }
  capacity::Result &result() { return m_result; }

private:
  Result<engine::LoadPlan> plan_for(const StepSpec &spec) const;
  StepWatchOptions watch_options(const StepSpec &spec) const;
  void judge(Step &step, TargetRun &run) const;
  void merge(const Step &step, TargetRun &run);
  void say(const Step &step, const TargetRun &run) const;

  Shared &m_shared;
  const PreparedTarget &m_p;
  TargetRun &m_out;
  const scenario::Sweep &m_sweep;
  const TargetRun m_template; // the target's description, no metrics: each step starts from it
  std::int64_t m_origin_ns;
  std::int64_t m_reference_ns = -1; // the baseline's TTFT (or E2E) p50
  double m_reference_e2e_s = 0;     // the baseline's E2E p50
  capacity::Result m_result;
};

Result<engine::LoadPlan> CapacityRun::plan_for(const StepSpec &spec) const {
  scenario::Load load = m_shared.scenario.load;
  const bool rate = spec.over == Over::rate;
  load.mode = rate ? scenario::Load::Mode::rate : scenario::Load::Mode::concurrency;
  load.rate_per_s = rate ? spec.level : 0;
  load.concurrency = rate ? 1 : static_cast<std::uint32_t>(std::lround(spec.level));
  if (!rate) {
    load.max_in_flight.reset();
    load.busy_wait = {};
  }
  load.stages.clear();
  load.requests.reset();
  load.warmup_requests = 0;
  // The watcher ends the step; the plan's own end is a backstop one window after the maximum.
  load.duration = m_sweep.max_duration + m_sweep.window;
  return load_plan(load, m_shared.scenario.seed);
}

StepWatchOptions CapacityRun::watch_options(const StepSpec &spec) const {
  const scenario::Load &load = m_shared.scenario.load;
  StepWatchOptions o;
  o.warmup_ns = load.warmup_duration.count();
  o.window_ns = m_sweep.window.count();
  o.min_measure_ns = load.duration.value_or(m_sweep.window * m_sweep.stable_windows).count();
  o.max_measure_ns = m_sweep.max_duration.count();
  o.rule = {m_sweep.stable_windows, m_sweep.tolerance, m_sweep.stop_error_rate,
            m_sweep.stop_latency_growth};
  o.reference_ttft_ns = m_reference_ns;
  // Little's law: a queue-free open loop at this rate keeps rate x E2E in flight; a closed loop
  // keeps its level.
  o.reference_in_flight = spec.over == Over::concurrency ? spec.level
                          : m_reference_e2e_s > 0        ? spec.level * m_reference_e2e_s
                                                         : 0;
  o.slo = m_shared.slo;
  return o;
}

void CapacityRun::judge(Step &step, TargetRun &run) const {
  if (m_sweep.slo.empty() || step.status == StepStatus::failed || !m_shared.options.step_judge) {
    return;
  }
  RunOutput one;
  one.targets.push_back(std::move(run));
  step.slo = m_shared.options.step_judge(m_sweep.slo, one);
  run = std::move(one.targets.front());
}

void CapacityRun::merge(const Step &step, TargetRun &run) {
  if (!run.error.empty()) {
    m_out.error = "step " + std::to_string(step.index) + " (" + level_text(step.over, step.level) +
                  "): " + run.error;
    return;
  }
  m_out.interrupted = m_out.interrupted || run.interrupted;
  const auto fail = [this](const char *what, const Error &e) {
    m_out.error = std::string("merging the steps' ") + what + ": " + e.message;
  };
  if (Result<void> r = m_out.recorder.merge(run.recorder); !r) {
    fail("recorders", r.error());
  }
  if (Result<void> r = m_out.timeline.merge(run.timeline); !r) {
    fail("timelines", r.error());
  }
  m_out.conformance.merge(run.conformance);
  if (m_out.measure_start_ns < 0) {
    m_out.measure_start_ns = run.measure_start_ns;
  }
  m_out.measure_end_ns = run.measure_end_ns;
  m_out.finished_ns = run.finished_ns;
  m_out.workers = std::max(m_out.workers, run.workers);
  m_out.max_in_flight = std::max(m_out.max_in_flight, run.max_in_flight);
  m_out.connections += run.connections;
}

// The most frequent failure kind of a step, with its count: " (most: not_sent 3)".
std::string most_failures(const metrics::Counts &counts) {
  std::size_t most = 0;
  for (std::size_t k = 1; k < metrics::k_failure_kind_count; ++k) {
    most = counts.by_outcome[k] > counts.by_outcome[most] || most == 0 ? k : most;
  }
  if (most == 0 || counts.by_outcome[most] == 0) {
    return "";
  }
  return " (most: " + std::string(metrics::to_string(static_cast<metrics::FailureKind>(most))) +
         " " + std::to_string(counts.by_outcome[most]) + ")";
}

// One line per step as it ends, where the progress line goes (a log in CI).
void CapacityRun::say(const Step &step, const TargetRun &run) const {
  std::FILE *to = m_shared.options.progress;
  if (to == nullptr) {
    return;
  }
  const capacity::StepFigures &f = step.figures;
  std::fprintf(to, "[%s] step %u %s %s: %s, %.4g/s ok, TTFT p50 %.1f ms, %.1f%% errors%s%s%s\n",
               m_out.name.c_str(), step.index, std::string(capacity::to_string(step.kind)).c_str(),
               level_text(step.over, step.level).c_str(),
               std::string(capacity::to_string(step.status)).c_str(), f.achieved_rate,
               static_cast<double>(f.ttft.p50_ns) / 1e6, f.error_rate * 100,
               most_failures(run.recorder.counts()).c_str(), step.reason.empty() ? "" : ": ",
               step.reason.c_str());
}

const Step &CapacityRun::run(const StepSpec &spec) {
  Step step;
  step.index = static_cast<std::uint32_t>(m_result.steps.size());
  step.kind = spec.kind;
  step.over = spec.over;
  step.level = spec.over == Over::concurrency ? std::round(spec.level) : spec.level;
  const StepSpec at{spec.kind, spec.over, step.level};
  TargetRun run = m_template;
  Result<engine::LoadPlan> plan = plan_for(at);
  capacity::WindowTotals totals;
  if (plan) {
    StepWatcher watcher(watch_options(at));
    const std::string label = m_out.name + " step " + std::to_string(step.index);
    run_engine(m_shared, m_p, run, {&*plan, label, true, m_origin_ns, &watcher, &watcher});
    step.status = watcher.status();
    step.reason = watcher.reason();
    step.windows = watcher.windows();
    step.extended = watcher.extended();
    totals = watcher.totals();
  } else {
    run.error = plan.error().message;
  }
  if (!run.error.empty()) {
    step.status = StepStatus::failed;
    step.reason = run.error;
  } else if (run.interrupted) {
    step.status = StepStatus::interrupted;
    step.reason = "a signal stopped it";
  }
  if (run.measure_start_ns >= 0 && run.measure_end_ns >= 0) {
    step.measured_from_s = static_cast<double>(run.measure_start_ns - m_origin_ns) / 1e9;
    step.measured_to_s = static_cast<double>(run.measure_end_ns - m_origin_ns) / 1e9;
  }
  step.figures =
      capacity::step_figures(run.recorder, run.timeline, run.measure_start_ns, run.measure_end_ns,
                             spec.over == Over::rate ? step.level : 0, totals);
  judge(step, run);
  merge(step, run);
  // Latency growth is judged against the baseline, or without one the first stable step (the
  // lowest of an ascending list of levels).
  if (step.kind == StepKind::baseline ||
      (m_reference_ns < 0 && step.status == StepStatus::stable)) {
    m_reference_ns = capacity::knee_latency_ns(step);
    m_reference_e2e_s = static_cast<double>(step.figures.e2e.p50_ns) / 1e9;
  }
  say(step, run);
  m_result.steps.push_back(std::move(step));
  return m_result.steps.back();
}

// A sweep's levels after its baseline and probe, from what they measured.
std::vector<double> automatic_levels(const scenario::Sweep &sweep, const Step &baseline,
                                     const Step &probe) {
  if (sweep.over == scenario::Sweep::Over::rate) {
    return capacity::spread_rates(baseline.figures.achieved_rate, probe.figures.achieved_rate,
                                  sweep.steps);
  }
  const double e2e_s = static_cast<double>(baseline.figures.e2e.p50_ns) / 1e9;
  return capacity::spread_concurrencies(probe.figures.achieved_rate, e2e_s, sweep.probe_concurrency,
                                        sweep.steps);
}

Over over_of(const scenario::Sweep &sweep) {
  return sweep.over == scenario::Sweep::Over::rate ? Over::rate : Over::concurrency;
}

void run_sweep(CapacityRun &run, const scenario::Sweep &sweep) {
  const Over over = over_of(sweep);
  std::vector<double> levels = sweep.levels;
  if (levels.empty()) {
    const Step baseline = run.run({StepKind::baseline, Over::concurrency, 1});
    if (run.over()) {
      return;
    }
    const Step &probe =
        run.run({StepKind::probe, Over::concurrency, static_cast<double>(sweep.probe_concurrency)});
    if (run.over()) {
      return;
    }
    levels = automatic_levels(sweep, baseline, probe);
    if (levels.empty()) {
      run.result().stopped_early = "the baseline or the probe had no successful request, so "
                                   "there was nothing to spread the levels over";
      return;
    }
  }
  for (const double level : levels) {
    const Step &step = run.run({StepKind::level, over, level});
    if (step.status == StepStatus::oversaturated) {
      run.result().stopped_early = "step " + std::to_string(step.index) + " at " +
                                   level_text(over, level) + " was over-saturated (" + step.reason +
                                   "); no higher level ran";
      return;
    }
    if (run.over()) {
      return;
    }
  }
}

capacity::Answer run_search(CapacityRun &run, const scenario::Sweep &sweep) {
  const Over over = over_of(sweep);
  const Step baseline = run.run({StepKind::baseline, Over::concurrency, 1});
  capacity::SearchOptions options;
  options.over = over;
  options.integral = over == Over::concurrency;
  options.max = sweep.max;
  options.resolution = sweep.resolution;
  options.relative = sweep.resolution_relative;
  const bool baseline_passed =
      baseline.slo_passed() && baseline.status != StepStatus::oversaturated;
  if (over == Over::concurrency) {
    options.start = sweep.start > 0 ? sweep.start : 1;
  } else {
    options.start = sweep.start > 0
                        ? sweep.start
                        : capacity::round_significant(baseline.figures.achieved_rate, 3);
    options.min_level = options.start / 64;
  }
  capacity::Search search(options);
  if (run.over() || !(options.start > 0)) {
    capacity::Answer answer = search.answer();
    answer.note = run.over() ? "the search was stopped at its baseline"
                             : "the baseline had no successful request to start the search from";
    return answer;
  }
  if (over == Over::concurrency && options.start <= 1) {
    search.record(1, baseline_passed, baseline.index);
  }
  while (const std::optional<double> level = search.next()) {
    const Step &step = run.run({StepKind::search, over, *level});
    search.record(step.level, step.slo_passed() && step.status != StepStatus::oversaturated,
                  step.index);
    if (run.over()) {
      break;
    }
  }
  return search.answer();
}

} // namespace

void run_capacity(Shared &shared, const PreparedTarget &p, TargetRun &out) {
  const scenario::Sweep &sweep = shared.scenario.load.sweep;
  CapacityRun run(shared, p, out);
  capacity::Result &result = run.result();
  result.over = over_of(sweep);
  if (shared.scenario.load.mode == scenario::Load::Mode::search) {
    result.mode = capacity::Mode::search;
    result.answer = run_search(run, sweep);
  } else {
    result.mode = capacity::Mode::sweep;
    run_sweep(run, sweep);
    if (!sweep.slo.empty()) {
      result.answer = capacity::sweep_answer(result.steps, result.over);
    }
  }
  if (out.interrupted && result.stopped_early.empty()) {
    result.stopped_early = "interrupted by a signal";
  }
  result.knee = capacity::find_knee(result.steps);
  out.capacity = std::move(result);
}

} // namespace chatbench::run::detail
