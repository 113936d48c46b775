// --sweep, --search and --slo (scenario/capacity_flags.hpp) on a scenario file and on the quick
// flags' scenario: what they set, what they drop when they switch a load's mode, and messages that
// name the flag.
#include "scenario/capacity_flags.hpp"
#include "scenario/loader.hpp"
#include "scenario/quick.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
namespace sc = chatbench::scenario;

namespace {

constexpr const char *k_closed_loop = R"({
  "targets": [{"provider": "openai", "base_url": "mock"}],
  "workload": {"messages": [{"role": "user", "content": "hi"}]},
  "load": {"concurrency": 2, "requests": 10, "warmup": 5}
})";

// A scenario whose "load" is `load`, for files already in a capacity mode.
std::string text_with_load(const std::string &load) {
  return R"({"targets": [{"provider": "openai", "base_url": "mock"}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]}, "load": )" +
         load + "}";
}

chatbench::Result<sc::Scenario> flagged(const std::string &text, const sc::CapacityFlags &flags,
                                        std::vector<std::string> overrides = {}) {
  sc::LoadOptions options;
  options.capacity = flags;
  options.overrides = std::move(overrides);
  return sc::load_scenario_text(text, "f.json", "/base", options);
}

std::string error_of(const chatbench::Result<sc::Scenario> &loaded) {
  return loaded ? "(loaded)" : loaded.error().message;
}

} // namespace

TEST(CapacityFlags, SweepRateSwitchesAClosedLoopFileToTheAutomaticPlan) {
  sc::CapacityFlags flags;
  flags.sweep = "rate";
  const auto s = flagged(k_closed_loop, flags);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.mode, sc::Load::Mode::sweep);
  EXPECT_EQ(s->load.sweep.over, sc::Sweep::Over::rate);
  EXPECT_TRUE(s->load.sweep.levels.empty());
  EXPECT_EQ(s->load.duration, 10s);       // "requests" dropped: steps are timed
  EXPECT_EQ(s->load.warmup_duration, 2s); // the warmup count dropped
  EXPECT_FALSE(s->load.requests);
}

TEST(CapacityFlags, SweepLevels) {
  sc::CapacityFlags flags;
  flags.sweep = "concurrency:1,2,4,8";
  const auto s = flagged(k_closed_loop, flags);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.sweep.over, sc::Sweep::Over::concurrency);
  EXPECT_EQ(s->load.sweep.levels, (std::vector<double>{1, 2, 4, 8}));
  flags.sweep = "rate:2, 4/s,480/min";
  const auto rates = flagged(k_closed_loop, flags);
  ASSERT_TRUE(rates) << rates.error().message;
  EXPECT_EQ(rates->load.sweep.levels, (std::vector<double>{2, 4, 8}));
}

TEST(CapacityFlags, ARunsLengthGivesWayToTheStepDefaults) {
  sc::CapacityFlags flags;
  flags.sweep = "rate";
  const auto s = flagged(text_with_load(R"({"mode": "rate", "rate": "5/s", "duration": "5m",
                                 "warmup": "1s", "arrival": "poisson"})"),
                         flags);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.duration, 10s);
  EXPECT_EQ(s->load.warmup_duration, 2s);
  EXPECT_EQ(s->load.arrival, sc::Load::Arrival::poisson);
}

TEST(CapacityFlags, AFileAlreadyInACapacityModeKeepsItsStepLength) {
  sc::CapacityFlags flags;
  flags.sweep = "concurrency:2,4";
  const auto s =
      flagged(text_with_load(
                  R"({"mode": "sweep", "duration": "20s", "warmup": "1s", "sweep": {"steps": 3}})"),
              flags);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.duration, 20s);
  EXPECT_EQ(s->load.warmup_duration, 1s);
  EXPECT_EQ(s->load.sweep.levels, (std::vector<double>{2, 4}));
}

TEST(CapacityFlags, SearchWithSlos) {
  sc::CapacityFlags flags;
  flags.search = "concurrency";
  flags.slo = {"ttft.p95 < 500ms", "error_rate < 1%"};
  const auto s = flagged(k_closed_loop, flags);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.mode, sc::Load::Mode::search);
  EXPECT_EQ(s->load.sweep.over, sc::Sweep::Over::concurrency);
  ASSERT_EQ(s->load.sweep.slo.size(), 2u);
  EXPECT_EQ(s->load.sweep.slo[1].text, "error_rate < 1%");
}

TEST(CapacityFlags, SloJoinsAFilesSearch) {
  sc::CapacityFlags flags;
  flags.slo = {"e2e.p99 < 10s"};
  const auto s =
      flagged(text_with_load(R"({"mode": "search", "sweep": {"slo": ["ttft.p95 < 1s"]}})"), flags);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->load.sweep.slo.size(), 2u);
  EXPECT_EQ(s->load.sweep.slo[1].metric, "e2e");
}

TEST(CapacityFlags, SwitchingBetweenSweepAndSearchDropsTheOtherModesKeys) {
  sc::CapacityFlags flags;
  flags.search = "rate";
  const auto search = flagged(
      text_with_load(R"({"mode": "sweep", "sweep": {"levels": [1, 2], "slo": ["ttft.p95 < 1s"]}})"),
      flags);
  ASSERT_TRUE(search) << search.error().message;
  EXPECT_EQ(search->load.mode, sc::Load::Mode::search);
  EXPECT_TRUE(search->load.sweep.levels.empty());
  sc::CapacityFlags sweep;
  sweep.sweep = "rate:1,2";
  const auto swept = flagged(text_with_load(R"({"mode": "search", "sweep": {"start": 4, "max": 8,
      "resolution": "5%", "slo": ["ttft.p95 < 1s"]}})"),
                             sweep);
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_EQ(swept->load.mode, sc::Load::Mode::sweep);
  EXPECT_DOUBLE_EQ(swept->load.sweep.start, 0);
  EXPECT_EQ(swept->load.sweep.slo.size(), 1u);
}

TEST(CapacityFlags, AConcurrencySweepOfARateFileDropsTheOpenLoopSettings) {
  sc::CapacityFlags flags;
  flags.sweep = "concurrency:1,2,4";
  const auto swept = flagged(text_with_load(R"({"mode": "sweep", "arrival": "gamma",
      "burstiness": 0.5, "max_in_flight": 8, "busy_wait": "1ms", "sweep": {"over": "rate"}})"),
                             flags);
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_EQ(swept->load.sweep.over, sc::Sweep::Over::concurrency);
  EXPECT_EQ(swept->load.arrival, sc::Load::Arrival::constant);
  EXPECT_FALSE(swept->load.max_in_flight);
  EXPECT_EQ(swept->load.busy_wait, std::chrono::nanoseconds(0));
}

TEST(CapacityFlags, SetAppliesAfterTheFlags) {
  sc::CapacityFlags flags;
  flags.sweep = "rate";
  const auto s = flagged(k_closed_loop, flags, {"load.sweep.steps=8", "load.duration=20s"});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.sweep.steps, 8u);
  EXPECT_EQ(s->load.duration, 20s);
  EXPECT_EQ(error_of(flagged(k_closed_loop, flags, {"load.sweep.window=0s"})),
            "--set load.sweep.window=0s: /load/sweep/window: expected a duration above zero, "
            "found string \"0s\"");
}

TEST(CapacityFlags, SweepAndSearchTogetherAreRefused) {
  sc::CapacityFlags flags;
  flags.sweep = "rate";
  flags.search = "rate";
  const auto s = flagged(k_closed_loop, flags);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, chatbench::ErrorCode::invalid_argument);
  EXPECT_EQ(s.error().message,
            "--sweep and --search cannot be combined: a sweep measures a series of levels, a "
            "search looks for the highest level at which every --slo holds; choose one");
}

TEST(CapacityFlags, SearchTakesNoLevels) {
  sc::CapacityFlags flags;
  flags.search = "concurrency:1,2";
  flags.slo = {"ttft.p95 < 1s"};
  EXPECT_EQ(error_of(flagged(k_closed_loop, flags)),
            "--search concurrency:1,2: expected rate or concurrency; a search picks its own "
            "levels (a list of levels goes with --sweep)");
}

TEST(CapacityFlags, SloNeedsASweepOrASearch) {
  sc::CapacityFlags flags;
  flags.slo = {"ttft.p95 < 1s"};
  const auto s = flagged(k_closed_loop, flags);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, chatbench::ErrorCode::invalid_argument);
  EXPECT_EQ(s.error().message, "--slo applies to a sweep or a search: add --sweep or --search, or "
                               "use a scenario whose load.mode is \"sweep\" or \"search\"");
}

TEST(CapacityFlags, MalformedValuesNameTheFlag) {
  const auto sweep_error = [](const std::string &spec) {
    sc::CapacityFlags flags;
    flags.sweep = spec;
    return error_of(flagged(k_closed_loop, flags));
  };
  EXPECT_EQ(sweep_error("rat"), "--sweep rat: /load/sweep/over: expected one of \"rate\" or "
                                "\"concurrency\", found string \"rat\"; did you mean \"rate\"?");
  EXPECT_EQ(sweep_error("rate:2,x"),
            "--sweep rate:2,x: /load/sweep/levels/1: expected a rate such as \"50/s\", "
            "\"300/min\" or \"2k/s\", found \"x\"");
  EXPECT_EQ(sweep_error("concurrency:1,1.5"),
            "--sweep concurrency:1,1.5: /load/sweep/levels/1: expected a whole number from 1 to "
            "1000000, found number 1.5");
  EXPECT_EQ(sweep_error("rate:4,2"), "--sweep rate:4,2: /load/sweep/levels/1: expected a level "
                                     "above 4/s (levels ascend), found number 2");
  EXPECT_EQ(sweep_error("rate:"),
            "--sweep rate:: /load/sweep/levels: expected a non-empty array of ascending rates, "
            "such as [2, 4, 8] or [\"2/s\", \"4/s\"], found an empty array");
  sc::CapacityFlags search;
  search.search = "concurrency";
  EXPECT_EQ(error_of(flagged(k_closed_loop, search)),
            "--search concurrency: /load/sweep: missing required key \"slo\": \"mode\": "
            "\"search\" looks for the highest level at which every SLO holds");
  search.slo = {"ttft.p95 < 1s", "a:ttft.p95 < 1"};
  EXPECT_EQ(error_of(flagged(k_closed_loop, search)),
            "--slo a:ttft.p95 < 1: /load/sweep/slo/1: threshold \"a:ttft.p95 < 1\" at column 14: "
            "expected a duration such as \"250ms\", \"30s\" or \"2m\", found \"1\"");
}

TEST(CapacityFlags, QuickScenario) {
  sc::QuickOptions quick;
  quick.target = "mock";
  quick.duration = "20s";
  quick.capacity_mode = "search";
  sc::LoadOptions options;
  options.capacity.search = "rate";
  options.capacity.slo = {"ttft.p95 < 1s"};
  const auto s = sc::load_quick_scenario(quick, options);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.mode, sc::Load::Mode::search);
  EXPECT_EQ(s->load.duration, 20s); // -d: each step's
  EXPECT_FALSE(s->load.requests);   // the quick default of 10 requests dropped
  options.capacity.slo = {"ttft.p95 < 1"};
  EXPECT_EQ(error_of(sc::load_quick_scenario(quick, options)),
            "--slo ttft.p95 < 1: /load/sweep/slo/0: threshold \"ttft.p95 < 1\" at column 12: "
            "expected a duration such as \"250ms\", \"30s\" or \"2m\", found \"1\"");
  options.capacity.slo = {"ttft.p95 < 1s"};
  quick.concurrency = "4";
  EXPECT_EQ(error_of(sc::load_quick_scenario(quick, options)),
            "command line: /load/concurrency: \"mode\": \"search\" takes its levels from "
            "\"sweep\" (\"over\", \"start\" and \"max\"), not from \"concurrency\"");
}

TEST(CapacityFlags, QuickScenarioWithoutDurationGetsTheStepDefault) {
  sc::QuickOptions quick;
  quick.target = "mock";
  quick.capacity_mode = "sweep";
  sc::LoadOptions options;
  options.capacity.sweep = "concurrency:1,2";
  const auto s = sc::load_quick_scenario(quick, options);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.duration, 10s);
  EXPECT_EQ(s->load.sweep.levels, (std::vector<double>{1, 2}));
  EXPECT_EQ(sc::quick_scenario_document(quick)["load"], nlohmann::json({{"mode", "sweep"}}));
}

TEST(CapacityFlags, NoFlagsLeaveTheDocumentAlone) {
  nlohmann::json document = nlohmann::json::parse(k_closed_loop);
  const nlohmann::json before = document;
  const auto applied = sc::apply_capacity_flags(document, {});
  ASSERT_TRUE(applied);
  EXPECT_TRUE(applied->empty());
  EXPECT_EQ(document, before);
}

TEST(CapacityFlags, AFilesMalformedSweepIsReportedAgainstTheFile) {
  sc::CapacityFlags flags;
  flags.sweep = "rate";
  EXPECT_EQ(error_of(flagged(text_with_load(R"({"mode": "rate", "sweep": 5})"), flags)),
            "f.json:2:102: /load/sweep: expected an object, found number 5");
  sc::CapacityFlags slo;
  slo.slo = {"ttft.p95 < 1s"};
  EXPECT_EQ(error_of(flagged(text_with_load(R"({"mode": "sweep", "sweep": {"slo": "x"}})"), slo)),
            "f.json:2:111: /load/sweep/slo: expected an array of expressions such as "
            "\"ttft.p95 < 500ms\", found string \"x\"");
}

TEST(CapacityFlags, AFileWithoutALoadGetsOne) {
  sc::CapacityFlags flags;
  flags.sweep = "concurrency";
  const auto s = flagged(R"({"targets": [{"provider": "openai", "base_url": "mock"}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]}})",
                         flags);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.mode, sc::Load::Mode::sweep);
  EXPECT_EQ(s->load.sweep.over, sc::Sweep::Over::concurrency);
}
