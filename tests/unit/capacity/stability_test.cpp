#include "capacity/stability.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace chatbench::capacity;

namespace {

constexpr std::int64_t k_stab_ms = 1'000'000;

Window stab_window(std::uint64_t ok, std::int64_t ttft_ns, std::uint64_t failed = 0,
                   std::int64_t in_flight = 0) {
  return Window{ok, failed, ok * 10, ttft_ns, in_flight};
}

// Three windows of 100 ok with the given TTFT p50s.
std::vector<Window> stab_ttfts(std::int64_t a, std::int64_t b, std::int64_t c) {
  return {stab_window(100, a), stab_window(100, b), stab_window(100, c)};
}

// Three windows with the given ok counts and a flat 50 ms TTFT.
std::vector<Window> stab_oks(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  return {stab_window(a, 50 * k_stab_ms), stab_window(b, 50 * k_stab_ms),
          stab_window(c, 50 * k_stab_ms)};
}

Verdict::State stab_state(const std::vector<Window> &windows, std::int64_t reference) {
  return judge(windows, Rule{}, reference).state;
}

using State = Verdict::State;

} // namespace

TEST(CapacityStability, MeasuresUntilRuleWindowsExist) {
  const std::vector<Window> two{stab_window(100, 50 * k_stab_ms), stab_window(100, 50 * k_stab_ms)};
  const Verdict v = judge(two, Rule{}, 50 * k_stab_ms);
  EXPECT_EQ(v.state, State::measuring);
  EXPECT_EQ(v.reason, "");
  EXPECT_EQ(stab_state({}, 50 * k_stab_ms), State::measuring);
  Rule four;
  four.windows = 4;
  const auto three = stab_ttfts(50 * k_stab_ms, 50 * k_stab_ms, 50 * k_stab_ms);
  EXPECT_EQ(judge(three, four, 50 * k_stab_ms).state, State::measuring);
  EXPECT_EQ(judge(three, Rule{}, 50 * k_stab_ms).state, State::stable);
}

TEST(CapacityStability, RuleWindowsBelowTwoCountAsTwo) {
  Rule one;
  one.windows = 1;
  const std::vector<Window> single{stab_window(100, 50 * k_stab_ms)};
  EXPECT_EQ(judge(single, one, 50 * k_stab_ms).state, State::measuring);
  const std::vector<Window> two{stab_window(100, 50 * k_stab_ms), stab_window(100, 50 * k_stab_ms)};
  EXPECT_EQ(judge(two, one, 50 * k_stab_ms).state, State::stable);
}

TEST(CapacityStability, SteadyWindowsAreStable) {
  const Verdict v =
      judge(stab_ttfts(49 * k_stab_ms, 50 * k_stab_ms, 51 * k_stab_ms), Rule{}, 50 * k_stab_ms);
  EXPECT_EQ(v.state, State::stable);
  EXPECT_EQ(v.reason, "");
}

TEST(CapacityStability, OnlyTheLastRuleWindowsAreJudged) {
  std::vector<Window> w{stab_window(10, 500 * k_stab_ms), stab_window(400, 5 * k_stab_ms)};
  for (const Window &steady : stab_ttfts(50 * k_stab_ms, 50 * k_stab_ms, 50 * k_stab_ms)) {
    w.push_back(steady);
  }
  EXPECT_EQ(stab_state(w, 50 * k_stab_ms), State::stable);
}

// Mean 100: the bound is max(0.1 x 100, 3 x sqrt(100)) = 30, the counting noise.
TEST(CapacityStability, OkSpreadBoundedByCountingNoise) {
  EXPECT_EQ(stab_state(stab_oks(85, 100, 115), 50 * k_stab_ms), State::stable);
  EXPECT_EQ(stab_state(stab_oks(84, 100, 116), 50 * k_stab_ms), State::measuring);
}

// Mean 10000: the bound is max(0.1 x 10000, 3 x 100) = 1000, the tolerance.
TEST(CapacityStability, OkSpreadBoundedByTolerance) {
  EXPECT_EQ(stab_state(stab_oks(9500, 10000, 10500), 50 * k_stab_ms), State::stable);
  EXPECT_EQ(stab_state(stab_oks(9499, 10000, 10501), 50 * k_stab_ms), State::measuring);
}

TEST(CapacityStability, NoOkRequestsIsNotStable) {
  EXPECT_EQ(stab_state(stab_oks(0, 0, 0), 50 * k_stab_ms), State::measuring);
}

// Mean 50 ms: the bound is 0.1 x 50 ms + 1 ms = 6 ms.
TEST(CapacityStability, TtftSpreadBoundedByToleranceOfMean) {
  EXPECT_EQ(stab_state(stab_ttfts(50 * k_stab_ms, 47 * k_stab_ms, 53 * k_stab_ms), 50 * k_stab_ms),
            State::stable);
  EXPECT_EQ(
      stab_state(stab_ttfts(50 * k_stab_ms, 47 * k_stab_ms, 53 * k_stab_ms + 1), 50 * k_stab_ms),
      State::measuring);
  EXPECT_EQ(stab_state(stab_ttfts(50 * k_stab_ms, 45 * k_stab_ms, 55 * k_stab_ms), 50 * k_stab_ms),
            State::measuring);
}

// Mean 1 ms: the bound is 0.1 ms + 1 ms; the 1 ms slack keeps fast replies from never settling.
TEST(CapacityStability, TtftSpreadHasOneMillisecondSlack) {
  const std::int64_t half = k_stab_ms / 2;
  EXPECT_EQ(stab_state(stab_ttfts(2 * half, half, 3 * half), k_stab_ms), State::stable);
  // Mean 1.2 ms, bound 1.12 ms.
  EXPECT_EQ(
      stab_state(stab_ttfts(12 * k_stab_ms / 10, k_stab_ms / 2, 19 * k_stab_ms / 10), k_stab_ms),
      State::measuring);
}

TEST(CapacityStability, ErrorRateNeedsMinimumRequests) {
  const std::vector<Window> nineteen{stab_window(0, -1, 19)};
  EXPECT_EQ(stab_state(nineteen, 50 * k_stab_ms), State::measuring);
  const std::vector<Window> twenty{stab_window(0, -1, 20)};
  const Verdict v = judge(twenty, Rule{}, 50 * k_stab_ms);
  EXPECT_EQ(v.state, State::oversaturated);
  EXPECT_NE(v.reason.find("error rate 100.0%"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("20 requests"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("10.0%"), std::string::npos) << v.reason;
}

TEST(CapacityStability, ErrorRateCountsEveryWindowAgainstTheLimit) {
  // 2 of 20 failed: exactly the limit, which is allowed.
  const std::vector<Window> at_limit{stab_window(10, 50 * k_stab_ms, 1),
                                     stab_window(8, 50 * k_stab_ms, 1)};
  EXPECT_EQ(stab_state(at_limit, 50 * k_stab_ms), State::measuring);
  // 3 of 20: 15%.
  const std::vector<Window> over{stab_window(10, 50 * k_stab_ms, 1),
                                 stab_window(7, 50 * k_stab_ms, 2)};
  const Verdict v = judge(over, Rule{}, 50 * k_stab_ms);
  EXPECT_EQ(v.state, State::oversaturated);
  EXPECT_NE(v.reason.find("15.0%"), std::string::npos) << v.reason;
  // Errors over-saturate a step whose windows are otherwise steady.
  std::vector<Window> steady(3, stab_window(100, 50 * k_stab_ms, 12));
  EXPECT_EQ(stab_state(steady, 50 * k_stab_ms), State::oversaturated);
}

TEST(CapacityStability, RisingTtftIsQueueBuildUp) {
  std::vector<Window> w{stab_window(100, 50 * k_stab_ms)};
  for (const std::int64_t ms : {100, 130, 150}) {
    w.push_back(stab_window(100, ms * k_stab_ms));
  }
  const Verdict v = judge(w, Rule{}, 50 * k_stab_ms);
  EXPECT_EQ(v.state, State::oversaturated);
  EXPECT_EQ(v.reason.rfind("queue build-up: TTFT p50 rose from", 0), 0u) << v.reason;
  EXPECT_NE(v.reason.find("last 4 windows"), std::string::npos) << v.reason;
  // Judged over one window more than stability: three rising windows are not enough.
  w.erase(w.begin());
  EXPECT_EQ(judge(w, Rule{}, 50 * k_stab_ms).state, State::measuring);
}

// Four windows of 100 ok with the given TTFT p50s (ms): one more than Rule{}'s stability windows.
std::vector<Window> stab_trend(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  return {stab_window(100, a * k_stab_ms), stab_window(100, b * k_stab_ms),
          stab_window(100, c * k_stab_ms), stab_window(100, d * k_stab_ms)};
}

TEST(CapacityStability, TtftThatDipsIsNotQueueBuildUp) {
  EXPECT_EQ(stab_state(stab_trend(90, 100, 160, 150), 50 * k_stab_ms), State::measuring);
  EXPECT_EQ(stab_state(stab_trend(90, 100, 160, 170), 50 * k_stab_ms), State::oversaturated);
}

TEST(CapacityStability, TtftUnderTheGrowthIsNotQueueBuildUp) {
  EXPECT_EQ(stab_state(stab_trend(90, 100, 130, 149), 50 * k_stab_ms), State::measuring);
  EXPECT_EQ(stab_state(stab_trend(90, 100, 130, 150), 50 * k_stab_ms), State::oversaturated);
}

TEST(CapacityStability, TtftAlreadyHighButFlatIsNotQueueBuildUp) {
  // Three times the reference, but not rising by more than the tolerance.
  EXPECT_EQ(
      stab_state(stab_ttfts(150 * k_stab_ms, 152 * k_stab_ms, 154 * k_stab_ms), 50 * k_stab_ms),
      State::stable);
}

TEST(CapacityStability, NoReferenceUsesTheFirstWindowsTtft) {
  std::vector<Window> w{stab_window(100, 20 * k_stab_ms)};
  for (const std::int64_t ms : {40, 50, 60}) {
    w.push_back(stab_window(100, ms * k_stab_ms));
  }
  EXPECT_EQ(stab_state(w, 0), State::oversaturated);
  EXPECT_EQ(stab_state(w, -1), State::oversaturated);
  EXPECT_EQ(stab_state(w, 50 * k_stab_ms), State::measuring);
}

TEST(CapacityStability, InFlightRisingToGrowthIsQueueBuildUp) {
  const auto at = [](std::int64_t in_flight) {
    return stab_window(100, 50 * k_stab_ms, 0, in_flight);
  };
  const Verdict v =
      judge(std::vector<Window>{at(10), at(15), at(20), at(30)}, Rule{}, 50 * k_stab_ms);
  EXPECT_EQ(v.state, State::oversaturated);
  EXPECT_EQ(v.reason,
            "queue build-up: requests in flight rose from 10 to 30 over the last 4 windows");
  EXPECT_EQ(stab_state({at(10), at(15), at(20), at(29)}, 50 * k_stab_ms), State::stable);
  EXPECT_EQ(stab_state({at(10), at(15), at(30), at(30)}, 50 * k_stab_ms), State::stable);
  EXPECT_EQ(stab_state({at(10), at(15), at(40), at(35)}, 50 * k_stab_ms), State::stable);
  EXPECT_EQ(stab_state({at(10), at(20), at(30)}, 50 * k_stab_ms), State::stable)
      << "three windows judge stability, not a queue";
}

// Poisson arrivals at ~5 in flight swing from 1 to 9 now and then: against Little's law's 5.4
// that is no queue (3 x 5.4 = 16.2 would be); 1 -> 5 -> 9 -> 17 is.
TEST(CapacityStability, InFlightGrowthIsJudgedAgainstTheLevelsExpectation) {
  const auto at = [](std::int64_t in_flight) {
    return stab_window(100, 50 * k_stab_ms, 0, in_flight);
  };
  const std::vector<Window> swing{at(1), at(2), at(4), at(9)};
  EXPECT_EQ(judge(swing, Rule{}, 50 * k_stab_ms).state, State::oversaturated);
  EXPECT_EQ(judge(swing, Rule{}, 50 * k_stab_ms, 5.4).state, State::stable);
  const std::vector<Window> queue{at(1), at(5), at(9), at(17)};
  EXPECT_EQ(judge(queue, Rule{}, 50 * k_stab_ms, 5.4).state, State::oversaturated);
}

TEST(CapacityStability, OkWindowWithoutTtftIsNotStable) {
  const std::vector<Window> w{stab_window(100, 50 * k_stab_ms), stab_window(100, -1),
                              stab_window(100, 50 * k_stab_ms)};
  EXPECT_EQ(stab_state(w, 50 * k_stab_ms), State::measuring);
}

TEST(CapacityStability, WindowsWithoutAnyTtftAreJudgedByThroughput) {
  const std::vector<Window> w{stab_window(100, -1), stab_window(100, -1), stab_window(100, -1)};
  EXPECT_EQ(stab_state(w, 0), State::stable);
}

TEST(CapacityStability, TtftMeanIsOverWindowsThatHaveOne) {
  // TTFTs 50 and 56 ms: mean 53 ms, bound 6.3 ms >= 6 ms. Dividing by 3 gives a 4.53 ms bound.
  const std::vector<Window> w{stab_window(0, -1), stab_window(2, 50 * k_stab_ms),
                              stab_window(2, 56 * k_stab_ms)};
  EXPECT_EQ(stab_state(w, 50 * k_stab_ms), State::stable);
}

TEST(CapacityStability, FlatClosedLoopSeriesIsStable) {
  std::vector<Window> w;
  for (int i = 0; i < 6; ++i) {
    w.push_back(stab_window(40, 200 * k_stab_ms, 0, 8));
  }
  EXPECT_EQ(stab_state(w, 180 * k_stab_ms), State::stable);
  EXPECT_EQ(stab_state(w, 0), State::stable);
}
