// schemas/scenario.schema.json and the loader must agree: every scenario the project ships or
// documents passes both, and every bad case marked "schema: reject" fails the schema too.
#include "case_file.hpp"

#include "../support/json_schema.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace {

const std::filesystem::path k_source = CHATBENCH_SOURCE_DIR;

class ScenarioSchema : public testing::Test {
protected:
  static void SetUpTestSuite() {
    s_schema = std::make_unique<chatbench::test_support::JsonSchema>(
        k_source / "schemas/scenario.schema.json");
  }

  static std::string errors_of(const nlohmann::json &document) {
    return s_schema->errors_of(document);
  }

  static nlohmann::json parse(const std::string &text) {
    return nlohmann::json::parse(text, nullptr, false, /*ignore_comments=*/true);
  }

  static inline std::unique_ptr<chatbench::test_support::JsonSchema> s_schema;
};

TEST_F(ScenarioSchema, AcceptsEveryShippedScenario) {
  for (const auto &file : chatbench::test::files_in(k_source / "scenarios", ".json")) {
    const auto c = chatbench::test::read_case(file);
    EXPECT_EQ(errors_of(parse(c.text)), "") << file;
  }
}

TEST_F(ScenarioSchema, AcceptsEveryDocumentedExample) {
  const auto blocks = chatbench::test::json_blocks(k_source / "docs/SCENARIOS.md");
  ASSERT_GE(blocks.size(), 10u);
  for (const std::string &block : blocks) {
    EXPECT_EQ(errors_of(parse(block)), "") << block;
  }
}

// Capacity loads in the forms the loader accepts (tests/unit/scenario/sweep_test.cpp): the schema
// must not be stricter than the loader.
TEST_F(ScenarioSchema, AcceptsEverySweepAndSearchForm) {
  const std::vector<std::string> loads{
      R"({"mode": "sweep"})",
      R"({"mode": "sweep", "duration": "20s", "warmup": "0s", "arrival": "gamma",
          "burstiness": 0.5, "max_in_flight": 8, "busy_wait": "1ms", "side_by_side": false,
          "sweep": {"over": "rate", "steps": 8, "probe_concurrency": 32, "max_duration": "40s",
                    "window": "4s", "stable_windows": 5, "tolerance": "5%",
                    "stop_error_rate": 1, "stop_latency_growth": 2.5,
                    "slo": ["ttft.p95 < 500ms", "error_rate < 1%", "failures.http_429 == 0"]}})",
      R"({"mode": "sweep", "sweep": {"levels": [0.5, "2/s", 4, "600/min"]}})",
      R"({"mode": "sweep", "sweep": {"over": "concurrency", "levels": [1, 2, 4, 8]}})",
      R"({"mode": "search", "sweep": {"over": "concurrency", "slo": ["e2e.p50 < 2s"],
          "start": 4, "max": 256, "resolution": 2}})",
      R"({"mode": "search", "sweep": {"slo": ["goodput >= 2/s"], "start": "2/s", "max": 200,
          "resolution": "120/min", "tolerance": 0.2, "stop_error_rate": "50%"}})",
      R"({"mode": "search", "sweep": {"over": "concurrency", "slo": ["ttft.p99 < 1s"],
          "resolution": "2%"}})",
  };
  for (const std::string &load : loads) {
    const nlohmann::json doc = parse(R"({"targets": [{"provider": "openai", "base_url": "mock"}],
      "workload": {"messages": [{"role": "user", "content": "hi"}]},
      "checks": {"thresholds": ["capacity.max_rate >= 2/s", "capacity.max_concurrency > 4"]},
      "load": )" + load + "}");
    ASSERT_FALSE(doc.is_discarded()) << load;
    EXPECT_EQ(errors_of(doc), "") << load;
  }
}

TEST_F(ScenarioSchema, RejectsTheBadCasesItCanExpress) {
  int rejected = 0;
  for (const auto &file :
       chatbench::test::files_in(k_source / "tests/data/bad_scenarios", ".json")) {
    const auto c = chatbench::test::read_case(file);
    const nlohmann::json doc = parse(c.text);
    if (doc.is_discarded() || !c.overrides.empty()) {
      continue;
    }
    const bool schema_rejects = !errors_of(doc).empty();
    EXPECT_EQ(schema_rejects, c.schema_rejects)
        << file
        << (c.schema_rejects ? " passes the schema but the loader rejects it"
                             : " is marked 'schema: accept' but the schema rejects it");
    rejected += schema_rejects ? 1 : 0;
  }
  EXPECT_GE(rejected, 20);
}

} // namespace
