#include "run/load_plan.hpp"

#include <gtest/gtest.h>

using namespace chatbench;
using std::chrono::seconds;

TEST(LoadPlan, RateBecomesAnOpenLoopWithItsArrivalsStagesAndCap) {
  scenario::Load load;
  load.mode = scenario::Load::Mode::rate;
  load.rate_per_s = 10;
  load.arrival = scenario::Load::Arrival::gamma;
  load.burstiness = 0.5;
  load.stages = {{seconds(10), 50}};
  load.max_in_flight = 64;
  load.duration = seconds(30);
  load.warmup_duration = seconds(2);
  load.drain = seconds(3);
  load.busy_wait = std::chrono::milliseconds(5);
  auto plan = run::load_plan(load, 42);
  ASSERT_TRUE(plan);
  const auto *open = std::get_if<engine::OpenLoad>(&plan->load);
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->arrivals.kind, engine::ArrivalKind::gamma);
  EXPECT_DOUBLE_EQ(open->arrivals.burstiness, 0.5);
  EXPECT_EQ(open->arrivals.seed, 42u);
  EXPECT_DOUBLE_EQ(open->rate_per_s.level_at(seconds(0)), 10);
  EXPECT_DOUBLE_EQ(open->rate_per_s.level_at(seconds(5)), 30);
  EXPECT_DOUBLE_EQ(open->rate_per_s.level_at(seconds(20)), 50);
  EXPECT_EQ(open->max_in_flight, 64u);
  EXPECT_EQ(plan->phases.duration, seconds(30));
  EXPECT_EQ(plan->phases.warmup_duration, seconds(2));
  EXPECT_EQ(plan->phases.drain, seconds(3));
  EXPECT_EQ(plan->busy_wait, std::chrono::milliseconds(5));
}

TEST(LoadPlan, ConcurrencyBecomesAClosedLoop) {
  scenario::Load load;
  load.concurrency = 8;
  load.requests = 100;
  load.warmup_requests = 5;
  auto plan = run::load_plan(load, 1);
  ASSERT_TRUE(plan);
  const auto *closed = std::get_if<engine::ClosedLoad>(&plan->load);
  ASSERT_NE(closed, nullptr);
  EXPECT_DOUBLE_EQ(closed->concurrency.max_level(), 8);
  EXPECT_EQ(plan->phases.requests, 100u);
  EXPECT_EQ(plan->phases.warmup_requests, 5u);
  EXPECT_FALSE(plan->phases.duration);
}

TEST(LoadPlan, BadStageIsAScenarioError) {
  scenario::Load load;
  load.stages = {{seconds(-1), 5}};
  load.requests = 1;
  auto plan = run::load_plan(load, 1);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::invalid_scenario);
  EXPECT_EQ(plan.error().message.rfind("/load: ", 0), 0u);
}
