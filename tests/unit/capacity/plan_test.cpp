#include "capacity/plan.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace chatbench::capacity;

namespace {

void plan_expect_rates(const std::vector<double> &actual, const std::vector<double> &expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_DOUBLE_EQ(actual[i], expected[i]) << "rate " << i;
  }
}

} // namespace

TEST(CapacityPlan, RatesSpreadLinearlyUpToSaturation) {
  plan_expect_rates(spread_rates(2, 20, 4), {6.5, 11, 15.5, 20});
  plan_expect_rates(spread_rates(10, 12, 2), {11, 12});
  plan_expect_rates(spread_rates(3, 9, 1), {9});
}

TEST(CapacityPlan, RatesHaveThreeSignificantDigits) {
  // 1 + 9 i / 7: 2.2857, 3.5714, 4.8571, 6.1429, 7.4286, 8.7143, 10.
  plan_expect_rates(spread_rates(1, 10, 7), {2.29, 3.57, 4.86, 6.14, 7.43, 8.71, 10});
  // The last one is the saturation rate, rounded too.
  plan_expect_rates(spread_rates(100, 12345, 1), {12300});
}

TEST(CapacityPlan, RatesWithoutRepeats) {
  // 1 + i / 1000 rounded to 3 digits: 1.00, 1.01, ..., 2.00.
  const std::vector<double> rates = spread_rates(1, 2, 1000);
  ASSERT_EQ(rates.size(), 101u);
  EXPECT_DOUBLE_EQ(rates.front(), 1.0);
  EXPECT_DOUBLE_EQ(rates.back(), 2.0);
  for (std::size_t i = 1; i < rates.size(); ++i) {
    EXPECT_GT(rates[i], rates[i - 1]);
  }
}

// The probe got at most 10% over the baseline: spread from saturation / (steps + 1).
TEST(CapacityPlan, RatesBelowSaturationWhenProbeBarelyBeatsBaseline) {
  plan_expect_rates(spread_rates(10, 10.5, 4), {4.2, 6.3, 8.4, 10.5});
  plan_expect_rates(spread_rates(10, 11, 4), {4.4, 6.6, 8.8, 11});
  plan_expect_rates(spread_rates(10, 8, 3), {4, 6, 8});
  // Just over 10%: from the baseline again.
  plan_expect_rates(spread_rates(10, 11.2, 2), {10.6, 11.2});
}

TEST(CapacityPlan, RatesEmptyOnBadInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(spread_rates(0, 10, 4).empty());
  EXPECT_TRUE(spread_rates(-1, 10, 4).empty());
  EXPECT_TRUE(spread_rates(nan, 10, 4).empty());
  EXPECT_TRUE(spread_rates(5, 0, 4).empty());
  EXPECT_TRUE(spread_rates(5, -3, 4).empty());
  EXPECT_TRUE(spread_rates(5, nan, 4).empty());
  EXPECT_TRUE(spread_rates(5, 10, 0).empty());
}

// 10/s x 2 s = 20 in flight at saturation, top 30: 30^(1/4), 30^(1/2), 30^(3/4), 30 rounded.
TEST(CapacityPlan, ConcurrenciesSpreadGeometrically) {
  EXPECT_EQ(spread_concurrencies(10, 2, 64, 4), (std::vector<double>{2, 5, 13, 30}));
}

TEST(CapacityPlan, ConcurrenciesCappedAtProbe) {
  EXPECT_EQ(spread_concurrencies(10, 2, 16, 4), (std::vector<double>{2, 4, 8, 16}));
  EXPECT_EQ(spread_concurrencies(100, 10, 256, 4), (std::vector<double>{4, 16, 64, 256}));
}

TEST(CapacityPlan, ConcurrenciesReachAtLeastTwo) {
  EXPECT_EQ(spread_concurrencies(0.1, 1, 64, 3), (std::vector<double>{2}));
  EXPECT_EQ(spread_concurrencies(0, 0, 64, 1), (std::vector<double>{2}));
}

TEST(CapacityPlan, ConcurrenciesWithoutRepeats) {
  // 1.5 x 2.5 = 3.75 -> top 4: 4^(i/10) rounds to 1, 1, 2, 2, 2, 2, 3, 3, 3, 4.
  EXPECT_EQ(spread_concurrencies(2.5, 1, 64, 10), (std::vector<double>{2, 3, 4}));
}

TEST(CapacityPlan, ConcurrenciesEmptyWithoutSteps) {
  EXPECT_TRUE(spread_concurrencies(10, 2, 64, 0).empty());
}

TEST(CapacityPlan, RoundSignificant) {
  EXPECT_DOUBLE_EQ(round_significant(12345, 3), 12300);
  EXPECT_DOUBLE_EQ(round_significant(12347, 4), 12350);
  EXPECT_DOUBLE_EQ(round_significant(0.012345, 3), 0.0123);
  EXPECT_DOUBLE_EQ(round_significant(9.996, 3), 10);
  EXPECT_DOUBLE_EQ(round_significant(123.456, 1), 100);
  EXPECT_DOUBLE_EQ(round_significant(1, 3), 1);
  EXPECT_DOUBLE_EQ(round_significant(2.5, 1), 3);
}

TEST(CapacityPlan, RoundSignificantLeavesNonPositiveAndNonFiniteAlone) {
  EXPECT_EQ(round_significant(0, 3), 0);
  EXPECT_EQ(round_significant(-12345, 3), -12345);
  EXPECT_TRUE(std::isnan(round_significant(std::numeric_limits<double>::quiet_NaN(), 3)));
  EXPECT_EQ(round_significant(std::numeric_limits<double>::infinity(), 3),
            std::numeric_limits<double>::infinity());
}
