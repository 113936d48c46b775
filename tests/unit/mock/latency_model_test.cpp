#include "mock/latency_model.hpp"

#include <gtest/gtest.h>

using namespace chatbench::mock;
using chatbench::util::Distribution;
using namespace std::chrono_literals;

TEST(MockLatencyModel, ConstantPlanHasExactTimes) {
  LatencyConfig config;
  config.ttft_ns = Distribution::constant(200e6);
  config.itl_ns = Distribution::constant(10e6);
  config.output_tokens = Distribution::constant(10);
  config.tokens_per_chunk = 3;
  const LatencyPlan plan = make_plan(config, 1, 1, std::nullopt);
  EXPECT_EQ(plan.output_tokens(), 10U);
  EXPECT_EQ(plan.chunks(), 4U); // 3 + 3 + 3 + 1
  EXPECT_EQ(plan.chunk_tokens(3), 1U);
  EXPECT_EQ(plan.chunk_delay(0), 200ms);
  EXPECT_EQ(plan.chunk_delay(1), 30ms);
  EXPECT_EQ(plan.chunk_delay(3), 10ms);
  EXPECT_EQ(plan.total(), 200ms + 30ms + 30ms + 10ms);
  EXPECT_FALSE(plan.truncated());
}

TEST(MockLatencyModel, MaxTokensTruncates) {
  LatencyConfig config;
  config.output_tokens = Distribution::constant(100);
  const LatencyPlan plan = make_plan(config, 1, 1, 7);
  EXPECT_EQ(plan.output_tokens(), 7U);
  EXPECT_TRUE(plan.truncated());
  EXPECT_FALSE(make_plan(config, 1, 1, 500).truncated());
}

TEST(MockLatencyModel, RandomPlansAreDeterministicPerSeedAndIndex) {
  LatencyConfig config;
  config.ttft_ns = Distribution{Distribution::Kind::lognormal, 100e6, 30e6, 0, 1e12};
  config.itl_ns = Distribution{Distribution::Kind::normal, 20e6, 5e6, 0, 1e12};
  config.output_tokens = Distribution{Distribution::Kind::uniform, 0, 0, 10, 50};
  const LatencyPlan a = make_plan(config, 7, 3, std::nullopt);
  const LatencyPlan b = make_plan(config, 7, 3, std::nullopt);
  EXPECT_EQ(a.ttft(), b.ttft());
  EXPECT_EQ(a.output_tokens(), b.output_tokens());
  EXPECT_EQ(a.total(), b.total());
  int differing = 0;
  for (std::uint64_t index = 4; index < 24; ++index) {
    differing += make_plan(config, 7, index, std::nullopt).ttft() != a.ttft() ? 1 : 0;
  }
  EXPECT_GE(differing, 19);
  EXPECT_NE(make_plan(config, 8, 3, std::nullopt).ttft(), a.ttft());
}

TEST(MockLatencyModel, DrawsFollowTheDistributions) {
  LatencyConfig config;
  config.ttft_ns = Distribution{Distribution::Kind::normal, 100e6, 10e6, 0, 1e12};
  config.itl_ns = Distribution{Distribution::Kind::uniform, 0, 0, 1e6, 3e6};
  config.output_tokens = Distribution::constant(101);
  double ttft_sum = 0;
  double gap_sum = 0;
  constexpr int k_plans = 2000;
  for (int i = 1; i <= k_plans; ++i) {
    const LatencyPlan plan = make_plan(config, 11, static_cast<std::uint64_t>(i), std::nullopt);
    ttft_sum += static_cast<double>(plan.ttft().count());
    gap_sum += static_cast<double>((plan.total() - plan.ttft()).count()) / 100;
    for (std::uint32_t c = 1; c < plan.chunks(); ++c) {
      ASSERT_GE(plan.chunk_delay(c), 1ms);
      ASSERT_LE(plan.chunk_delay(c), 3ms);
    }
  }
  EXPECT_NEAR(ttft_sum / k_plans, 100e6, 1e6);
  EXPECT_NEAR(gap_sum / k_plans, 2e6, 0.02e6);
}

TEST(MockLatencyModel, ClampsToAtLeastOneTokenAndNoNegativeTimes) {
  LatencyConfig config;
  config.ttft_ns = Distribution{Distribution::Kind::normal, 0, 1e6, -1e12, 1e12};
  config.output_tokens = Distribution::constant(0);
  const LatencyPlan plan = make_plan(config, 1, 1, std::nullopt);
  EXPECT_EQ(plan.output_tokens(), 1U);
  EXPECT_GE(plan.ttft(), 0ns);
}
