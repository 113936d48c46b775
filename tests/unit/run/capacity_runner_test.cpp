// Capacity sweeps and searches end to end against the embedded mock's capacity model, whose
// true limit is known: 4 generations at once, each 50 ms to the first token then 15 more tokens
// 10 ms apart, so a slot is busy 200 ms and the mock serves at most 4 / 0.2 s = 20 requests/s.
// Below it nothing waits (constant arrivals); above it the admission queue grows without bound.
#include "run/runner.hpp"

#include "scenario/loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

using namespace chatbench;
using capacity::StepKind;
using capacity::StepStatus;

namespace {

constexpr double k_true_limit = 4 / 0.2;

struct CapacityDir {
  std::filesystem::path path;
  CapacityDir()
      : path(std::filesystem::temp_directory_path() /
             ("chatbench_capacity_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
  }
  ~CapacityDir() { std::filesystem::remove_all(path); }
};

// A capacity-limited mock and short steps: 0.4 s windows, 3 of them at least, 2 s at most.
scenario::Scenario capacity_scenario(scenario::Load::Mode mode) {
  auto loaded = scenario::load_scenario_text(R"({
    "name": "capacity",
    "targets": [{"name": "m", "provider": "openai", "base_url": "mock",
       "mock": {"ttft": "50ms", "itl": "10ms", "output_tokens": 16, "max_concurrency": 4}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true, "max_tokens": 16},
    "load": {"concurrency": 1, "duration": "1200ms", "warmup": "400ms", "drain": "3s"}
  })",
                                             "capacity.json", std::filesystem::current_path());
  EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
  scenario::Scenario s = *loaded;
  s.load.mode = mode;
  scenario::Sweep &sweep = s.load.sweep;
  sweep.window = std::chrono::milliseconds(400);
  sweep.stable_windows = 3;
  sweep.max_duration = std::chrono::seconds(2);
  sweep.tolerance = 0.2;
  return s;
}

// The SLO "ttft.p95 < 150ms", judged from the step's own histogram (report/ does this in the
// binary; run/ only needs someone to judge).
std::vector<capacity::SloResult> judge_ttft(std::span<const scenario::Threshold> slo,
                                            const run::RunOutput &step) {
  std::vector<capacity::SloResult> results;
  const metrics::Histogram &h =
      step.targets.at(0).recorder.histogram(metrics::Metric::ttft_intended);
  for (const scenario::Threshold &t : slo) {
    const auto actual = static_cast<double>(h.value_at_percentile(t.percentile));
    results.push_back({t.text, actual, h.count() > 0 && scenario::holds(t, actual), ""});
  }
  return results;
}

run::RunOptions capacity_options(const CapacityDir &dir) {
  run::RunOptions o;
  o.out_dir = dir.path.string();
  o.progress = std::getenv("CAPACITY_TRACE") ? stderr : nullptr;
  o.step_judge = judge_ttft;
  return o;
}

// Runs `s` and returns its one target, which must have run; nullopt (a failure) otherwise.
std::optional<run::TargetRun> run_capacity_target(const scenario::Scenario &s) {
  CapacityDir dir;
  auto out = run::run_scenario(s, capacity_options(dir));
  if (!out) {
    ADD_FAILURE() << out.error().message;
    return std::nullopt;
  }
  run::TargetRun &t = out->targets.at(0);
  if (!t.error.empty()) {
    ADD_FAILURE() << t.error;
    return std::nullopt;
  }
  return std::move(t);
}

} // namespace

TEST(CapacityRunner, RateSweepFindsTheKneeBelowTheTrueLimitAndStopsWhenOverSaturated) {
  scenario::Scenario s = capacity_scenario(scenario::Load::Mode::sweep);
  s.load.sweep.levels = {5, 10, 15, 18, 24, 32, 40};
  const std::optional<run::TargetRun> ran = run_capacity_target(s);
  ASSERT_TRUE(ran);
  const run::TargetRun &t = *ran;
  ASSERT_TRUE(t.capacity);
  const capacity::Result &r = *t.capacity;
  EXPECT_EQ(r.mode, capacity::Mode::sweep);
  ASSERT_GE(r.steps.size(), 5u);
  for (std::size_t i = 0; i < 4; ++i) { // below the limit: stable, nothing waits, all served
    const capacity::Step &step = r.steps[i];
    EXPECT_EQ(step.status, StepStatus::stable) << i << ": " << step.reason;
    EXPECT_NEAR(step.figures.achieved_rate, step.level, step.level * 0.1) << i;
    EXPECT_LT(step.figures.ttft.p50_ns, 80'000'000) << i;
    EXPECT_EQ(step.figures.failed, 0u) << i;
  }
  // Above it the queue grows: the sweep stops at the first over-saturated step.
  EXPECT_EQ(r.steps.back().status, StepStatus::oversaturated) << r.steps.back().reason;
  EXPECT_GT(r.steps.back().level, k_true_limit);
  EXPECT_FALSE(r.stopped_early.empty());
  EXPECT_LT(r.steps.size(), 7u) << "levels above the over-saturated one must not run";
  ASSERT_TRUE(r.knee);
  EXPECT_EQ(r.knee->level, 18) << "the highest level under the 20/s limit";
  // The target's own figures hold every step's measured requests; the steps' measured phases
  // follow each other on the target's clock.
  std::uint64_t total = 0;
  double last_end_s = 0;
  for (const capacity::Step &step : r.steps) {
    total += step.figures.requests;
    EXPECT_GE(step.measured_from_s, last_end_s + 0.4 - 0.05) << step.index << ": after a warmup";
    EXPECT_GE(step.measured_to_s - step.measured_from_s, 1.2) << step.index;
    last_end_s = step.measured_to_s;
  }
  EXPECT_EQ(t.recorder.counts().records, total);
}

TEST(CapacityRunner, RateSearchFindsTheSloLimitWithinItsResolution) {
  scenario::Scenario s = capacity_scenario(scenario::Load::Mode::search);
  auto slo = scenario::parse_threshold("ttft.p95 < 150ms");
  ASSERT_TRUE(slo);
  s.load.sweep.slo = {*slo};
  s.load.sweep.resolution = 0.1;
  const std::optional<run::TargetRun> ran = run_capacity_target(s);
  ASSERT_TRUE(ran);
  const run::TargetRun &t = *ran;
  ASSERT_TRUE(t.capacity && t.capacity->answer);
  const capacity::Result &r = *t.capacity;
  const capacity::Answer &a = *r.answer;
  EXPECT_EQ(r.steps.front().kind, StepKind::baseline);
  EXPECT_TRUE(a.found) << a.note;
  EXPECT_TRUE(a.resolved) << a.note;
  ASSERT_TRUE(a.last_pass && a.first_fail);
  const double pass = r.steps.at(*a.last_pass).level;
  const double fail = r.steps.at(*a.first_fail).level;
  EXPECT_LE(fail - pass, 0.1 * pass + 1e-9);
  // The limit lies in the final bracket, give or take the mock's own timing, which a loaded
  // machine running sanitizer builds side by side stretches (10%).
  EXPECT_LE(pass, k_true_limit * 1.1);
  EXPECT_GE(fail, k_true_limit * 0.9);
  EXPECT_EQ(a.level, pass);
  for (const capacity::Step &step : r.steps) {
    ASSERT_EQ(step.slo.size(), 1u);
  }
}

TEST(CapacityRunner, AutomaticConcurrencySweepPlansFromItsProbeAndFindsTheKnee) {
  scenario::Scenario s = capacity_scenario(scenario::Load::Mode::sweep);
  s.load.sweep.over = scenario::Sweep::Over::concurrency;
  s.load.sweep.steps = 4;
  s.load.sweep.probe_concurrency = 16;
  const std::optional<run::TargetRun> ran = run_capacity_target(s);
  ASSERT_TRUE(ran);
  const run::TargetRun &t = *ran;
  ASSERT_TRUE(t.capacity);
  const capacity::Result &r = *t.capacity;
  ASSERT_GE(r.steps.size(), 4u);
  EXPECT_EQ(r.steps[0].kind, StepKind::baseline);
  EXPECT_EQ(r.steps[0].level, 1);
  EXPECT_EQ(r.steps[1].kind, StepKind::probe);
  EXPECT_EQ(r.steps[1].level, 16);
  // The probe saturates the 4 slots: 20/s. Little's law puts saturation at 20/s x ~0.2 s = 4 in
  // flight, so the plan spreads whole levels from 2 up to about 1.5 x 4, past the limit.
  EXPECT_NEAR(r.steps[1].figures.achieved_rate, k_true_limit, k_true_limit * 0.1);
  std::vector<double> planned;
  for (std::size_t i = 2; i < r.steps.size(); ++i) {
    EXPECT_EQ(r.steps[i].kind, StepKind::level);
    planned.push_back(r.steps[i].level);
  }
  EXPECT_TRUE(std::is_sorted(planned.begin(), planned.end()));
  EXPECT_GE(planned.back(), 6);
  ASSERT_TRUE(r.knee);
  EXPECT_EQ(r.knee->level, 4) << "the mock's 4 slots";
  EXPECT_FALSE(r.answer) << "no SLOs, no answer";
}
