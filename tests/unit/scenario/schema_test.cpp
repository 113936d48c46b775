// schemas/scenario.schema.json and the loader must agree: every scenario the project ships or
// documents passes both, and every bad case marked "schema: reject" fails the schema too.
#include "case_file.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace {

const std::filesystem::path k_source = CHATBENCH_SOURCE_DIR;

class ScenarioSchema : public testing::Test {
protected:
  static void SetUpTestSuite() {
    std::ifstream in(k_source / "schemas/scenario.schema.json");
    s_document = nlohmann::json::parse(in);
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(s_document);
    parser.populateSchema(adapter, s_schema);
  }

  static std::string errors_of(const nlohmann::json &document) {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    if (validator.validate(s_schema, adapter, &results)) {
      return "";
    }
    std::string out;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      for (const std::string &c : error.context) {
        out += c;
      }
      out += ": " + error.description + "\n";
    }
    return out;
  }

  static nlohmann::json parse(const std::string &text) {
    return nlohmann::json::parse(text, nullptr, false, /*ignore_comments=*/true);
  }

  static inline nlohmann::json s_document;
  static inline valijson::Schema s_schema;
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
