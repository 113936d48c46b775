#include "scenario/threshold.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sc = chatbench::scenario;

TEST(Threshold, ParsesDurationsWithStatistics) {
  const auto t = sc::parse_threshold("ttft.p95 < 500ms");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->metric, "ttft");
  EXPECT_EQ(t->stat, "p95");
  EXPECT_DOUBLE_EQ(t->percentile, 95);
  EXPECT_EQ(t->op, sc::Comparison::less);
  EXPECT_DOUBLE_EQ(t->value, 500e6);
  EXPECT_EQ(t->kind, sc::ValueKind::duration);
  EXPECT_DOUBLE_EQ(sc::parse_threshold("itl.p999 <= 50ms")->percentile, 99.9);
  EXPECT_DOUBLE_EQ(sc::parse_threshold("e2e.max<30s")->value, 30e9);
  EXPECT_EQ(sc::parse_threshold("tpot.mean > 1us")->stat, "mean");
}

TEST(Threshold, ParsesEveryValueKind) {
  EXPECT_DOUBLE_EQ(sc::parse_threshold("error_rate < 0.5%")->value, 0.005);
  EXPECT_DOUBLE_EQ(sc::parse_threshold("error_rate < 0.01")->value, 0.01);
  EXPECT_DOUBLE_EQ(sc::parse_threshold("failures.http_429 == 0")->value, 0);
  EXPECT_EQ(sc::parse_threshold("failures.timeout_first_token != 0")->op,
            sc::Comparison::not_equal);
  EXPECT_DOUBLE_EQ(sc::parse_threshold("goodput >= 20/s")->value, 20);
  EXPECT_DOUBLE_EQ(sc::parse_threshold("throughput.output_tokens_per_s > 500")->value, 500);
  EXPECT_DOUBLE_EQ(sc::parse_threshold("requests.ok >= 10k")->value, 10000);
  EXPECT_EQ(sc::parse_threshold("conformance.failures == 0")->kind, sc::ValueKind::count);
}

TEST(Threshold, TargetPrefix) {
  const auto t = sc::parse_threshold("vllm-a:ttft.p50 < 1s");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->target, "vllm-a");
  EXPECT_EQ(t->metric, "ttft");
}

TEST(Threshold, ErrorsNameTheColumn) {
  const auto expect_error = [](const char *text, const char *message) {
    const auto t = sc::parse_threshold(text);
    ASSERT_FALSE(t) << text;
    EXPECT_EQ(t.error().message, message);
  };
  expect_error("ttft < 1s", "threshold \"ttft < 1s\" at column 5: a statistic is needed after "
                            "\"ttft\", e.g. \"ttft.p95\"");
  expect_error("ttft.p95x < 1s", "threshold \"ttft.p95x < 1s\" at column 6: unknown statistic "
                                 "\"p95x\"; expected p50, p90, p95, p99, p999 (any pNN), mean, "
                                 "min, max or stddev");
  expect_error("ttft.p95 1s",
               "threshold \"ttft.p95 1s\" at column 10: expected a comparison (<, <=, >, >=, == "
               "or !=), found \"1s\"");
  expect_error("ttft.p95 <", "threshold \"ttft.p95 <\" at column 11: expected a value after the "
                             "comparison");
  expect_error("error_rate < 2", "threshold \"error_rate < 2\" at column 14: expected a fraction "
                                 "between 0% and 100%, found \"2\"");
  expect_error("failures.http_42 > 0", "threshold \"failures.http_42 > 0\" at column 10: unknown "
                                       "failure kind \"http_42\"; did you mean \"http_4xx\"?");
  expect_error(":ttft.p95 < 1s", "threshold \":ttft.p95 < 1s\" at column 1: expected a target "
                                 "name before ':'");
  expect_error("", "threshold \"\" at column 1: expected a metric name such as \"ttft.p95\"");
}

TEST(Threshold, Holds) {
  const auto t = sc::parse_threshold("ttft.p95 <= 500ms").value();
  EXPECT_TRUE(sc::holds(t, 500e6));
  EXPECT_FALSE(sc::holds(t, 500e6 + 1));
  EXPECT_TRUE(sc::holds(sc::parse_threshold("requests.ok > 0").value(), 1));
  EXPECT_FALSE(sc::holds(sc::parse_threshold("failures.http_500 == 0").value(), 2));
}

TEST(Threshold, CapacityMetrics) {
  const auto rate = sc::parse_threshold("capacity.max_rate >= 20/s");
  ASSERT_TRUE(rate) << rate.error().message;
  EXPECT_EQ(rate->metric, "capacity.max_rate");
  EXPECT_EQ(rate->kind, sc::ValueKind::rate);
  EXPECT_DOUBLE_EQ(rate->value, 20);
  const auto concurrency = sc::parse_threshold("capacity.max_concurrency > 16");
  ASSERT_TRUE(concurrency) << concurrency.error().message;
  EXPECT_EQ(concurrency->kind, sc::ValueKind::count);
  EXPECT_DOUBLE_EQ(concurrency->value, 16);
  const auto typo = sc::parse_threshold("capacty.max_rate > 1");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().message, "threshold \"capacty.max_rate > 1\" at column 1: unknown metric "
                                  "\"capacty.max_rate\"; did you mean \"capacity\"?");
  const auto metrics = sc::threshold_metrics();
  EXPECT_NE(std::find(metrics.begin(), metrics.end(), "capacity"), metrics.end());
}
