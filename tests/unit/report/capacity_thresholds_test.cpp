// capacity.max_rate and capacity.max_concurrency: from the SLO answer (its level, or the other
// unit from its last passing step), else from the knee; no value, with a note, when no level
// met the SLOs or the run was no sweep or search. Thresholds are built by hand here, so these
// tests do not depend on the scenario catalog listing the metrics.
#include "report/threshold_values.hpp"
#include "report/thresholds.hpp"

#include "capacity_fixtures.hpp"

#include <gtest/gtest.h>

namespace chatbench::report {
namespace capacity_thresholds_test {
namespace {

using namespace test;
using scenario::Comparison;
using scenario::ValueKind;

scenario::Threshold max_rate(double at_least) {
  return {"capacity.max_rate >= " + std::to_string(at_least) + "/s",
          "",
          "capacity.max_rate",
          "",
          0,
          Comparison::greater_equal,
          at_least,
          ValueKind::rate};
}

scenario::Threshold max_concurrency(double at_least) {
  return {"capacity.max_concurrency >= " + std::to_string(at_least),
          "",
          "capacity.max_concurrency",
          "",
          0,
          Comparison::greater_equal,
          at_least,
          ValueKind::count};
}

Measurement measured(const scenario::Threshold &t, const run::TargetRun &target) {
  return measure(t, target, compute_figures(target));
}

run::TargetRun with(capacity::Result result) {
  run::TargetRun t = alpha();
  t.capacity = std::move(result);
  return t;
}

TEST(CapacityThresholds, MaxRateFromARateAnswerIsItsLevel) {
  const Measurement m = measured(max_rate(1), with(rate_sweep()));
  EXPECT_EQ(m.value, 30.0);
  EXPECT_EQ(m.note, "");
}

TEST(CapacityThresholds, MaxRateFromAConcurrencyAnswerIsItsLastPassAchievedRate) {
  const Measurement m = measured(max_rate(1), with(concurrency_search()));
  EXPECT_EQ(m.value, 17.6); // step 4, c=24
  EXPECT_EQ(m.note, "achieved by step 4 at c=24");
}

TEST(CapacityThresholds, MaxConcurrencyFromAConcurrencyAnswerIsItsLevel) {
  const Measurement m = measured(max_concurrency(1), with(concurrency_search()));
  EXPECT_EQ(m.value, 24.0);
  EXPECT_EQ(m.note, "");
}

TEST(CapacityThresholds, MaxConcurrencyFromARateAnswerIsItsLastPassInFlight) {
  const Measurement m = measured(max_concurrency(1), with(rate_sweep()));
  EXPECT_EQ(m.value, 17.5); // step 4, 30/s
  EXPECT_EQ(m.note, "mean in flight of step 4");
}

TEST(CapacityThresholds, NoLevelMetTheSlosHasNoValue) {
  for (const Over over : {Over::rate, Over::concurrency}) {
    capacity::Result r = rate_sweep();
    r.answer = capacity::Answer{false, 0, over, std::nullopt, 0, 0, false, true, ""};
    for (const scenario::Threshold &t : {max_rate(1), max_concurrency(1)}) {
      const Measurement m = measured(t, with(r));
      EXPECT_FALSE(m.value) << t.metric;
      EXPECT_EQ(m.note, "no level met the SLOs") << t.metric;
    }
  }
}

TEST(CapacityThresholds, WithoutAnAnswerTheKneeDecides) {
  capacity::Result sweep = rate_sweep();
  sweep.answer.reset();
  EXPECT_EQ(measured(max_rate(1), with(sweep)).value, 29.7);
  // The knee (step 4) held a rate: its mean in flight.
  EXPECT_EQ(measured(max_concurrency(1), with(sweep)).value, 17.5);
  capacity::Result search = concurrency_search();
  search.answer.reset();
  EXPECT_EQ(measured(max_rate(1), with(search)).value, 15.2);
  // The knee (step 2) held a concurrency: its level.
  const Measurement m = measured(max_concurrency(1), with(search));
  EXPECT_EQ(m.value, 16.0);
  EXPECT_EQ(m.note, "at the knee, step 2");
}

TEST(CapacityThresholds, NoCapacityResultOrNothingToTellHasNoValue) {
  for (const scenario::Threshold &t : {max_rate(1), max_concurrency(1)}) {
    const Measurement none = measured(t, alpha());
    EXPECT_FALSE(none.value);
    EXPECT_EQ(none.note, "no capacity result: load.mode is not \"sweep\" or \"search\"");
    capacity::Result bare = rate_sweep();
    bare.answer.reset();
    bare.knee.reset();
    const Measurement empty = measured(t, with(bare));
    EXPECT_FALSE(empty.value);
    EXPECT_EQ(empty.note, "the capacity result has neither an SLO answer nor a knee");
  }
  capacity::Result lost = rate_sweep();
  lost.answer->over = Over::concurrency;
  lost.answer->last_pass = 12;
  const Measurement m = measured(max_rate(1), with(lost));
  EXPECT_FALSE(m.value);
  EXPECT_EQ(m.note, "the capacity result names step 12, which it does not hold");
}

TEST(CapacityThresholds, VerdictsSayWhereTheValueCameFrom) {
  std::vector<run::TargetRun> targets;
  targets.push_back(swept_alpha());
  targets.push_back(searched_beta());
  const run::RunOutput run = make_run(std::move(targets));
  const std::vector<scenario::Threshold> thresholds{max_rate(25), max_concurrency(20)};
  const std::vector<Verdict> v = evaluate_thresholds(thresholds, run);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_TRUE(v[0].passed);
  EXPECT_EQ(v[0].detail, "actual 30.0/s, required >= 25.0/s");
  EXPECT_FALSE(v[1].passed);
  EXPECT_EQ(v[1].detail, "actual 17.6/s, required >= 25.0/s (achieved by step 4 at c=24)");
  EXPECT_FALSE(v[2].passed);
  EXPECT_EQ(v[2].detail, "actual 18, required >= 20 (mean in flight of step 4)");
  EXPECT_TRUE(v[3].passed);
  EXPECT_EQ(v[3].detail, "actual 24, required >= 20");
}

} // namespace
} // namespace capacity_thresholds_test
} // namespace chatbench::report
