#include "capacity/result.hpp"

#include <gtest/gtest.h>

#include <array>

using namespace chatbench::capacity;

namespace {

SloResult res_slo(bool passed) {
  return SloResult{"ttft p50 < 500ms", 0.4, passed, ""};
}

Step res_step_with(std::vector<SloResult> slo, std::uint64_t requests) {
  Step s;
  s.figures.requests = requests;
  s.figures.ok = requests;
  s.slo = std::move(slo);
  return s;
}

} // namespace

TEST(CapacityResult, ModeNamesRoundTrip) {
  EXPECT_EQ(to_string(Mode::sweep), "sweep");
  EXPECT_EQ(to_string(Mode::search), "search");
  for (const Mode m : {Mode::sweep, Mode::search}) {
    EXPECT_EQ(mode_from_string(to_string(m)), m);
  }
  EXPECT_EQ(mode_from_string("Sweep"), std::nullopt);
  EXPECT_EQ(mode_from_string(""), std::nullopt);
  EXPECT_EQ(mode_from_string("rate"), std::nullopt);
}

TEST(CapacityResult, OverNamesRoundTrip) {
  EXPECT_EQ(to_string(Over::rate), "rate");
  EXPECT_EQ(to_string(Over::concurrency), "concurrency");
  for (const Over o : {Over::rate, Over::concurrency}) {
    EXPECT_EQ(over_from_string(to_string(o)), o);
  }
  EXPECT_EQ(over_from_string("concurrent"), std::nullopt);
  EXPECT_EQ(over_from_string(""), std::nullopt);
}

TEST(CapacityResult, StepKindNamesRoundTrip) {
  const std::array<std::pair<StepKind, std::string_view>, 4> names{{
      {StepKind::baseline, "baseline"},
      {StepKind::probe, "probe"},
      {StepKind::level, "level"},
      {StepKind::search, "search"},
  }};
  for (const auto &[kind, name] : names) {
    EXPECT_EQ(to_string(kind), name);
    EXPECT_EQ(step_kind_from_string(name), kind);
  }
  EXPECT_EQ(step_kind_from_string("levels"), std::nullopt);
  EXPECT_EQ(step_kind_from_string("sweep"), std::nullopt);
}

TEST(CapacityResult, StepStatusNamesRoundTrip) {
  const std::array<std::pair<StepStatus, std::string_view>, 5> names{{
      {StepStatus::stable, "stable"},
      {StepStatus::unstable, "unstable"},
      {StepStatus::oversaturated, "oversaturated"},
      {StepStatus::failed, "failed"},
      {StepStatus::interrupted, "interrupted"},
  }};
  for (const auto &[status, name] : names) {
    EXPECT_EQ(to_string(status), name);
    EXPECT_EQ(step_status_from_string(name), status);
  }
  EXPECT_EQ(step_status_from_string("over-saturated"), std::nullopt);
  EXPECT_EQ(step_status_from_string("STABLE"), std::nullopt);
  EXPECT_EQ(step_status_from_string(""), std::nullopt);
}

TEST(CapacityResult, SloPassedNeedsSlosAndRequests) {
  EXPECT_FALSE(res_step_with({}, 100).slo_passed());
  EXPECT_FALSE(res_step_with({res_slo(true)}, 0).slo_passed());
}

TEST(CapacityResult, SloPassedNeedsEverySloToHold) {
  EXPECT_FALSE(res_step_with({res_slo(true), res_slo(false), res_slo(true)}, 100).slo_passed());
  EXPECT_FALSE(res_step_with({res_slo(false)}, 100).slo_passed());
  EXPECT_TRUE(res_step_with({res_slo(true)}, 1).slo_passed());
  EXPECT_TRUE(res_step_with({res_slo(true), res_slo(true)}, 100).slo_passed());
}
