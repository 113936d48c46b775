// Every file in tests/data/bad_scenarios/ must be rejected with exactly the message its
// `// expect:` lines give (see case_file.hpp).
#include "case_file.hpp"
#include "scenario/loader.hpp"

#include <gtest/gtest.h>

namespace {

using chatbench::test::CaseFile;

const std::filesystem::path k_dir = std::filesystem::path(CHATBENCH_TEST_DATA) / "bad_scenarios";

class BadScenario : public testing::TestWithParam<std::filesystem::path> {};

std::vector<std::string> split_lines(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

TEST_P(BadScenario, IsRejectedWithItsMessage) {
  const CaseFile c = chatbench::test::read_case(GetParam());
  chatbench::scenario::LoadOptions options;
  options.overrides = c.overrides;
  const auto loaded = chatbench::scenario::load_scenario_text(c.text, c.path.filename().string(),
                                                              c.path.parent_path(), options);
  ASSERT_FALSE(loaded) << c.path << " was accepted";
  const std::string message = loaded.error().message;
  ASSERT_FALSE(c.expected.empty()) << c.path << " has no '// expect:' line; the message is:\n"
                                   << message;
  EXPECT_EQ(split_lines(message), c.expected) << "full message:\n" << message;
}

std::string case_name(const testing::TestParamInfo<std::filesystem::path> &info) {
  return info.param.stem().string();
}

INSTANTIATE_TEST_SUITE_P(Cases, BadScenario,
                         testing::ValuesIn(chatbench::test::files_in(k_dir, ".json")), case_name);

TEST(BadScenarios, CoverAtLeastTwentyKinds) {
  EXPECT_GE(chatbench::test::files_in(k_dir, ".json").size(), 20u);
}

} // namespace
