// A capacity sweep or search in the console and summary.md: one row per step with its unit and
// status, the knee, answer and early-stop lines, golden files for a 2-target run, and runs
// without capacity printed as before.
#include "report/capacity_table.hpp"

#include "report/console.hpp"
#include "report/markdown.hpp"

#include "capacity_fixtures.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace chatbench::report {
namespace capacity_table_test {
namespace {

using namespace test;

// The row of `step` in the table's Markdown, its cells joined by " | ".
std::string row_of(const capacity::Result &result, std::string_view step) {
  const std::string markdown = capacity_table(result).render_markdown();
  const std::string start = "\n| " + std::string(step) + " | ";
  const std::size_t at = markdown.find(start);
  if (at == std::string::npos) {
    return "";
  }
  const std::size_t end = markdown.find(" |\n", at + 1);
  return markdown.substr(at + start.size(), end - at - start.size());
}

std::string console_of(const run::RunOutput &run, int width = 100) {
  std::ostringstream out;
  print_summary(out, run, evaluate_thresholds(sweep_scenario().checks.thresholds, run),
                {false, width});
  return out.str();
}

TEST(CapacityTable, OneRowPerStepWithUnitsAndStatus) {
  const std::string markdown = capacity_table(rate_sweep()).render_markdown();
  EXPECT_EQ(markdown.substr(0, markdown.find('\n')),
            "| step | kind | level | status | offered/s | achieved/s | in flight | TTFT p50 | "
            "TTFT p99 | E2E p50 | ITL p50 | tokens/s | errors % | goodput/s | SLO |");
  EXPECT_EQ(row_of(rate_sweep(), "0"), "baseline | c=1 | stable | - | 2.00 | 1.00 | 100 ms | "
                                       "160 ms | 1.60 s | 20.0 ms | 256 | 0.00% | 2.00 | pass");
  EXPECT_EQ(row_of(rate_sweep(), "4"), "level | 30/s | stable | 30.0 | 29.7 | 17.5 | 250 ms | "
                                       "400 ms | 1.75 s | 20.0 ms | 3802 | 0.00% | 29.7 | pass");
  EXPECT_EQ(row_of(rate_sweep(), "5"), "level | 40/s | unstable | 40.0 | 38.2 | 31.0 | 450 ms | "
                                       "720 ms | 1.95 s | 20.0 ms | 4890 | 0.00% | 38.2 | FAIL");
  EXPECT_EQ(row_of(rate_sweep(), "6"),
            "level | 50/s | oversaturated | 50.0 | 31.0 | 58.4 | 1.20 s | 1.92 s | 2.70 s | "
            "20.0 ms | 3968 | 35.00% | 0.50 | FAIL");
  EXPECT_EQ(row_of(concurrency_search(), "5"),
            "search | c=28 | failed | - | - | - | - | - | - | - | - | - | - | -");
}

TEST(CapacityTable, NoSloColumnWithoutSlos) {
  capacity::Result r = rate_sweep();
  for (capacity::Step &s : r.steps) {
    s.slo.clear();
  }
  r.answer.reset();
  const std::string markdown = capacity_table(r).render_markdown();
  EXPECT_EQ(markdown.find("SLO"), std::string::npos);
  EXPECT_EQ(row_of(r, "2"), "level | 10/s | stable | 10.0 | 9.90 | 5.10 | 110 ms | 176 ms | "
                            "1.61 s | 20.0 ms | 1267 | 0.00% | 9.90");
}

TEST(CapacityTable, KneeAnswerAndEarlyStop) {
  EXPECT_EQ(capacity_lines(rate_sweep()),
            (std::vector<std::string>{
                "knee: step 4, 29.7/s achieved at 30/s offered, 3802 tokens/s",
                "highest rate meeting the SLOs: 30/s (last pass step 4 at 30/s: ttft.p95 350 ms, "
                "error_rate 0.00%; first fail step 5 at 40/s: ttft.p95 630 ms > 500 ms)",
                "stopped early: step 6 was over-saturated: error rate 35.00% over 10.00%"}));
  EXPECT_EQ(capacity_lines(concurrency_search()),
            (std::vector<std::string>{
                "knee: step 2, 15.2/s achieved at c=16, 1946 tokens/s",
                "highest concurrency meeting the SLOs: 24 (last pass step 4 at c=24: ttft.p95 "
                "434 ms, error_rate 0.00%; first fail step 3 at c=32: ttft.p95 980 ms > 500 ms; "
                "not resolved to 4; the search ran out of steps)"}));
}

TEST(CapacityTable, AnAnswerThatFoundNothing) {
  capacity::Result r = concurrency_search();
  r.knee.reset();
  r.answer = capacity::Answer{false, 0, Over::concurrency, std::nullopt, 5, 4, false, false, ""};
  EXPECT_EQ(capacity_lines(r),
            (std::vector<std::string>{
                "no level met the SLOs (first fail step 5 at c=28: failed, engine set-up failed: "
                "too many open files; not monotone: a lower level failed)"}));
  r.answer->first_fail.reset();
  r.answer->monotone = true;
  r.answer->note = "even concurrency 1 missed the TTFT SLO";
  EXPECT_EQ(
      capacity_lines(r),
      (std::vector<std::string>{"no level met the SLOs (even concurrency 1 missed the TTFT SLO)"}));
  r.answer->note.clear();
  EXPECT_EQ(capacity_lines(r), (std::vector<std::string>{"no level met the SLOs"}));
}

TEST(CapacityTable, ResolvedSearchesSayToWhat) {
  capacity::Result r = concurrency_search();
  r.answer->resolved = true;
  r.answer->note.clear();
  r.over = Over::rate;
  r.answer->over = Over::rate;
  r.answer->level = 42;
  r.answer->resolution = 2.1;
  const std::string answer = capacity_lines(r)[1];
  EXPECT_TRUE(answer.starts_with("highest rate meeting the SLOs: 42/s (")) << answer;
  EXPECT_TRUE(answer.ends_with("; resolved to 2.10/s)")) << answer;
}

TEST(CapacityTable, LevelsCarryTheirUnit) {
  EXPECT_EQ(level_text(12.5, Over::rate), "12.5/s");
  EXPECT_EQ(level_text(40, Over::rate), "40/s");
  EXPECT_EQ(level_text(8, Over::concurrency), "c=8");
  EXPECT_EQ(level_text(0.25, Over::rate), "0.25/s");
  EXPECT_EQ(find_step(rate_sweep(), 6)->status, StepStatus::oversaturated);
  EXPECT_EQ(find_step(rate_sweep(), 7), nullptr);
}

TEST(CapacityConsole, TwoTargetsMatchTheGoldenFile) {
  expect_golden(console_of(capacity_run()), "console_capacity.txt");
}

TEST(CapacityConsole, StaysWithinTheWidth) {
  for (const int width : {60, 80, 100}) {
    const std::string text = console_of(capacity_run(), width);
    const std::size_t from = text.find("capacity · alpha");
    ASSERT_NE(from, std::string::npos);
    std::istringstream lines(text.substr(from, text.find("thresholds", from) - from));
    for (std::string line; std::getline(lines, line);) {
      EXPECT_LE(display_width(line), static_cast<std::size_t>(width)) << line;
    }
  }
}

TEST(CapacityConsole, RunsWithoutCapacityPrintNoCapacitySection) {
  EXPECT_EQ(console_of(streamed_run()).find("capacity"), std::string::npos);
  EXPECT_EQ(summary_markdown(streamed_run(), {}).find("Capacity"), std::string::npos);
}

TEST(CapacityMarkdown, TwoTargetsMatchTheGoldenFile) {
  const run::RunOutput run = capacity_run();
  expect_golden(summary_markdown(run, evaluate_thresholds(sweep_scenario().checks.thresholds, run)),
                "summary_capacity.md");
}

} // namespace
} // namespace capacity_table_test
} // namespace chatbench::report
