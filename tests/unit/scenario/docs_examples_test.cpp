// Every ```json block in docs/SCENARIOS.md is a complete scenario that loads (relative paths
// start at scenarios/, where the shipped data files live).
#include "case_file.hpp"
#include "scenario/loader.hpp"

#include <gtest/gtest.h>

TEST(DocsExamples, EveryScenarioInTheDocsLoads) {
  const std::filesystem::path source = CHATBENCH_SOURCE_DIR;
  const auto blocks = chatbench::test::json_blocks(source / "docs/SCENARIOS.md");
  ASSERT_GE(blocks.size(), 10u);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto loaded = chatbench::scenario::load_scenario_text(
        blocks[i], "docs example " + std::to_string(i + 1), source / "scenarios");
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
  }
}
