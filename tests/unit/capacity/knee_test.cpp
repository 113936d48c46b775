#include "capacity/knee.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace chatbench::capacity;

namespace {

constexpr std::int64_t k_knee_ms = 1'000'000;

struct KneeStepSpec {
  std::uint32_t index = 0;
  StepKind kind = StepKind::level;
  double achieved = 0;
  std::int64_t ttft_ms = -1;
  std::int64_t e2e_ms = -1;
  StepStatus status = StepStatus::stable;
  std::uint64_t requests = 100;
};

Step knee_step(const KneeStepSpec &spec) {
  Step s;
  s.index = spec.index;
  s.kind = spec.kind;
  s.over = spec.kind == StepKind::level ? Over::rate : Over::concurrency;
  s.level = spec.kind == StepKind::level ? spec.achieved * 1.25 : 1;
  s.status = spec.status;
  s.figures.requests = spec.requests;
  s.figures.ok = spec.requests;
  s.figures.achieved_rate = spec.achieved;
  s.figures.output_tokens_per_s = spec.achieved * 100;
  s.figures.ttft.p50_ns = spec.ttft_ms < 0 ? -1 : spec.ttft_ms * k_knee_ms;
  s.figures.e2e.p50_ns = spec.e2e_ms < 0 ? -1 : spec.e2e_ms * k_knee_ms;
  return s;
}

Knee knee_of(const Step &s) {
  return Knee{s.index, s.level, s.figures.achieved_rate, s.figures.output_tokens_per_s};
}

// A rate step at `level` whose one SLO passed or failed.
Step knee_judged(std::uint32_t index, double level, bool passed, Over over = Over::rate,
                 StepStatus status = StepStatus::stable) {
  Step s;
  s.index = index;
  s.kind = over == Over::rate ? StepKind::level : StepKind::baseline;
  s.over = over;
  s.level = level;
  s.status = status;
  s.figures.requests = 50;
  s.figures.ok = 50;
  s.slo = {SloResult{"ttft p50 < 500ms", passed ? 0.4 : 0.6, passed, ""}};
  return s;
}

} // namespace

TEST(CapacityKnee, LatencyIsTtftElseE2e) {
  EXPECT_EQ(knee_latency_ns(knee_step({.ttft_ms = 40, .e2e_ms = 900})), 40 * k_knee_ms);
  EXPECT_EQ(knee_latency_ns(knee_step({.ttft_ms = -1, .e2e_ms = 900})), 900 * k_knee_ms);
  EXPECT_EQ(knee_latency_ns(knee_step({.ttft_ms = -1, .e2e_ms = -1})), -1);
}

TEST(CapacityKnee, HighestRateWithinTwiceTheBaselineTtft) {
  const std::vector<Step> steps{
      knee_step({.index = 0, .kind = StepKind::baseline, .achieved = 1, .ttft_ms = 100}),
      knee_step({.index = 1, .kind = StepKind::probe, .achieved = 20, .ttft_ms = 500}),
      knee_step({.index = 2, .achieved = 5, .ttft_ms = 150}),
      knee_step({.index = 3, .achieved = 9, .ttft_ms = 200}),
      knee_step({.index = 4, .achieved = 12, .ttft_ms = 201}),
  };
  EXPECT_EQ(find_knee(steps), knee_of(steps[3]));
}

TEST(CapacityKnee, BaselineIsTheReferenceWhereverItIs) {
  // A level step with a lower rate and latency comes first; the baseline still sets the limit.
  const std::vector<Step> steps{
      knee_step({.index = 2, .achieved = 0.5, .ttft_ms = 40}),
      knee_step({.index = 3, .achieved = 9, .ttft_ms = 150}),
      knee_step({.index = 0, .kind = StepKind::baseline, .achieved = 1, .ttft_ms = 100}),
  };
  EXPECT_EQ(find_knee(steps), knee_of(steps[1]));
}

TEST(CapacityKnee, UsesE2eWithoutTtft) {
  const std::vector<Step> steps{
      knee_step({.index = 0, .kind = StepKind::baseline, .achieved = 1, .e2e_ms = 800}),
      knee_step({.index = 1, .achieved = 4, .e2e_ms = 1600}),
      knee_step({.index = 2, .achieved = 6, .e2e_ms = 1700}),
  };
  EXPECT_EQ(find_knee(steps), knee_of(steps[1]));
}

TEST(CapacityKnee, IgnoresOversaturatedFailedAndUnmeasuredSteps) {
  const std::vector<Step> steps{
      knee_step({.index = 0, .kind = StepKind::baseline, .achieved = 1, .ttft_ms = 100}),
      knee_step({.index = 1, .achieved = 4, .ttft_ms = 120}),
      knee_step({.index = 2, .achieved = 8, .ttft_ms = 130, .status = StepStatus::oversaturated}),
      knee_step({.index = 3, .achieved = 9, .ttft_ms = 130, .status = StepStatus::failed}),
      knee_step({.index = 4, .achieved = 10, .ttft_ms = 130, .requests = 0}),
      knee_step({.index = 5, .achieved = 11}),
  };
  EXPECT_EQ(find_knee(steps), knee_of(steps[1]));
}

TEST(CapacityKnee, UnstableStepsAreCandidates) {
  const std::vector<Step> steps{
      knee_step({.index = 0, .kind = StepKind::baseline, .achieved = 1, .ttft_ms = 100}),
      knee_step({.index = 1, .achieved = 4, .ttft_ms = 120, .status = StepStatus::unstable}),
  };
  EXPECT_EQ(find_knee(steps), knee_of(steps[1]));
}

TEST(CapacityKnee, WithoutBaselineTheLowestMeasuredRateIsTheReference) {
  const std::vector<Step> steps{
      knee_step({.index = 4, .achieved = 6, .ttft_ms = 120}),
      knee_step({.index = 2, .achieved = 2, .ttft_ms = 50}),
      knee_step({.index = 3, .achieved = 4, .ttft_ms = 90}),
      // Not measured, so not the reference (it would allow only 20 ms).
      knee_step({.index = 1, .achieved = 0, .ttft_ms = 10, .requests = 0}),
      // Failed: not the reference either.
      knee_step({.index = 5, .achieved = 1, .ttft_ms = 10, .status = StepStatus::failed}),
  };
  EXPECT_EQ(find_knee(steps), knee_of(steps[2]));
}

TEST(CapacityKnee, NoneWhenNothingQualifies) {
  EXPECT_EQ(find_knee({}), std::nullopt);
  const std::vector<Step> unmeasured{
      knee_step(
          {.index = 0, .kind = StepKind::baseline, .achieved = 1, .ttft_ms = 100, .requests = 0}),
      knee_step({.index = 1, .achieved = 4, .ttft_ms = 100, .status = StepStatus::failed}),
      knee_step({.index = 2, .achieved = 5}),
  };
  EXPECT_EQ(find_knee(unmeasured), std::nullopt);
}

TEST(CapacitySweepAnswer, HighestLevelBelowTheFirstFailure) {
  const std::vector<Step> steps{
      knee_judged(0, 1, false, Over::concurrency), // the baseline: another `over`
      knee_judged(4, 15, false),
      knee_judged(2, 5, true),
      knee_judged(5, 20, false),
      knee_judged(3, 10, true),
  };
  const Answer a = sweep_answer(steps, Over::rate);
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.over, Over::rate);
  EXPECT_EQ(a.level, 10);
  EXPECT_EQ(a.last_pass, std::optional<std::uint32_t>(3));
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(4));
  EXPECT_EQ(a.resolution, 5);
  EXPECT_TRUE(a.resolved);
  EXPECT_TRUE(a.monotone);
  EXPECT_EQ(a.note, "");
}

TEST(CapacitySweepAnswer, PassAfterFailureIsNotMonotone) {
  const std::vector<Step> steps{
      knee_judged(2, 5, true),
      knee_judged(3, 10, false),
      knee_judged(4, 15, true),
  };
  const Answer a = sweep_answer(steps, Over::rate);
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.level, 5);
  EXPECT_EQ(a.last_pass, std::optional<std::uint32_t>(2));
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(3));
  EXPECT_EQ(a.resolution, 5);
  EXPECT_FALSE(a.monotone);
  EXPECT_EQ(a.note, "a higher level passed again after a failure; the answer is the level below "
                    "the first failure");
}

TEST(CapacitySweepAnswer, EveryLevelPassed) {
  const std::vector<Step> steps{knee_judged(2, 5, true), knee_judged(3, 10, true)};
  const Answer a = sweep_answer(steps, Over::rate);
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.level, 10);
  EXPECT_EQ(a.last_pass, std::optional<std::uint32_t>(3));
  EXPECT_EQ(a.first_fail, std::nullopt);
  EXPECT_FALSE(a.resolved);
  EXPECT_TRUE(a.monotone);
  EXPECT_EQ(a.note, "every level passed: the answer is a lower bound");
}

TEST(CapacitySweepAnswer, LowestLevelFailed) {
  const std::vector<Step> steps{knee_judged(3, 10, false), knee_judged(2, 5, false)};
  const Answer a = sweep_answer(steps, Over::rate);
  EXPECT_FALSE(a.found);
  EXPECT_EQ(a.level, 0);
  EXPECT_EQ(a.last_pass, std::nullopt);
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(2));
  EXPECT_FALSE(a.resolved);
  EXPECT_EQ(a.note, "the lowest level already failed the SLOs");
}

TEST(CapacitySweepAnswer, NothingJudged) {
  Step unjudged = knee_judged(2, 5, true);
  unjudged.slo.clear();
  const std::vector<Step> steps{unjudged, knee_judged(0, 1, true, Over::concurrency)};
  const Answer a = sweep_answer(steps, Over::rate);
  EXPECT_FALSE(a.found);
  EXPECT_EQ(a.first_fail, std::nullopt);
  EXPECT_EQ(a.note, "no step was judged against the SLOs");
  EXPECT_EQ(sweep_answer({}, Over::rate).note, "no step was judged against the SLOs");
}

TEST(CapacitySweepAnswer, FailedAndInterruptedStepsAreNotJudged) {
  const std::vector<Step> steps{
      knee_judged(2, 5, true),
      knee_judged(3, 10, false, Over::rate, StepStatus::failed),
      knee_judged(4, 12, false, Over::rate, StepStatus::interrupted),
      knee_judged(5, 15, true, Over::rate, StepStatus::unstable),
      knee_judged(6, 20, false, Over::rate, StepStatus::oversaturated),
  };
  const Answer a = sweep_answer(steps, Over::rate);
  EXPECT_EQ(a.level, 15);
  EXPECT_EQ(a.last_pass, std::optional<std::uint32_t>(5));
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(6));
  EXPECT_EQ(a.resolution, 5);
  EXPECT_TRUE(a.monotone);
}

TEST(CapacitySweepAnswer, ConcurrencySweepIgnoresRateSteps) {
  const std::vector<Step> steps{
      knee_judged(0, 1, true, Over::concurrency),
      knee_judged(1, 50, false, Over::rate),
      knee_judged(2, 4, true, Over::concurrency),
      knee_judged(3, 8, false, Over::concurrency),
  };
  const Answer a = sweep_answer(steps, Over::concurrency);
  EXPECT_EQ(a.over, Over::concurrency);
  EXPECT_EQ(a.level, 4);
  EXPECT_EQ(a.last_pass, std::optional<std::uint32_t>(2));
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(3));
  EXPECT_EQ(a.resolution, 4);
  EXPECT_TRUE(a.resolved);
}
