// Comparing report.json documents: the regression gate's direction per metric, zero baselines,
// missing targets, and the side-by-side table's marks.
#include "report/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace chatbench::report {
namespace {

using nlohmann::json;

json target(std::string name, double ttft_p95, double error_rate, double rps, int failures) {
  json t = {{"name", std::move(name)},
            {"provider", "openai"},
            {"error_rate", error_rate},
            {"throughput", {{"requests_per_s", rps}, {"output_tokens_per_s", rps * 10}}},
            {"goodput", {{"per_s", rps}}},
            {"conformance", {{"failures", failures}}},
            {"tokens", {{"source", "usage"}}}};
  t["metrics"]["ttft_ms"] = {{"p50", ttft_p95 / 2}, {"p95", ttft_p95}, {"p99", nullptr}};
  return t;
}

ReportFile file(std::string path, std::vector<json> targets) {
  return ReportFile{std::move(path), {{"schema", "chatbench.report/1"}, {"targets", targets}}};
}

const Change &change(const std::vector<Change> &changes, std::string_view target,
                     std::string_view metric) {
  for (const Change &c : changes) {
    if (c.target == target && c.metric == metric) {
      return c;
    }
  }
  throw std::runtime_error("no change for " + std::string(metric));
}

TEST(Compare, EachMetricIsJudgedInItsOwnWorseDirection) {
  const auto changes = regressions(file("old", {target("a", 100, 0.0, 50, 0)}),
                                   file("new", {target("a", 109, 0.0, 44, 0)}), 0.10);
  EXPECT_FALSE(change(changes, "a", "ttft.p95").regressed) << "+9% within 10%";
  EXPECT_TRUE(change(changes, "a", "throughput.requests_per_s").regressed) << "-12%";
  EXPECT_EQ(change(changes, "a", "ttft.p99").verdict, "no value");
  EXPECT_FALSE(change(changes, "a", "ttft.p99").regressed);
  const auto better = regressions(file("old", {target("a", 100, 0.0, 50, 0)}),
                                  file("new", {target("a", 50, 0.0, 80, 0)}), 0.10);
  EXPECT_EQ(change(better, "a", "ttft.p95").verdict, "improved");
  EXPECT_EQ(change(better, "a", "throughput.requests_per_s").verdict, "improved");
}

TEST(Compare, FromAZeroBaselineAnyWorseningCounts) {
  const auto changes = regressions(file("old", {target("a", 100, 0.0, 50, 0)}),
                                   file("new", {target("a", 100, 0.001, 50, 2)}), 0.50);
  EXPECT_TRUE(change(changes, "a", "error_rate").regressed);
  EXPECT_TRUE(change(changes, "a", "conformance.failures").regressed);
}

TEST(Compare, AMissingTargetIsARegression) {
  const auto changes = regressions(file("old", {target("a", 100, 0, 50, 0)}),
                                   file("new", {target("b", 100, 0, 50, 0)}), 0.10);
  EXPECT_EQ(change(changes, "a", "ttft.p95").verdict, "target missing");
  EXPECT_TRUE(change(changes, "a", "ttft.p95").regressed);
}

TEST(Compare, SideBySideMarksTheBetterValueAndTheChange) {
  const std::vector<ReportFile> files{
      file("x.json", {target("a", 100, 0, 50, 0)}),
      file("y.json", {target("a", 200, 0, 40, 0), target("b", 80, 0, 60, 0)})};
  const std::vector<Column> columns = columns_of(files);
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[0].label, "x.json:a") << "a repeated name gets its file";
  EXPECT_EQ(columns[2].label, "b");
  const std::string md = comparison_markdown(columns);
  EXPECT_NE(md.find("| ttft.p95 | 100 ms | 200 ms (+100.0%) | **80.0 ms** (-20.0%) |"),
            std::string::npos)
      << md;
}

TEST(Compare, TheKneeShowsAndGatesOnlyWhereARunHasOne) {
  json swept = target("a", 100, 0, 50, 0);
  swept["capacity"]["knee"] = {{"achieved_rate", 40.0}};
  json slower = target("a", 100, 0, 50, 0);
  slower["capacity"]["knee"] = {{"achieved_rate", 30.0}};
  const std::vector<ReportFile> plain{file("p.json", {target("a", 100, 0, 50, 0)})};
  EXPECT_EQ(comparison_markdown(columns_of(plain)).find("capacity.knee_rate"), std::string::npos)
      << "no sweep, no row";
  const std::vector<ReportFile> both{file("s.json", {swept}), file("t.json", {slower})};
  EXPECT_NE(comparison_markdown(columns_of(both))
                .find("| capacity.knee_rate | **40.0** | 30.0 "
                      "(-25.0%) |"),
            std::string::npos)
      << comparison_markdown(columns_of(both));
  // The gate: a knee 25% lower regresses; runs without one have nothing to gate.
  const auto changes = regressions(file("old", {swept}), file("new", {slower}), 0.10);
  EXPECT_TRUE(change(changes, "a", "capacity.knee_rate").regressed);
  const auto none = regressions(plain[0], plain[0], 0.10);
  EXPECT_TRUE(std::none_of(none.begin(), none.end(),
                           [](const Change &c) { return c.metric == "capacity.knee_rate"; }));
}

TEST(Compare, ReadingRefusesWhatIsNotAReport) {
  EXPECT_FALSE(read_report_file("/nonexistent/report.json"));
}

} // namespace
} // namespace chatbench::report
