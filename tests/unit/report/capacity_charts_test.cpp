// report.html's capacity section and charts for a 2-target run (a rate sweep and a concurrency
// search): five charts, one series per target in its colour, hollow points for the steps that
// were not stable, the knee marked, y = x on the throughput chart, and a page whose chart count
// stays right; runs without capacity keep their page.
#include "report/capacity_charts.hpp"

#include "report/html.hpp"

#include "capacity_fixtures.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace chatbench::report {
namespace capacity_charts_test {
namespace {

using namespace test;

std::size_t occurrences(const std::string &text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

std::size_t hollow_points(const svg::Chart &chart) {
  std::size_t n = 0;
  for (const svg::Series &s : chart.series) {
    n += static_cast<std::size_t>(std::count_if(s.points.begin(), s.points.end(),
                                                [](const svg::Point &p) { return p.hollow; }));
  }
  return n;
}

std::vector<std::string> labels_of(const svg::Chart &chart) {
  std::vector<std::string> out;
  for (const svg::Reference &r : chart.references) {
    out.push_back(r.label);
  }
  return out;
}

std::string page_of(const run::RunOutput &run) {
  return run_html(run, evaluate_thresholds(sweep_scenario().checks.thresholds, run), nullptr,
                  "2 targets, sweep");
}

TEST(CapacityCharts, FiveChartsOneSeriesPerTargetInItsColour) {
  const run::RunOutput run = capacity_run();
  const std::vector<svg::Chart> charts = capacity_charts(chart_targets(run));
  ASSERT_EQ(charts.size(), 5u);
  std::vector<std::string> ids;
  for (const svg::Chart &c : charts) {
    ids.push_back(c.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"capacity-throughput", "capacity-ttft", "capacity-e2e",
                                           "capacity-itl", "capacity-tokens"}));
  const svg::Chart &tokens = charts[4];
  ASSERT_EQ(tokens.series.size(), 2u);
  EXPECT_EQ(tokens.series[0].name, "alpha");
  EXPECT_EQ(tokens.series[0].color, svg::palette()[0]);
  EXPECT_EQ(tokens.series[1].color, svg::palette()[1]);
  EXPECT_EQ(tokens.series[0].mark, svg::Mark::line_points);
  EXPECT_EQ(tokens.series[0].points.size(), 7u); // every step of the sweep measured
  EXPECT_EQ(tokens.series[1].points.size(), 5u); // the search's step 5 did not run
  // Sorted by x, the mean in flight: 1, 5.1, 10.8, 17.5, 31, 58.4, 63.2.
  EXPECT_EQ(tokens.series[0].points.front().x, 1.0);
  EXPECT_EQ(tokens.series[0].points.back().x, 63.2);
  EXPECT_EQ(tokens.series[0].points.back().y, 41.5 * 128);
}

TEST(CapacityCharts, ThroughputAgainstOfferedWithTheIdentityLineAndTheAnswer) {
  const run::RunOutput run = capacity_run();
  const svg::Chart chart = capacity_charts(chart_targets(run))[0];
  EXPECT_EQ(chart.title, "Achieved vs offered throughput");
  ASSERT_EQ(chart.series.size(), 3u);
  // The rate steps only (the baseline and probe held a concurrency): 10 .. 50/s offered.
  const std::vector<svg::Point> &alpha = chart.series[0].points;
  ASSERT_EQ(alpha.size(), 5u);
  EXPECT_EQ(alpha[0].x, 10.0);
  EXPECT_EQ(alpha[0].y, 9.9);
  EXPECT_TRUE(chart.series[1].points.empty()); // beta searched over concurrency
  const svg::Series &identity = chart.series[2];
  EXPECT_EQ(identity.name, "achieved = offered");
  EXPECT_TRUE(identity.dashed);
  EXPECT_EQ(identity.points.back().x, 50.0);
  EXPECT_EQ(identity.points.back().y, 50.0);
  EXPECT_EQ(labels_of(chart),
            (std::vector<std::string>{"knee · alpha", "max within SLOs · alpha"}));
  EXPECT_EQ(chart.references[0].value, 30.0);
  EXPECT_EQ(hollow_points(chart), 2u); // 40/s unstable, 50/s over-saturated
}

TEST(CapacityCharts, AConcurrencySweepPlotsAgainstItsLevels) {
  std::vector<run::TargetRun> targets;
  targets.push_back(searched_beta());
  const run::RunOutput run = make_run(std::move(targets));
  const svg::Chart chart = capacity_charts(chart_targets(run))[0];
  EXPECT_EQ(chart.title, "Achieved throughput vs concurrency");
  EXPECT_EQ(chart.x.label, "concurrency (the step's level)");
  ASSERT_EQ(chart.series.size(), 1u); // no identity line: nothing was offered
  EXPECT_EQ(chart.series[0].points.size(), 5u);
  EXPECT_EQ(labels_of(chart), (std::vector<std::string>{"knee", "max within SLOs"}));
  EXPECT_EQ(chart.references[1].value, 24.0);
}

TEST(CapacityCharts, LatencyP50AndP99AgainstAchievedThroughput) {
  const run::RunOutput run = capacity_run();
  const svg::Chart ttft = capacity_charts(chart_targets(run))[1];
  ASSERT_EQ(ttft.series.size(), 4u);
  EXPECT_EQ(ttft.series[0].name, "alpha p50");
  EXPECT_FALSE(ttft.series[0].dashed);
  EXPECT_EQ(ttft.series[1].name, "alpha p99");
  EXPECT_TRUE(ttft.series[1].dashed);
  EXPECT_EQ(ttft.series[1].color, ttft.series[0].color);
  EXPECT_EQ(ttft.series[3].name, "beta p99");
  EXPECT_EQ(ttft.y.unit, svg::Unit::ms);
  EXPECT_EQ(ttft.y.scale, svg::Scale::log10); // 100 ms .. 3.2 s
  // x: achieved; the first point is the baseline's 2.00/s at 100 ms.
  EXPECT_EQ(ttft.series[0].points[0].x, 2.0);
  EXPECT_EQ(ttft.series[0].points[0].y, 100.0);
  EXPECT_EQ(hollow_points(ttft), 6u); // alpha's two unstable steps and beta's one, p50 and p99
  EXPECT_EQ(labels_of(ttft), (std::vector<std::string>{"knee · alpha", "knee · beta"}));
  EXPECT_EQ(ttft.references[0].value, 29.7);
  const svg::Chart itl = capacity_charts(chart_targets(run))[3];
  EXPECT_EQ(itl.y.scale, svg::Scale::linear); // 20 .. 40 ms
}

TEST(CapacityCharts, NoneWithoutACapacityResult) {
  const run::RunOutput run = streamed_run();
  EXPECT_TRUE(capacity_charts(chart_targets(run)).empty());
}

// Mark::line_points and hollow points exist for these charts (svg_chart_test.cpp covers the rest).
TEST(SvgLinePoints, ALineWithACirclePerPointHollowWhereAsked) {
  svg::Chart chart;
  chart.x = {"offered", svg::Scale::linear, svg::Unit::number, 0.0, std::nullopt};
  chart.y = {"achieved", svg::Scale::linear, svg::Unit::number, 0.0, std::nullopt};
  chart.series.push_back(
      {"a", {{1, 1}, {2, 2, true}, {3, 2.5}}, svg::Mark::line_points, "#0072b2", true});
  chart.series.push_back({"b", {{1, 0.5, true}}, svg::Mark::points, "#e69f00", false});
  const std::string svg = svg::render(chart);
  const std::size_t second = svg.find("<g class=\"series\" data-name=\"b\"");
  const std::size_t first = svg.find("<g class=\"series\" data-name=\"a\"");
  const std::string a = svg.substr(first, second - first);
  EXPECT_NE(a.find(" fill=\"#0072b2\">"), std::string::npos) << a;
  EXPECT_EQ(occurrences(a, "<path class=\"line\""), 1u);
  EXPECT_NE(a.find("stroke-dasharray=\"5 3\""), std::string::npos);
  EXPECT_EQ(occurrences(a, "<circle "), 3u);
  EXPECT_EQ(occurrences(a, "r=\"3.5\""), 3u);
  EXPECT_EQ(occurrences(a, "<circle cx=\"") - occurrences(a, "class=\"hollow\""), 2u);
  EXPECT_NE(a.find("class=\"hollow\" fill=\"#ffffff\" fill-opacity=\"1\" stroke=\"#0072b2\""),
            std::string::npos);
  const std::string b = svg.substr(second, svg.find("</g>", second) - second);
  EXPECT_NE(b.find("r=\"2.5\" class=\"hollow\""), std::string::npos) << b;
  // The legend shows a line with a dot for line_points.
  EXPECT_NE(svg.find("stroke-dasharray=\"5 3\"/><circle cx=\"8\" r=\"3.5\" fill=\"#0072b2\"/>"),
            std::string::npos);
}

TEST(SvgReferences, ALabelThatWouldOverlapAnotherGoesARowLower) {
  const run::RunOutput run = capacity_run();
  // Knees at 16 (beta) and 17.5 (alpha) requests in flight: their labels would overlap.
  const std::string svg = svg::render(capacity_charts(chart_targets(run))[4]);
  std::vector<std::string> ys;
  for (std::size_t at = svg.find("<text class=\"reference-label\""); at != std::string::npos;
       at = svg.find("<text class=\"reference-label\"", at + 1)) {
    const std::size_t y = svg.find(" y=\"", at) + 4;
    ys.push_back(svg.substr(y, svg.find('"', y) - y));
  }
  ASSERT_EQ(ys.size(), 2u);
  EXPECT_EQ(std::stod(ys[1]) - std::stod(ys[0]), 14.0);
  // Far apart, they share the first row.
  const std::string apart = svg::render(capacity_charts(chart_targets(run))[1]);
  EXPECT_EQ(occurrences(apart, "<text class=\"reference-label\""), 2u);
  EXPECT_EQ(occurrences(apart, "y=\"44\" text-anchor=\"start\""), 2u) << apart;
}

TEST(CapacityHtml, ASectionWithTablesLinesAndFiveMoreCharts) {
  const std::string html = page_of(capacity_run());
  EXPECT_NE(html.find("<section id=\"capacity\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#capacity\">capacity</a>"), std::string::npos);
  EXPECT_EQ(occurrences(html, "<figure class=\"chart\""), 16u); // 11 + 5
  EXPECT_NE(html.find("data-chart-count=\"16\""), std::string::npos);
  EXPECT_NE(html.find("<h3>alpha · sweep over rate</h3>"), std::string::npos);
  EXPECT_NE(html.find("<h3>beta · search over concurrency</h3>"), std::string::npos);
  EXPECT_NE(html.find("<thead><tr><th>step</th><th>kind</th>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">oversaturated</td>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"capacity-line\">knee: step 4, 29.7/s achieved at 30/s "
                      "offered, 3802 tokens/s</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"capacity-line\">stopped early: step 6"), std::string::npos);
  for (const char *id : {"capacity-throughput", "capacity-ttft", "capacity-e2e", "capacity-itl",
                         "capacity-tokens"}) {
    EXPECT_NE(html.find("<figure class=\"chart\" id=\"" + std::string(id) + "\">"),
              std::string::npos)
        << id;
  }
  // 2 + 6 + 6 + 6 + 3 hollow steps over the five charts.
  EXPECT_EQ(occurrences(html, "class=\"hollow\""), 23u);
  EXPECT_NE(html.find("<text class=\"reference-label\""), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(CapacityHtml, RunsWithoutCapacityKeepTheirPage) {
  const std::string html = page_of(streamed_run());
  EXPECT_EQ(html.find("capacity"), std::string::npos);
  EXPECT_NE(html.find("data-chart-count=\"11\""), std::string::npos);
}

} // namespace
} // namespace capacity_charts_test
} // namespace chatbench::report
