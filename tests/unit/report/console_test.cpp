// The console summary: a golden file for a deterministic three-target fixture (numbers exact),
// plus the properties a reader relies on (width, rows that appear only when they mean
// something, the status line, colours).
#include "report/console.hpp"

#include "report/console_table.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace chatbench::report {
namespace {

using namespace test;

std::string summary_of(const run::RunOutput &run, std::vector<std::string_view> expressions,
                       ConsoleOptions options = {}) {
  std::vector<scenario::Threshold> parsed;
  for (const std::string_view e : expressions) {
    parsed.push_back(threshold(e));
  }
  const std::vector<Verdict> verdicts = evaluate_thresholds(parsed, run);
  std::ostringstream out;
  print_summary(out, run, verdicts, options);
  return out.str();
}

run::RunOutput three_targets() {
  std::vector<run::TargetRun> targets;
  targets.push_back(alpha());
  targets.push_back(every_failure());
  targets.push_back(errored());
  return make_run(std::move(targets));
}

// The cells of the table row labelled `label`, as printed after the label ("" when absent).
std::string cells_of(const std::string &text, std::string_view label) {
  const std::string start = "\n  " + std::string(label) + " ";
  const std::size_t at = text.find(start);
  if (at == std::string::npos) {
    return "";
  }
  const std::size_t end = text.find('\n', at + 1);
  const std::string cells = text.substr(at + start.size(), end - at - start.size());
  return cells.substr(cells.find_first_not_of(' '));
}

TEST(Console, ThreeTargetsMatchTheGoldenFile) {
  const std::string text =
      summary_of(three_targets(), {"ttft.p95 < 800ms", "beta:failures.http_429 == 0",
                                   "error_rate < 5%", "goodput >= 2/s"});
  expect_golden(text, "console_three_targets.txt");
}

TEST(Console, OneTargetPassingMatchesTheGoldenFile) {
  expect_golden(summary_of(streamed_run(), {"ttft.p95 < 800ms", "error_rate < 1%"}),
                "console_one_target.txt");
}

TEST(Console, StaysWithinTheWidthForThreeTargetsWithLongNames) {
  run::RunOutput run = three_targets();
  for (run::TargetRun &t : run.targets) {
    t.name += "-a-rather-long-target-name-for-a-column";
  }
  const std::string text = summary_of(run, {"ttft.p95 < 800ms", "error_rate < 5%"});
  std::istringstream lines(text);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    EXPECT_LE(display_width(line), 100u) << line;
    ++count;
  }
  EXPECT_GT(count, 30);
  EXPECT_NE(text.find("alpha-a-rather-long-tar…"), std::string::npos) << text;
}

TEST(Console, RowsAppearOnlyWhenTheyMeanSomething) {
  RequestRecord whole = streamed({.id = 1, .tokens = 1});
  whole.stream = false;
  whole.itl_ns.clear();
  whole.usage_completion_tokens = -1;
  std::vector<run::TargetRun> targets;
  targets.push_back(make_target("plain", {whole}, metrics::Slo{}));
  const std::string text = summary_of(make_run(std::move(targets)), {});
  EXPECT_EQ(text.find("goodput"), std::string::npos) << text;  // no SLO
  EXPECT_EQ(text.find("failures"), std::string::npos) << text; // nothing failed
  EXPECT_EQ(cells_of(text, "ITL p50"), "-") << text;           // not streamed: no gaps
  EXPECT_EQ(cells_of(text, "TPOT p50"), "-") << text;          // one token: no TPOT
  EXPECT_EQ(cells_of(text, "TTFT p50"), "101 ms") << text;
  EXPECT_EQ(cells_of(text, "token source"), "none") << text;
  EXPECT_NE(text.find("\nPASSED  no thresholds set\n"), std::string::npos) << text;
}

TEST(Console, InterruptedRunsSaySoFirst) {
  std::vector<run::TargetRun> targets;
  targets.push_back(alpha());
  targets.back().interrupted = true;
  const std::string text =
      summary_of(make_run(std::move(targets), /*interrupted=*/true), {"error_rate < 1%"});
  EXPECT_NE(text.find("\ninterrupted  alpha: stopped before its plan was done\n"),
            std::string::npos)
      << text;
  EXPECT_TRUE(text.ends_with("\nINTERRUPTED  stopped by a signal; all 1 threshold checks held\n"))
      << text;
}

TEST(Console, ARunWithoutTargetsPrintsItsHeaderAndStatus) {
  EXPECT_EQ(summary_of(make_run({}), {"error_rate < 1%"}),
            "chatbench 0.1.0 · fixture · 0 targets · 1.50 s\n"
            "thresholds\n"
            "  FAIL  error_rate < 1%  no target ran\n"
            "FAILED  1 of 1 threshold checks failed\n");
}

TEST(Console, ColoursOnlyWhenAsked) {
  const std::string plain = summary_of(three_targets(), {"error_rate < 5%"});
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  const std::string coloured =
      summary_of(three_targets(), {"error_rate < 5%"}, ConsoleOptions{.color = true});
  EXPECT_NE(coloured.find("\x1b[32m  PASS\x1b[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\x1b[31m  FAIL\x1b[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\x1b[31m\x1b[1mFAILED\x1b[0m\x1b[0m"), std::string::npos) << coloured;
}

} // namespace
} // namespace chatbench::report
