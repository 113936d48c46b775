#include "engine/pacer.hpp"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <vector>

using namespace chatbench::engine;
using chatbench::metrics::Phase;
using namespace std::chrono_literals;

namespace {

OpenLoopPacer open_pacer(double rate, const Phases &phases, std::uint32_t worker = 0,
                         std::uint32_t workers = 1, ArrivalKind kind = ArrivalKind::constant) {
  auto arrivals = ArrivalProcess::create({kind, 1, 5}, LevelProfile(rate));
  EXPECT_TRUE(arrivals.has_value());
  auto pacer =
      OpenLoopPacer::create(std::move(*arrivals), LevelProfile(rate), phases, worker, workers);
  EXPECT_TRUE(pacer.has_value()) << (pacer ? "" : pacer.error().message);
  return std::move(*pacer);
}

std::vector<Start> drain(OpenLoopPacer &pacer) {
  std::vector<Start> starts;
  for (int guard = 0; guard < 1'000'000 && pacer.peek(); ++guard) {
    starts.push_back(*pacer.peek());
    pacer.pop();
  }
  return starts;
}

ClosedLoopPacer closed_pacer(const LevelProfile &level, const Phases &phases,
                             std::uint32_t worker = 0, std::uint32_t workers = 1) {
  auto pacer = ClosedLoopPacer::create(level, phases, worker, workers);
  EXPECT_TRUE(pacer.has_value()) << (pacer ? "" : pacer.error().message);
  return std::move(*pacer);
}

} // namespace

TEST(OpenLoopPacer, PhasesByTime) {
  Phases phases;
  phases.warmup_duration = 1s;
  phases.duration = 2s;
  OpenLoopPacer pacer = open_pacer(10, phases);  // 100 ms apart, first at 100 ms
  EXPECT_FALSE(pacer.measure_end().has_value()); // still in warmup
  const std::vector<Start> starts = drain(pacer);
  ASSERT_EQ(starts.size(), 29u); // 0.1 .. 2.9 s
  std::size_t warm = 0;
  for (const Start &s : starts) {
    warm += s.phase == Phase::warmup ? 1 : 0;
    EXPECT_EQ(s.phase == Phase::warmup, s.intended < 1s);
  }
  EXPECT_EQ(warm, 9u);
  EXPECT_EQ(pacer.measure_start(), Nanos(1s));
  EXPECT_EQ(pacer.measure_end(), Nanos(3s));
}

TEST(OpenLoopPacer, PhasesByCount) {
  Phases phases;
  phases.warmup_requests = 5;
  phases.requests = 20;
  OpenLoopPacer pacer = open_pacer(100, phases);
  const std::vector<Start> starts = drain(pacer);
  ASSERT_EQ(starts.size(), 25u);
  EXPECT_EQ(starts[4].phase, Phase::warmup);
  EXPECT_EQ(starts[5].phase, Phase::measure);
  EXPECT_EQ(pacer.measure_start(), starts[5].intended);
  EXPECT_EQ(pacer.measure_end(), starts.back().intended + 1ns);
}

TEST(OpenLoopPacer, TheFirstLimitReachedEndsThePhase) {
  Phases phases;
  phases.duration = 1s;
  phases.requests = 1000;
  EXPECT_EQ(drain(*std::make_unique<OpenLoopPacer>(open_pacer(10, phases))).size(), 9u);
  phases.requests = 3;
  EXPECT_EQ(drain(*std::make_unique<OpenLoopPacer>(open_pacer(10, phases))).size(), 3u);
}

TEST(OpenLoopPacer, WorkersSplitTheGlobalScheduleRoundRobin) {
  Phases phases;
  phases.warmup_requests = 7;
  phases.duration = 3s;
  OpenLoopPacer single = open_pacer(200, phases, 0, 1, ArrivalKind::poisson);
  const std::vector<Start> all = drain(single);
  ASSERT_GT(all.size(), 500u);
  std::map<std::uint64_t, Start> merged;
  for (std::uint32_t w = 0; w < 3; ++w) {
    OpenLoopPacer pacer = open_pacer(200, phases, w, 3, ArrivalKind::poisson);
    for (const Start &s : drain(pacer)) {
      EXPECT_EQ(s.id % 3, w);
      merged.emplace(s.id, s);
    }
    EXPECT_EQ(pacer.measure_end(), single.measure_end());
  }
  ASSERT_EQ(merged.size(), all.size());
  for (const Start &s : all) {
    EXPECT_EQ(merged.at(s.id).intended, s.intended);
    EXPECT_EQ(merged.at(s.id).phase, s.phase);
  }
}

TEST(OpenLoopPacer, StagesBoundTheRunWithoutDuration) {
  Phases phases;
  const std::vector<Stage> stages = {{2s, 50}};
  auto rate = LevelProfile::create(0, stages);
  auto arrivals = ArrivalProcess::create({ArrivalKind::constant, 1, 1}, *rate);
  auto pacer = OpenLoopPacer::create(std::move(*arrivals), *rate, phases, 0, 1);
  ASSERT_TRUE(pacer.has_value());
  EXPECT_EQ(pacer->measure_end(), Nanos(2s));
  EXPECT_EQ(drain(*pacer).size(), 49u); // integral 50; the 50th lands exactly at 2 s
}

TEST(OpenLoopPacer, RejectsAnUnboundedRun) {
  auto arrivals = ArrivalProcess::create({}, LevelProfile(1));
  EXPECT_FALSE(OpenLoopPacer::create(std::move(*arrivals), LevelProfile(1), Phases{}, 0, 1));
}

TEST(ClosedLoopPacer, SharesAddUpToTheTarget) {
  const std::vector<Stage> stages = {{10s, 10}};
  const LevelProfile level = *LevelProfile::create(0, stages);
  Phases phases;
  phases.duration = 20s;
  std::vector<ClosedLoopPacer> pacers;
  for (std::uint32_t w = 0; w < 3; ++w) {
    pacers.push_back(closed_pacer(level, phases, w, 3));
  }
  for (Nanos t = 0s; t <= 12s; t += 250ms) {
    std::uint64_t sum = 0;
    for (auto &p : pacers) {
      sum += p.target_in_flight(t);
    }
    EXPECT_EQ(sum, static_cast<std::uint64_t>(std::floor(level.level_at(t) + 0.5)));
  }
}

TEST(ClosedLoopPacer, NextGrowthFollowsTheRamp) {
  const std::vector<Stage> stages = {{10s, 10}};
  ClosedLoopPacer pacer = closed_pacer(*LevelProfile::create(0, stages), Phases{});
  EXPECT_EQ(pacer.target_in_flight(0s), 0u);
  EXPECT_EQ(pacer.next_growth(0s, 0), Nanos(500ms)); // level 0.5 rounds to 1
  EXPECT_EQ(pacer.next_growth(0s, 3), Nanos(3500ms));
  EXPECT_FALSE(pacer.next_growth(0s, 10).has_value()); // the level never exceeds 10
}

TEST(ClosedLoopPacer, PhasesByCountAndEnd) {
  Phases phases;
  phases.warmup_requests = 4;
  phases.requests = 6;
  ClosedLoopPacer pacer = closed_pacer(LevelProfile(2), phases, 1, 2); // share: 2 warm, 3 measured
  std::vector<Start> starts;
  for (int i = 0; i < 100; ++i) {
    const auto s = pacer.start(Nanos(i * 1000));
    if (!s) {
      break;
    }
    starts.push_back(*s);
  }
  ASSERT_EQ(starts.size(), 5u);
  EXPECT_EQ(starts[1].phase, Phase::warmup);
  EXPECT_EQ(starts[2].phase, Phase::measure);
  std::set<std::uint64_t> ids;
  for (const Start &s : starts) {
    EXPECT_EQ(s.id % 2, 1u);
    ids.insert(s.id);
  }
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_TRUE(pacer.ended(1s));
  EXPECT_EQ(pacer.target_in_flight(1s), 0u);
}

TEST(ClosedLoopPacer, PhasesByTime) {
  Phases phases;
  phases.warmup_duration = 1s;
  phases.duration = 2s;
  ClosedLoopPacer pacer = closed_pacer(LevelProfile(4), phases);
  EXPECT_EQ(pacer.start(500ms)->phase, Phase::warmup);
  EXPECT_FALSE(pacer.ended(1500ms));
  EXPECT_EQ(pacer.start(1500ms)->phase, Phase::measure);
  EXPECT_EQ(pacer.measure_start(), Nanos(1s));
  EXPECT_EQ(pacer.measure_end(), Nanos(3s));
  EXPECT_TRUE(pacer.ended(3s));
  EXPECT_FALSE(pacer.start(3s).has_value());
}

TEST(ClosedLoopPacer, EndsWhenNothingCanEverStart) {
  Phases phases;
  phases.requests = 10;
  const std::vector<Stage> stages = {{1s, 0}};
  ClosedLoopPacer pacer = closed_pacer(*LevelProfile::create(2, stages), phases);
  EXPECT_FALSE(pacer.ended(0s));
  EXPECT_TRUE(pacer.ended(2s));
}
