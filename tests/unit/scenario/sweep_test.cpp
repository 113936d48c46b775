// load.mode "sweep" and "search": what load.sweep decodes to, the defaults, and the one-line
// summary. The rejected forms are data: tests/data/bad_scenarios/{sweep,search,slo}_*.json.
#include "scenario/loader.hpp"
#include "scenario/summary.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
namespace sc = chatbench::scenario;

namespace {

// A scenario whose "load" is `load`.
sc::Scenario with_load(const std::string &load) {
  const std::string text = R"({
    "targets": [{"name": "mock", "provider": "openai", "base_url": "mock"}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "load": )" + load + "}";
  auto loaded = sc::load_scenario_text(text, "sweep.json", "/base");
  if (!loaded) {
    ADD_FAILURE() << loaded.error().message;
    return {};
  }
  return std::move(loaded).value();
}

} // namespace

TEST(Sweep, ModeAloneGivesTheDefaults) {
  const sc::Load load = with_load(R"({"mode": "sweep"})").load;
  EXPECT_EQ(load.mode, sc::Load::Mode::sweep);
  EXPECT_EQ(load.duration, 10s);
  EXPECT_EQ(load.warmup_duration, 2s);
  EXPECT_EQ(load.warmup_requests, 0u);
  EXPECT_FALSE(load.requests);
  const sc::Sweep &s = load.sweep;
  EXPECT_EQ(s.over, sc::Sweep::Over::rate);
  EXPECT_TRUE(s.levels.empty());
  EXPECT_EQ(s.steps, 6u);
  EXPECT_EQ(s.probe_concurrency, 64u);
  EXPECT_EQ(s.max_duration, 30s);
  EXPECT_EQ(s.window, 2s);
  EXPECT_EQ(s.stable_windows, 3u);
  EXPECT_DOUBLE_EQ(s.tolerance, 0.1);
  EXPECT_DOUBLE_EQ(s.stop_error_rate, 0.1);
  EXPECT_DOUBLE_EQ(s.stop_latency_growth, 3);
  EXPECT_TRUE(s.slo.empty());
  EXPECT_DOUBLE_EQ(s.start, 0);
  EXPECT_DOUBLE_EQ(s.max, 0);
  EXPECT_DOUBLE_EQ(s.resolution, 0.05);
  EXPECT_TRUE(s.resolution_relative);
}

TEST(Sweep, EveryKeyOfAnAutomaticRateSweep) {
  const sc::Load load = with_load(R"({
    "mode": "sweep", "duration": "20s", "warmup": "1s", "arrival": "gamma", "burstiness": 0.5,
    "max_in_flight": 128, "busy_wait": "1ms", "drain": "3s", "workers": 2,
    "timeouts": {"first_token": "5s"},
    "sweep": {"over": "rate", "steps": 8, "probe_concurrency": 32, "max_duration": "40s",
              "window": "4s", "stable_windows": 5, "tolerance": "5%", "stop_error_rate": 0.25,
              "stop_latency_growth": 2.5, "slo": ["ttft.p95 < 500ms", "error_rate < 1%"]}})")
                            .load;
  EXPECT_EQ(load.duration, 20s);
  EXPECT_EQ(load.warmup_duration, 1s);
  EXPECT_EQ(load.arrival, sc::Load::Arrival::gamma);
  EXPECT_DOUBLE_EQ(load.burstiness, 0.5);
  EXPECT_EQ(load.max_in_flight, 128u);
  EXPECT_EQ(load.busy_wait, 1ms);
  EXPECT_EQ(load.drain, 3s);
  EXPECT_EQ(load.workers, 2u);
  EXPECT_EQ(load.timeouts.first_token, 5s);
  const sc::Sweep &s = load.sweep;
  EXPECT_EQ(s.steps, 8u);
  EXPECT_EQ(s.probe_concurrency, 32u);
  EXPECT_EQ(s.max_duration, 40s);
  EXPECT_EQ(s.window, 4s);
  EXPECT_EQ(s.stable_windows, 5u);
  EXPECT_DOUBLE_EQ(s.tolerance, 0.05);
  EXPECT_DOUBLE_EQ(s.stop_error_rate, 0.25);
  EXPECT_DOUBLE_EQ(s.stop_latency_growth, 2.5);
  ASSERT_EQ(s.slo.size(), 2u);
  EXPECT_EQ(s.slo[0].metric, "ttft");
  EXPECT_DOUBLE_EQ(s.slo[0].value, 500e6);
  EXPECT_EQ(s.slo[1].kind, sc::ValueKind::fraction);
}

TEST(Sweep, RateLevelsTakeNumbersAndRateStrings) {
  const sc::Sweep s =
      with_load(R"({"mode": "sweep", "sweep": {"levels": [0.5, "2/s", 4, "600/min"]}})").load.sweep;
  EXPECT_EQ(s.levels, (std::vector<double>{0.5, 2, 4, 10}));
  EXPECT_DOUBLE_EQ(s.stop_error_rate, 0.1);
}

TEST(Sweep, ConcurrencyLevelsAreWholeNumbers) {
  const sc::Load load =
      with_load(R"({"mode": "sweep", "sweep": {"over": "concurrency", "levels": [1, 2, 4, 8]}})")
          .load;
  EXPECT_EQ(load.sweep.over, sc::Sweep::Over::concurrency);
  EXPECT_EQ(load.sweep.levels, (std::vector<double>{1, 2, 4, 8}));
}

TEST(Sweep, MaxDurationDefaultsToALongerStepDuration) {
  EXPECT_EQ(with_load(R"({"mode": "sweep", "duration": "45s"})").load.sweep.max_duration, 45s);
  EXPECT_EQ(with_load(R"({"mode": "sweep", "duration": "30s", "sweep": {"max_duration": "30s"}})")
                .load.sweep.max_duration,
            30s);
}

TEST(Sweep, WarmupCanBeTurnedOff) {
  EXPECT_EQ(with_load(R"({"mode": "sweep", "warmup": "0s"})").load.warmup_duration, 0s);
}

TEST(Sweep, StopErrorRateMayBeOne) {
  EXPECT_DOUBLE_EQ(with_load(R"({"mode": "sweep", "sweep": {"stop_error_rate": "100%"}})")
                       .load.sweep.stop_error_rate,
                   1.0);
}

TEST(Search, ConcurrencySearchWithEveryKey) {
  const sc::Load load = with_load(R"({
    "mode": "search",
    "sweep": {"over": "concurrency", "slo": ["ttft.p95 < 1s"], "start": 4, "max": 256,
              "resolution": 2, "probe_concurrency": 512}})")
                            .load;
  EXPECT_EQ(load.mode, sc::Load::Mode::search);
  EXPECT_EQ(load.duration, 10s);
  const sc::Sweep &s = load.sweep;
  EXPECT_DOUBLE_EQ(s.start, 4);
  EXPECT_DOUBLE_EQ(s.max, 256);
  EXPECT_DOUBLE_EQ(s.resolution, 2);
  EXPECT_FALSE(s.resolution_relative);
  EXPECT_EQ(s.probe_concurrency, 512u);
  ASSERT_EQ(s.slo.size(), 1u);
}

TEST(Search, ResolutionDefaultsByWhatIsSearched) {
  const sc::Sweep rate =
      with_load(R"({"mode": "search", "sweep": {"slo": ["error_rate < 1%"]}})").load.sweep;
  EXPECT_DOUBLE_EQ(rate.resolution, 0.05);
  EXPECT_TRUE(rate.resolution_relative);
  const sc::Sweep concurrency =
      with_load(R"({"mode": "search", "sweep": {"over": "concurrency", "slo": ["e2e.p50 < 2s"]}})")
          .load.sweep;
  EXPECT_DOUBLE_EQ(concurrency.resolution, 1);
  EXPECT_FALSE(concurrency.resolution_relative);
}

TEST(Search, ResolutionIsAPercentageOrALevel) {
  const auto resolution_of = [](const std::string &over, const std::string &resolution) {
    return with_load(R"({"mode": "search", "sweep": {"over": ")" + over +
                     R"(", "slo": ["error_rate < 1%"], "resolution": )" + resolution + "}}")
        .load.sweep;
  };
  const sc::Sweep percent = resolution_of("rate", R"("10%")");
  EXPECT_DOUBLE_EQ(percent.resolution, 0.1);
  EXPECT_TRUE(percent.resolution_relative);
  const sc::Sweep rate = resolution_of("rate", R"("120/min")");
  EXPECT_DOUBLE_EQ(rate.resolution, 2);
  EXPECT_FALSE(rate.resolution_relative);
  const sc::Sweep number = resolution_of("rate", "0.5");
  EXPECT_DOUBLE_EQ(number.resolution, 0.5);
  EXPECT_FALSE(number.resolution_relative);
  const sc::Sweep concurrency = resolution_of("concurrency", R"("2%")");
  EXPECT_DOUBLE_EQ(concurrency.resolution, 0.02);
  EXPECT_TRUE(concurrency.resolution_relative);
}

TEST(Search, RateStartAndMaxTakeRateStrings) {
  const sc::Sweep s = with_load(R"({"mode": "search",
    "sweep": {"slo": ["error_rate < 1%"], "start": "2/s", "max": 200}})")
                          .load.sweep;
  EXPECT_DOUBLE_EQ(s.start, 2);
  EXPECT_DOUBLE_EQ(s.max, 200);
}

TEST(SweepSummary, AutomaticRateSweep) {
  const sc::Scenario s = with_load(R"({"mode": "sweep", "arrival": "poisson"})");
  EXPECT_EQ(sc::summarize(s),
            "1 target (mock: openai at mock), rate sweep: automatic plan (baseline, probe at 64, "
            "6 levels), poisson arrivals, 10s per step (+2s warmup, up to 30s), non-streaming, "
            "fixed messages");
}

TEST(SweepSummary, GivenLevels) {
  EXPECT_EQ(sc::summarize(with_load(
                R"({"mode": "sweep", "max_in_flight": 32, "sweep": {"levels": [2, 4, 8, 16]}})")),
            "1 target (mock: openai at mock), rate sweep: 2, 4, 8, 16/s, constant arrivals, at "
            "most 32 in flight, 10s per step (+2s warmup, up to 30s), non-streaming, fixed "
            "messages");
  EXPECT_EQ(sc::summarize(with_load(R"({"mode": "sweep", "duration": "20s", "warmup": "0s",
              "sweep": {"over": "concurrency", "levels": [1, 2, 4], "slo": ["ttft.p95 < 1s"]}})")),
            "1 target (mock: openai at mock), concurrency sweep: 1, 2, 4 in flight judged by "
            "ttft.p95 < 1s, "
            "20s per step (up to 30s), non-streaming, fixed messages");
}

TEST(SweepSummary, Search) {
  EXPECT_EQ(sc::summarize(with_load(R"({"mode": "search", "sweep": {"over": "concurrency",
              "slo": ["ttft.p95 < 500ms", "error_rate < 1%"], "resolution": "5%"}})")),
            "1 target (mock: openai at mock), concurrency search for ttft.p95 < 500ms, "
            "error_rate < 1% to within 5%, 10s per step (+2s warmup, up to 30s), non-streaming, "
            "fixed messages");
  EXPECT_EQ(sc::summarize(with_load(R"({"mode": "search", "sweep": {"slo": ["ttft.p95 < 1s"],
              "start": 1, "max": 200, "resolution": "2/s"}})")),
            "1 target (mock: openai at mock), rate search for ttft.p95 < 1s to within 2/s (from "
            "1/s, at most 200/s), constant arrivals, 10s per step (+2s warmup, up to 30s), "
            "non-streaming, fixed messages");
  EXPECT_EQ(sc::summarize(with_load(R"({"mode": "search", "sweep": {"over": "concurrency",
              "slo": ["e2e.p50 < 2s"], "start": 4}})")),
            "1 target (mock: openai at mock), concurrency search for e2e.p50 < 2s to within 1 in "
            "flight (from 4 in flight), 10s per step (+2s warmup, up to 30s), non-streaming, "
            "fixed messages");
}
