#include "case_file.hpp"
#include "scenario/loader.hpp"
#include "scenario/summary.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
namespace sc = chatbench::scenario;

namespace {

const std::filesystem::path k_source = CHATBENCH_SOURCE_DIR;

sc::Scenario load_text(const std::string &text, const sc::LoadOptions &options = {}) {
  auto loaded = sc::load_scenario_text(text, "t.json", "/base", options);
  if (!loaded) {
    ADD_FAILURE() << loaded.error().message;
    return {};
  }
  return std::move(loaded).value();
}

constexpr const char *k_minimal = R"({
  "targets": [{"provider": "openai", "base_url": "mock"}],
  "workload": {"messages": [{"role": "user", "content": "hi"}]},
  "load": {"concurrency": 2, "requests": 10}
})";

} // namespace

TEST(Loader, EveryShippedScenarioLoads) {
  const auto files = chatbench::test::files_in(k_source / "scenarios", ".json");
  ASSERT_GE(files.size(), 8u);
  for (const auto &file : files) {
    const auto loaded = sc::load_scenario_file(file.string());
    EXPECT_TRUE(loaded) << file << ": " << (loaded ? "" : loaded.error().message);
  }
}

TEST(Loader, QuickstartDecodesToTheValuesWritten) {
  const auto loaded = sc::load_scenario_file((k_source / "scenarios/quickstart.json").string());
  ASSERT_TRUE(loaded) << loaded.error().message;
  const sc::Scenario &s = *loaded;
  EXPECT_EQ(s.name, "quickstart");
  EXPECT_EQ(s.seed, 42u);
  ASSERT_EQ(s.targets.size(), 1u);
  const sc::Target &t = s.targets[0];
  EXPECT_TRUE(t.is_mock());
  EXPECT_EQ(t.path, "/v1/chat/completions");
  EXPECT_EQ(t.mock.ttft_ns.kind, chatbench::util::Distribution::Kind::lognormal);
  EXPECT_DOUBLE_EQ(t.mock.ttft_ns.mean, 120e6);
  EXPECT_DOUBLE_EQ(t.mock.itl_ns.min, 1e6);
  EXPECT_EQ(s.workload.kind, sc::Workload::Kind::template_);
  EXPECT_EQ(s.workload.variables.size(), 2u);
  EXPECT_TRUE(s.request.stream);
  EXPECT_EQ(s.request.include_usage, true);
  EXPECT_EQ(s.load.mode, sc::Load::Mode::concurrency);
  EXPECT_EQ(s.load.concurrency, 8u);
  EXPECT_EQ(s.load.duration, 5s);
  EXPECT_EQ(s.load.warmup_duration, 1s);
  EXPECT_EQ(s.load.timeouts.first_token, 5s);
  ASSERT_EQ(s.checks.thresholds.size(), 4u);
  EXPECT_EQ(s.checks.thresholds[0].metric, "ttft");
  EXPECT_EQ(s.checks.slo.ttft, 300ms);
  EXPECT_EQ(std::filesystem::path(s.report.dir),
            (k_source / "reports/quickstart").lexically_normal());
}

TEST(Loader, DefaultsFillTheGaps) {
  const sc::Scenario s = load_text(k_minimal);
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.targets[0].name, "openai");
  EXPECT_EQ(s.targets[0].model, "chatbench-mock");
  EXPECT_FALSE(s.request.stream);
  EXPECT_EQ(s.load.timeouts.total, 300s);
  EXPECT_EQ(s.checks.conformance, sc::Checks::Conformance::fail);
  EXPECT_DOUBLE_EQ(s.checks.conformance_sample, 1.0);
  EXPECT_EQ(s.load.requests, 10u);
  EXPECT_FALSE(s.load.duration.has_value());
}

TEST(Loader, ProviderPathsFollowTheSeeds) {
  const char *text = R"({
    "targets": [
      {"name": "a", "provider": "infera", "base_url": "https://api.infera.org/", "model": "m",
       "api_key": {"env": "INFERA_API_KEY"}},
      {"name": "b", "provider": "interactive", "base_url": "https://app.interactive.ai", "model": "m"},
      {"name": "c", "provider": "solidrust", "base_url": "https://api.solidrust.ai", "model": "m",
       "path": "/custom/chat", "api_key": {"file": "keys/solidrust.key"}}
    ],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "load": {"concurrency": 1, "requests": 1}
  })";
  const sc::Scenario s = load_text(text);
  ASSERT_EQ(s.targets.size(), 3u);
  EXPECT_EQ(s.targets[0].path, "/chat/completions");
  EXPECT_EQ(s.targets[0].api_key.source, sc::ApiKey::Source::env);
  EXPECT_EQ(s.targets[1].path, "/api/v1/chat/completions");
  EXPECT_EQ(s.targets[2].path, "/custom/chat");
  EXPECT_EQ(s.targets[2].api_key.name, "/base/keys/solidrust.key");
}

TEST(Loader, CommentsAreAllowed) {
  const sc::Scenario s = load_text(std::string("// leading\n/* block */") + k_minimal + "// end\n");
  EXPECT_EQ(s.load.concurrency, 2u);
}

TEST(Loader, OverridesApplyBeforeDecoding) {
  sc::LoadOptions options;
  options.overrides = {"load.concurrency=16", "load.duration=30s", "request.stream=true",
                       "targets.0.name=m1", "checks.thresholds=[\"ttft.p99 < 1s\"]"};
  const sc::Scenario s = load_text(k_minimal, options);
  EXPECT_EQ(s.load.concurrency, 16u);
  EXPECT_EQ(s.load.duration, 30s);
  EXPECT_TRUE(s.request.stream);
  EXPECT_EQ(s.targets[0].name, "m1");
  ASSERT_EQ(s.checks.thresholds.size(), 1u);
  EXPECT_EQ(s.checks.thresholds[0].stat, "p99");
}

TEST(Loader, OverrideErrorsNameTheFlag) {
  sc::LoadOptions options;
  options.overrides = {"targets.3.model=x"};
  const auto loaded = sc::load_scenario_text(k_minimal, "t.json", "/base", options);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message,
            "--set targets.3.model=x: /targets is an array of 1; expected an index below that, "
            "found \"3\"");
  options.overrides = {"novalue"};
  EXPECT_FALSE(sc::load_scenario_text(k_minimal, "t.json", "/base", options));
}

TEST(Loader, RateModeWithStagesSumsTheDuration) {
  const char *text = R"({
    "targets": [{"provider": "openai", "base_url": "mock"}],
    "workload": {"synthetic": {"input_tokens": {"dist": "uniform", "min": 10, "max": 20}}},
    "load": {"mode": "rate", "arrival": "gamma", "burstiness": 0.5, "max_in_flight": 64,
             "warmup": 50,
             "stages": [{"duration": "10s", "rate": "5/s"}, {"duration": "20s", "rate": 300}]}
  })";
  const sc::Scenario s = load_text(text);
  EXPECT_EQ(s.load.mode, sc::Load::Mode::rate);
  EXPECT_EQ(s.load.arrival, sc::Load::Arrival::gamma);
  EXPECT_DOUBLE_EQ(s.load.burstiness, 0.5);
  ASSERT_EQ(s.load.stages.size(), 2u);
  EXPECT_DOUBLE_EQ(s.load.stages[1].target, 300.0);
  EXPECT_EQ(s.load.duration, 30s);
  EXPECT_EQ(s.load.warmup_requests, 50u);
  EXPECT_EQ(s.load.max_in_flight, 64u);
  EXPECT_EQ(s.workload.input_tokens.kind, chatbench::util::Distribution::Kind::uniform);
}

TEST(Loader, ConversationsFileResolvesAgainstTheScenarioFolder) {
  const auto dir = std::filesystem::temp_directory_path() / "chatbench_loader_test";
  std::filesystem::create_directories(dir / "data");
  {
    std::ofstream(dir / "data/c.jsonl") << R"([{"role": "user", "content": "a"}])"
                                        << "\n\n"
                                        << R"({"messages": [{"role": "system", "content": "s"},)"
                                        << R"( {"role": "user", "content": "b"}]})"
                                        << "\n";
    std::ofstream(dir / "s.json") << R"({
      "targets": [{"provider": "openai", "base_url": "mock"}],
      "workload": {"conversations": "data/c.jsonl"},
      "load": {"concurrency": 1, "requests": 2}})";
  }
  const auto loaded = sc::load_scenario_file((dir / "s.json").string());
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_EQ(loaded->workload.conversations.size(), 2u);
  EXPECT_EQ(loaded->workload.conversations[1].size(), 2u);
  std::filesystem::remove_all(dir);
}

TEST(Loader, MissingFileIsAnError) {
  const auto loaded = sc::load_scenario_file("/nonexistent/x.json");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message, "/nonexistent/x.json: cannot open the file");
}

TEST(Loader, JsonDocumentsWithoutTextNameTheirOrigin) {
  auto doc = nlohmann::json::parse(k_minimal);
  doc["load"]["concurrency"] = "many";
  const auto loaded = sc::load_scenario_json(doc, "command line", "");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message,
            "command line: /load/concurrency: expected a whole number from 1 to 1000000, found "
            "string \"many\"");
}

TEST(Summary, DescribesTargetsLoadAndChecks) {
  const sc::Scenario s = load_text(k_minimal);
  EXPECT_EQ(sc::summarize(s), "1 target (openai: openai at mock), closed loop, 2 concurrent for "
                              "10 requests, non-streaming, fixed messages");
}
