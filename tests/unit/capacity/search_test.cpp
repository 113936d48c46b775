#include "capacity/search.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

using namespace chatbench::capacity;

namespace {

// Runs `search` to its end with `passes` as the oracle; the levels in the order run. Step indices
// start at `first_step`, as they would after a baseline and a probe.
std::vector<double> srch_run(Search &search, const std::function<bool(double)> &passes,
                             std::uint32_t first_step = 2) {
  std::vector<double> levels;
  std::uint32_t step = first_step;
  while (const std::optional<double> level = search.next()) {
    levels.push_back(*level);
    search.record(*level, passes(*level), step++);
    if (levels.size() > 100) {
      ADD_FAILURE() << "the search does not end";
      break;
    }
  }
  return levels;
}

std::function<bool(double)> srch_limit(double limit) {
  return [limit](double level) {
    return level <= limit;
  };
}

SearchOptions srch_rate(double start) {
  SearchOptions o;
  o.over = Over::rate;
  o.start = start;
  return o;
}

SearchOptions srch_concurrency(double start) {
  SearchOptions o;
  o.over = Over::concurrency;
  o.start = start;
  o.integral = true;
  return o;
}

} // namespace

// Bracket 10, 20, 40 (fail); bisect 30, 35, 37.5 (fail), 36.25; then 37.5 - 36.25 = 1.25 is
// within 5% of 36.25 (1.8125).
TEST(CapacitySearch, RateSearchBracketsThenBisects) {
  Search search(srch_rate(10));
  const std::vector<double> levels = srch_run(search, srch_limit(37));
  EXPECT_EQ(levels, (std::vector<double>{10, 20, 40, 30, 35, 37.5, 36.25}));
  const Answer a = search.answer();
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.over, Over::rate);
  EXPECT_DOUBLE_EQ(a.level, 36.25);
  EXPECT_EQ(a.last_pass, std::optional<std::uint32_t>(8));
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(7));
  EXPECT_DOUBLE_EQ(a.resolution, 0.05 * 36.25);
  EXPECT_TRUE(a.resolved);
  EXPECT_TRUE(a.monotone);
  EXPECT_EQ(a.note, "");
}

TEST(CapacitySearch, AnswerBeforeAnyStep) {
  const Search search(srch_rate(10));
  EXPECT_EQ(search.next(), std::optional<double>(10));
  const Answer a = search.answer();
  EXPECT_FALSE(a.found);
  EXPECT_EQ(a.level, 0);
  EXPECT_EQ(a.last_pass, std::nullopt);
  EXPECT_EQ(a.first_fail, std::nullopt);
  EXPECT_FALSE(a.resolved);
  EXPECT_EQ(a.note, "no level ran");
}

TEST(CapacitySearch, AnswerWhileStillBracketing) {
  Search search(srch_rate(10));
  search.record(10, true, 0);
  search.record(20, false, 1);
  EXPECT_EQ(search.next(), std::optional<double>(15));
  const Answer a = search.answer();
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.level, 10);
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(1));
  EXPECT_FALSE(a.resolved);
  EXPECT_EQ(a.note, "the search ended before its bracket was within the resolution");
}

// 100, 50, 25, 12.5 fail; 6.25 passes; bisect 9.375, 10.9375, 11.71875, 12.109375 (fail).
TEST(CapacitySearch, FailingStartHalvesUntilAPass) {
  Search search(srch_rate(100));
  const std::vector<double> levels = srch_run(search, srch_limit(12), 0);
  EXPECT_EQ(levels,
            (std::vector<double>{100, 50, 25, 12.5, 6.25, 9.375, 10.9375, 11.71875, 12.109375}));
  const Answer a = search.answer();
  EXPECT_TRUE(a.found);
  EXPECT_DOUBLE_EQ(a.level, 11.71875);
  EXPECT_EQ(a.last_pass, std::optional<std::uint32_t>(7));
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(8));
  EXPECT_TRUE(a.resolved);
  EXPECT_EQ(a.note, "");
}

TEST(CapacitySearch, EverythingFailsDownToMinLevel) {
  SearchOptions o = srch_rate(1);
  o.min_level = 0.1;
  Search search(o);
  const std::vector<double> levels = srch_run(
      search, [](double) { return false; }, 0);
  EXPECT_EQ(levels, (std::vector<double>{1, 0.5, 0.25, 0.125}));
  const Answer a = search.answer();
  EXPECT_FALSE(a.found);
  EXPECT_EQ(a.level, 0);
  EXPECT_EQ(a.last_pass, std::nullopt);
  EXPECT_FALSE(a.resolved);
  EXPECT_EQ(a.note, "every level tried failed, down to the lowest");
}

TEST(CapacitySearch, StartBelowMinLevelIsRaised) {
  SearchOptions o = srch_rate(0.05);
  o.min_level = 0.5;
  const Search search(o);
  EXPECT_EQ(search.next(), std::optional<double>(0.5));
}

TEST(CapacitySearch, MaxCapsTheBracketWhenEverythingPasses) {
  SearchOptions o = srch_rate(10);
  o.max = 50;
  Search search(o);
  const std::vector<double> levels = srch_run(
      search, [](double) { return true; }, 0);
  EXPECT_EQ(levels, (std::vector<double>{10, 20, 40, 50}));
  const Answer a = search.answer();
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.level, 50);
  EXPECT_EQ(a.last_pass, std::optional<std::uint32_t>(3));
  EXPECT_EQ(a.first_fail, std::nullopt);
  EXPECT_FALSE(a.resolved);
  EXPECT_EQ(a.note, "every level passed up to the search's max");
}

TEST(CapacitySearch, MaxBoundsEveryLevelTried) {
  SearchOptions o = srch_rate(100);
  o.max = 50;
  const Search search(o);
  const std::optional<double> first = search.next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(*first, 50);
}

// 1, 2, 4, 8, 16 (fail); bisect 12 (fail), 10, 11; 12 - 11 = 1 ends an integral search.
TEST(CapacitySearch, ConcurrencySearchRunsWholeLevels) {
  Search search(srch_concurrency(1));
  const std::vector<double> levels = srch_run(search, srch_limit(11), 0);
  EXPECT_EQ(levels, (std::vector<double>{1, 2, 4, 8, 16, 12, 10, 11}));
  for (const double level : levels) {
    EXPECT_EQ(level, std::floor(level));
  }
  const Answer a = search.answer();
  EXPECT_EQ(a.over, Over::concurrency);
  EXPECT_EQ(a.level, 11);
  EXPECT_EQ(a.last_pass, std::optional<std::uint32_t>(7));
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(5));
  EXPECT_EQ(a.resolution, 1);
  EXPECT_TRUE(a.resolved);
  EXPECT_EQ(a.note, "");
}

// 3, 6, 12 (fail), 9 (fail), 7 (7.5 rounded down, fails); 7 - 6 = 1.
TEST(CapacitySearch, ConcurrencyMidpointsRoundDown) {
  Search search(srch_concurrency(3));
  const std::vector<double> levels = srch_run(search, srch_limit(6), 0);
  EXPECT_EQ(levels, (std::vector<double>{3, 6, 12, 9, 7}));
  const Answer a = search.answer();
  EXPECT_EQ(a.level, 6);
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(4));
  EXPECT_TRUE(a.resolved);
}

TEST(CapacitySearch, ConcurrencyStartAndHalvingStayWhole) {
  EXPECT_EQ(Search(srch_concurrency(2.7)).next(), std::optional<double>(2));
  EXPECT_EQ(Search(srch_concurrency(0.5)).next(), std::optional<double>(1));
  Search search(srch_concurrency(5));
  const std::vector<double> levels = srch_run(
      search, [](double) { return false; }, 0);
  EXPECT_EQ(levels, (std::vector<double>{5, 2, 1}));
  EXPECT_FALSE(search.answer().found);
}

// Absolute resolution 3: 37.5 - 35 = 2.5 ends the search one step before the relative one.
TEST(CapacitySearch, AbsoluteResolution) {
  SearchOptions o = srch_rate(10);
  o.relative = false;
  o.resolution = 3;
  Search search(o);
  const std::vector<double> levels = srch_run(search, srch_limit(37), 0);
  EXPECT_EQ(levels, (std::vector<double>{10, 20, 40, 30, 35, 37.5}));
  const Answer a = search.answer();
  EXPECT_EQ(a.level, 35);
  EXPECT_EQ(a.resolution, 3);
  EXPECT_TRUE(a.resolved);
}

TEST(CapacitySearch, NeverFailingWithoutMaxStopsAtMaxSteps) {
  Search search(srch_rate(1));
  const std::vector<double> levels = srch_run(
      search, [](double) { return true; }, 0);
  ASSERT_EQ(levels.size(), Search::k_max_steps);
  EXPECT_EQ(levels.back(), std::ldexp(1.0, 23));
  const Answer a = search.answer();
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.level, std::ldexp(1.0, 23));
  EXPECT_FALSE(a.resolved);
  EXPECT_EQ(a.note, "no level failed: the answer is a lower bound");
}

// 1 .. 2^19 pass, 2^20 fails, then 786432, 917504, 983040 pass: 24 steps, bracket still 65536
// wide, above 5% of 983040.
TEST(CapacitySearch, MaxStepsCanEndTheBisection) {
  Search search(srch_rate(1));
  const std::vector<double> levels = srch_run(search, srch_limit(1e6), 0);
  ASSERT_EQ(levels.size(), Search::k_max_steps);
  EXPECT_EQ(levels[20], 1048576);
  EXPECT_EQ(levels.back(), 983040);
  const Answer a = search.answer();
  EXPECT_EQ(a.level, 983040);
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(20));
  EXPECT_FALSE(a.resolved);
  EXPECT_EQ(a.note, "the search ended before its bracket was within the resolution");
}

TEST(CapacitySearch, MonotoneFalseWhenAPassLiesAboveAFailure) {
  Search search(srch_rate(10));
  search.record(10, true, 0);
  search.record(20, false, 1);
  search.record(15, true, 2);
  EXPECT_TRUE(search.answer().monotone);
  search.record(5, false, 3);
  const Answer a = search.answer();
  EXPECT_FALSE(a.monotone);
  EXPECT_EQ(a.level, 15);
  EXPECT_EQ(a.first_fail, std::optional<std::uint32_t>(1));
}
