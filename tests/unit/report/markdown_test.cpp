// summary.md: golden files for the deterministic fixtures, plus what a pull-request comment
// needs to stay readable (escaped cells, findings listed).
#include "report/markdown.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace chatbench::report {
namespace {

using namespace test;

std::string markdown_of(const run::RunOutput &run, std::vector<std::string_view> expressions) {
  std::vector<scenario::Threshold> parsed;
  for (const std::string_view e : expressions) {
    parsed.push_back(threshold(e));
  }
  return summary_markdown(run, evaluate_thresholds(parsed, run));
}

TEST(Markdown, ThreeTargetsMatchTheGoldenFile) {
  std::vector<run::TargetRun> targets;
  targets.push_back(with_findings(alpha()));
  targets.push_back(every_failure());
  targets.push_back(errored());
  expect_golden(
      markdown_of(make_run(std::move(targets)),
                  {"ttft.p95 < 800ms", "beta:failures.http_429 == 0", "conformance.failures == 0"}),
      "summary_three_targets.md");
}

TEST(Markdown, OneTargetPassingMatchesTheGoldenFile) {
  expect_golden(markdown_of(streamed_run(), {"ttft.p95 < 800ms", "error_rate < 1%"}),
                "summary_one_target.md");
}

TEST(Markdown, CellsCannotBreakTheTable) {
  run::RunOutput run = streamed_run();
  run.targets.front().name = "a|b";
  const std::string md = markdown_of(run, {"error_rate < 1%"});
  EXPECT_NE(md.find("| | a\\|b |"), std::string::npos) << md;
}

} // namespace
} // namespace chatbench::report
