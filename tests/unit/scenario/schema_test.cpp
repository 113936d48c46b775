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
