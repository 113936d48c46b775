// run_scenario end to end against the embedded mock: what each target measured, what went to
// requests.jsonl, and that set-up problems fail before any traffic.
#include "run/runner.hpp"

#include "scenario/loader.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace chatbench;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir()
      : path(std::filesystem::temp_directory_path() /
             ("chatbench_run_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

scenario::Scenario load(const std::string &text) {
  auto s = scenario::load_scenario_text(text, "test.json", std::filesystem::current_path());
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return s ? *s : scenario::Scenario{};
}

run::RunOptions options(const TempDir &dir) {
  run::RunOptions o;
  o.out_dir = dir.path.string();
  o.progress = nullptr;
  return o;
}

std::vector<nlohmann::json> read_lines(const std::string &path) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

} // namespace

TEST(Runner, TwoMockTargetsRunOneAfterTheOtherWithTheirOwnTiming) {
  const scenario::Scenario s = load(R"({
    "name": "two",
    "targets": [
      {"name": "fast", "provider": "openai", "base_url": "mock",
       "mock": {"ttft": "5ms", "itl": "1ms", "output_tokens": 8}},
      {"name": "slow", "provider": "8080", "base_url": "mock",
       "mock": {"ttft": "30ms", "itl": "2ms", "output_tokens": 4}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true},
    "load": {"concurrency": 4, "requests": 40, "warmup": 4, "workers": 2}
  })");
  TempDir dir;
  auto out = run::run_scenario(s, options(dir));
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->targets.size(), 2u);
  EXPECT_FALSE(out->interrupted);
  for (const run::TargetRun &t : out->targets) {
    EXPECT_TRUE(t.error.empty()) << t.error;
    EXPECT_TRUE(t.mock);
    EXPECT_TRUE(t.stream);
    EXPECT_EQ(t.recorder.counts().records, 40u) << t.name;
    EXPECT_EQ(t.recorder.counts().ok(), 40u) << t.name;
    EXPECT_EQ(t.recorder.counts().warmup_records, 4u);
    EXPECT_EQ(t.recorder.counts().tokens_from_usage, 40u) << "include_usage is on by default";
    EXPECT_EQ(t.mock_figures.completions, 44u);
    EXPECT_EQ(t.url.rfind("http://127.0.0.1:", 0), 0u);
    EXPECT_GT(t.timeline.buckets().size(), 0u);
  }
  const auto &fast = out->targets[0].recorder.histogram(metrics::Metric::ttft_sent);
  const auto &slow = out->targets[1].recorder.histogram(metrics::Metric::ttft_sent);
  EXPECT_GE(fast.value_at_percentile(50), 5'000'000);
  EXPECT_LT(fast.value_at_percentile(50), 25'000'000);
  EXPECT_GE(slow.value_at_percentile(50), 30'000'000);
  EXPECT_EQ(out->targets[0].recorder.counts().tokens, 40u * 8u);
  EXPECT_EQ(out->targets[1].token_limit_field, "max_completion_tokens");
  EXPECT_EQ(out->manifest.scenario_name, "two");

  const auto lines = read_lines(out->requests_file);
  ASSERT_EQ(lines.size(), 88u); // both targets, warmup included
  std::size_t slow_lines = 0;
  for (const auto &line : lines) {
    slow_lines += line["target"] == "slow" ? 1U : 0U;
  }
  EXPECT_EQ(slow_lines, 44u);
}

TEST(Runner, FaultsBecomeFailureKinds) {
  const scenario::Scenario s = load(R"({
    "targets": [{"provider": "openai", "base_url": "mock",
                 "mock": {"ttft": "1ms", "output_tokens": 4,
                          "faults": ["rate_limit:every=5", "error_event:at=3", "reset:at=7"]}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true},
    "load": {"concurrency": 1, "requests": 20}
  })");
  TempDir dir;
  auto out = run::run_scenario(s, options(dir));
  ASSERT_TRUE(out) << out.error().message;
  const metrics::Counts &c = out->targets.at(0).recorder.counts();
  EXPECT_EQ(c.records, 20u);
  EXPECT_EQ(c.outcome(metrics::FailureKind::http_status), 4u);
  EXPECT_EQ(c.http_failures.at(429), 4u);
  EXPECT_EQ(c.outcome(metrics::FailureKind::stream_error_event), 1u);
  EXPECT_EQ(c.outcome(metrics::FailureKind::stream_truncated), 1u);
  EXPECT_EQ(c.ok(), 14u);
  EXPECT_EQ(c.retry_after, 4u);
}

TEST(Runner, SetUpProblemsFailBeforeAnyTraffic) {
  scenario::Scenario s = load(R"({
    "targets": [{"provider": "openai", "base_url": "mock", "mock": {"faults": ["nonsense"]}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "load": {"concurrency": 1, "requests": 1}
  })");
  TempDir dir;
  auto out = run::run_scenario(s, options(dir));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::invalid_scenario);
  EXPECT_NE(out.error().message.find("mock.faults[0]"), std::string::npos) << out.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "requests.jsonl"));

  s.targets[0].mock.faults.clear();
  s.targets[0].api_key = {scenario::ApiKey::Source::env, "CHATBENCH_TEST_UNSET_VARIABLE"};
  ::unsetenv("CHATBENCH_TEST_UNSET_VARIABLE");
  out = run::run_scenario(s, options(dir));
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message.find("CHATBENCH_TEST_UNSET_VARIABLE"), std::string::npos);
}

TEST(Runner, MockDemandsTheKeyTheTargetSends) {
  ::setenv("CHATBENCH_TEST_MOCK_KEY", "sk-mock", 1);
  const scenario::Scenario s = load(R"({
    "targets": [{"provider": "infera", "base_url": "mock",
                 "api_key": {"env": "CHATBENCH_TEST_MOCK_KEY"}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "load": {"concurrency": 2, "requests": 6}
  })");
  TempDir dir;
  auto out = run::run_scenario(s, options(dir));
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->targets.at(0).recorder.counts().ok(), 6u);
  EXPECT_FALSE(out->targets.at(0).stream); // Infera documents no streaming
}
