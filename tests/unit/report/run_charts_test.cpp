// The charts' data: what each series holds must add up to the run's figures, so a chart never
// shows a different story from the tables beside it.
#include "report/run_charts.hpp"

#include "fixtures.hpp"
#include "report/capacity_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace chatbench::report {
namespace {

using namespace test;

const svg::Chart &by_id(const std::vector<svg::Chart> &charts, std::string_view id) {
  const auto it =
      std::find_if(charts.begin(), charts.end(), [id](const svg::Chart &c) { return c.id == id; });
  EXPECT_NE(it, charts.end()) << id;
  return *it;
}

double bar_total(const svg::Series &series) {
  double total = 0;
  for (std::size_t i = 0; i + 1 < series.points.size(); ++i) {
    total += series.points[i].y;
  }
  return total;
}

TEST(RunCharts, DistributionsAreOneCdfAndOneHistogramPerLatency) {
  const run::RunOutput run = streamed_run();
  const std::vector<svg::Chart> charts = distribution_charts(chart_targets(run));
  std::vector<std::string> ids;
  for (const svg::Chart &c : charts) {
    ids.push_back(c.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"ttft-cdf", "ttft-histogram", "e2e-cdf", "e2e-histogram",
                                           "itl-cdf", "itl-histogram"}));
}

TEST(RunCharts, TheCdfClimbsFromZeroToOneOverTheMeasuredTtfts) {
  const run::RunOutput run = streamed_run();
  const svg::Chart cdf = by_id(distribution_charts(chart_targets(run)), "ttft-cdf");
  ASSERT_EQ(cdf.series.size(), 1u);
  const std::vector<svg::Point> &p = cdf.series[0].points;
  ASSERT_GE(p.size(), 2u);
  EXPECT_EQ(p.front().y, 0.0);
  EXPECT_DOUBLE_EQ(p.back().y, 1.0);
  // alpha's TTFTs from the intended send: 101, 201, 301, 401 ms (within the histogram's 1/1024).
  EXPECT_NEAR(p.front().x, 101.0, 0.2);
  EXPECT_NEAR(p.back().x, 401.0, 0.4);
  EXPECT_TRUE(std::is_sorted(p.begin(), p.end(),
                             [](const svg::Point &a, const svg::Point &b) { return a.y < b.y; }));
  // 101 .. 401 ms is within a decade: a linear axis. The SLO (250 ms) is a reference line.
  EXPECT_EQ(cdf.x.scale, svg::Scale::linear);
  ASSERT_EQ(cdf.references.size(), 1u);
  EXPECT_DOUBLE_EQ(cdf.references[0].value, 250.0);
}

TEST(RunCharts, HistogramBinsCountEveryRequestOnce) {
  const run::RunOutput run = streamed_run();
  const std::vector<svg::Chart> charts = distribution_charts(chart_targets(run));
  EXPECT_DOUBLE_EQ(bar_total(by_id(charts, "ttft-histogram").series[0]), 4.0);
  EXPECT_DOUBLE_EQ(bar_total(by_id(charts, "itl-histogram").series[0]), 16.0) << "4 x 4 gaps";
}

TEST(RunCharts, ALatencySpanOverADecadeGetsALogAxis) {
  std::vector<metrics::RequestRecord> records{streamed({.id = 1, .at_ms = 0, .ttfb_ms = 1}),
                                              streamed({.id = 2, .at_ms = 0, .ttfb_ms = 900})};
  std::vector<run::TargetRun> targets;
  targets.push_back(make_target("wide", records));
  const run::RunOutput run = make_run(std::move(targets));
  EXPECT_EQ(by_id(distribution_charts(chart_targets(run)), "ttft-cdf").x.scale, svg::Scale::log10);
}

TEST(RunCharts, TargetsAreOverlaidAndErroredOnesLeftOut) {
  std::vector<run::TargetRun> targets;
  targets.push_back(alpha());
  targets.push_back(every_failure());
  targets.push_back(errored());
  const run::RunOutput run = make_run(std::move(targets));
  for (const svg::Chart &c : distribution_charts(chart_targets(run))) {
    ASSERT_EQ(c.series.size(), 2u) << c.id;
    EXPECT_EQ(c.series[0].name, "alpha");
    EXPECT_EQ(c.series[1].name, "beta");
  }
}

TEST(RunCharts, TokensOverTimeAddUpToTheRunsTokens) {
  const run::RunOutput run = streamed_run();
  const svg::Chart tokens = by_id(timeline_charts(chart_targets(run), nullptr), "tokens-over-time");
  const double width_s = static_cast<double>(k_bucket_ns) / 1e9;
  double total = 0;
  for (const svg::Point &p : tokens.series[0].points) {
    total += p.y * width_s;
  }
  EXPECT_NEAR(total, 25.0, 1e-9) << "4 measured + 1 warmup request of 5 tokens";
  ASSERT_FALSE(tokens.references.empty());
}

TEST(RunCharts, RatesOverTimeAreSummedIntoAtMostFortyWindows) {
  std::vector<metrics::RequestRecord> records;
  for (std::uint64_t i = 0; i < 100; ++i) { // one request every 100 ms for 10 s: 100 buckets
    records.push_back(streamed({.id = i + 1, .at_ms = 100 * static_cast<std::int64_t>(i)}));
  }
  std::vector<run::TargetRun> targets;
  targets.push_back(make_target("long", records));
  const run::RunOutput run = make_run(std::move(targets));
  const std::vector<svg::Chart> charts = timeline_charts(chart_targets(run), nullptr);
  const svg::Chart &tokens = by_id(charts, "tokens-over-time");
  const std::vector<svg::Point> &p = tokens.series[0].points;
  ASSERT_GE(p.size(), 2u);
  EXPECT_LE(p.size(), 40u);
  const double window_s = (p[1].x - p[0].x);
  EXPECT_DOUBLE_EQ(window_s, 0.4) << "100 ms buckets summed four at a time";
  double total = 0;
  for (const svg::Point &point : p) {
    total += point.y * window_s;
  }
  EXPECT_NEAR(total, 500.0, 1e-6) << "every token counted once";
  EXPECT_GT(by_id(charts, "in-flight-over-time").series[0].points.size(), 100u)
      << "in flight keeps the timeline's own resolution";
}

TEST(RunCharts, WithoutTheRequestLogThePerRequestChartsSayWhy) {
  const run::RunOutput run = streamed_run();
  const std::vector<svg::Chart> charts = timeline_charts(chart_targets(run), nullptr);
  ASSERT_EQ(charts.size(), 5u);
  for (const char *id : {"ttft-over-time", "failures-over-time"}) {
    EXPECT_TRUE(by_id(charts, id).series.empty()) << id;
    EXPECT_NE(by_id(charts, id).empty_note.find("requests.jsonl"), std::string::npos) << id;
  }
}

constexpr std::string_view k_log =
    R"({"target":"a","phase":"measure","outcome":"ok","http_status":200,"intended_ns":0,"sent_ns":10,"first_token_ns":2000000,"done_ns":9000000}
{"target":"a","phase":"warmup","outcome":"ok","http_status":200,"intended_ns":0,"sent_ns":5,"first_token_ns":1000000,"done_ns":2000000}
{"target":"a","phase":"measure","outcome":"http_status","http_status":429,"intended_ns":1000000000,"sent_ns":1000000010,"first_token_ns":null,"done_ns":1100000000}
{"target":"b","phase":"measure","outcome":"timeout_total","http_status":null,"intended_ns":0,"sent_ns":1,"first_token_ns":null,"done_ns":3000000000}
{"target":"a","phase":"measure","outcome":"http_status","http_status":429,"intended_ns":1500000000,"sent_ns":1500000010,"first_token_ns":null,"done_ns":1600000000}
not json
{"target":"a","phase":"measure","outcome":"ok","http_st)";

TEST(RequestPoints, KeepWhatTheChartsNeedAndCountWhatDidNotParse) {
  const RequestPoints points = parse_request_points(k_log);
  EXPECT_EQ(points.targets, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(points.kinds, (std::vector<std::string>{"http_429", "timeout_total"}));
  ASSERT_EQ(points.points.size(), 5u);
  EXPECT_EQ(points.skipped, 2u);
  EXPECT_TRUE(points.points[0].measured);
  EXPECT_FALSE(points.points[1].measured);
  EXPECT_EQ(points.points[0].ttft_ns, 2'000'000);
  EXPECT_EQ(points.points[2].ttft_ns, -1);
  EXPECT_EQ(points.points[3].target, 1u);
  EXPECT_EQ(points.target_index("nobody"), 2u);
}

TEST(RunCharts, FailuresOverTimeStackEachKindOfEachTarget) {
  run::TargetRun a = alpha();
  a.name = "a";
  run::TargetRun b = alpha();
  b.name = "b";
  std::vector<run::TargetRun> targets;
  targets.push_back(std::move(a));
  targets.push_back(std::move(b));
  const run::RunOutput run = make_run(std::move(targets));
  const RequestPoints points = parse_request_points(k_log);
  const std::vector<svg::Chart> charts = timeline_charts(chart_targets(run), &points);
  const svg::Chart &failures = by_id(charts, "failures-over-time");
  EXPECT_TRUE(failures.stack_bars);
  ASSERT_EQ(failures.series.size(), 2u);
  EXPECT_EQ(failures.series[0].name, "a: http_429");
  EXPECT_EQ(failures.series[1].name, "b: timeout_total");
  EXPECT_DOUBLE_EQ(bar_total(failures.series[0]), 2.0);
  EXPECT_DOUBLE_EQ(bar_total(failures.series[1]), 1.0);
  const svg::Chart &ttft = by_id(charts, "ttft-over-time");
  ASSERT_EQ(ttft.series.size(), 2u);
  ASSERT_EQ(ttft.series[0].points.size(), 2u) << "a's ok requests, warmup included";
  EXPECT_DOUBLE_EQ(ttft.series[0].points[0].y, 2.0);
}

} // namespace
} // namespace chatbench::report

namespace chatbench::report {
namespace {

TEST(RunCharts, ASweepMarksEachStepWhereItBeganMeasuring) {
  run::RunOutput run = test::streamed_run();
  capacity::Result result;
  capacity::Step first;
  first.over = capacity::Over::concurrency;
  first.level = 1;
  first.measured_from_s = 0.5;
  capacity::Step second;
  second.index = 1;
  second.over = capacity::Over::rate;
  second.level = 12.5;
  second.measured_from_s = 3.25;
  capacity::Step never; // failed before measuring: no mark
  never.index = 2;
  result.steps = {first, second, never};
  run.targets.at(0).capacity = result;
  const std::vector<svg::Chart> charts = timeline_charts(chart_targets(run), nullptr);
  const svg::Chart &tokens = by_id(charts, "tokens-over-time");
  ASSERT_EQ(tokens.references.size(), 2u) << "the steps' starts instead of the measured phase";
  EXPECT_EQ(tokens.references[0].value, 0.5);
  EXPECT_EQ(tokens.references[0].label, level_text(1, capacity::Over::concurrency));
  EXPECT_EQ(tokens.references[1].value, 3.25);
  EXPECT_EQ(tokens.references[1].label, level_text(12.5, capacity::Over::rate));
}

} // namespace
} // namespace chatbench::report
