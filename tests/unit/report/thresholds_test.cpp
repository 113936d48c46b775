// Threshold verdicts over the fixture runs: every metric family, target prefixes, and the rules
// that keep a gate from passing vacuously.
#include "report/thresholds.hpp"

#include "conformance/profile.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace chatbench::report {
namespace {

using namespace test;

std::vector<Verdict> judge(std::vector<std::string_view> expressions, const run::RunOutput &run) {
  std::vector<scenario::Threshold> parsed;
  for (const std::string_view e : expressions) {
    parsed.push_back(threshold(e));
  }
  return evaluate_thresholds(parsed, run);
}

Verdict one(std::string_view expression, const run::RunOutput &run) {
  std::vector<Verdict> v = judge({expression}, run);
  EXPECT_EQ(v.size(), 1u) << expression;
  return v.empty() ? Verdict{} : v.front();
}

run::RunOutput run_of(run::TargetRun target) {
  std::vector<run::TargetRun> targets;
  targets.push_back(std::move(target));
  return make_run(std::move(targets));
}

TEST(Thresholds, DurationStatisticsCompareInNanoseconds) {
  const run::RunOutput run = streamed_run();
  // TTFT from the intended send: 101, 201, 301, 401 ms.
  EXPECT_TRUE(one("ttft.p50 < 202ms", run).passed);
  EXPECT_FALSE(one("ttft.p50 < 200ms", run).passed);
  EXPECT_TRUE(one("ttft.min == 101ms", run).passed); // min and max are exact
  EXPECT_TRUE(one("ttft.max >= 401ms", run).passed);
  EXPECT_FALSE(one("ttft.max < 401ms", run).passed);
  EXPECT_TRUE(one("ttft.mean > 250ms", run).passed);
  EXPECT_TRUE(one("ttft.mean < 252ms", run).passed);
  EXPECT_TRUE(one("ttft.stddev > 111ms", run).passed);
  EXPECT_TRUE(one("ttft.stddev < 112ms", run).passed);
  // Arbitrary percentiles: p75 is rank 3 (301 ms), p99.9 rank 4 (401 ms).
  EXPECT_TRUE(one("ttft.p75 > 300ms", run).passed);
  EXPECT_TRUE(one("ttft.p75 < 302ms", run).passed);
  EXPECT_TRUE(one("ttft.p999 > 400ms", run).passed);
  EXPECT_TRUE(one("ttfb.max == 390ms", run).passed); // ttfb from the actual send
  EXPECT_TRUE(one("e2e.min == 186ms", run).passed);  // e2e from the intended send
  EXPECT_TRUE(one("itl.p99 < 20.1ms", run).passed);
  EXPECT_FALSE(one("itl.p50 < 19ms", run).passed);
  EXPECT_TRUE(one("tpot.max < 20.1ms", run).passed);
  EXPECT_TRUE(one("stall.max >= 20ms", run).passed);
  EXPECT_TRUE(one("send_lag.max == 1ms", run).passed);

  const Verdict v = one("ttft.min < 100ms", run);
  ASSERT_TRUE(v.actual.has_value());
  EXPECT_DOUBLE_EQ(*v.actual, 101e6);
  EXPECT_EQ(v.target, "alpha");
  EXPECT_EQ(v.expression, "ttft.min < 100ms");
  EXPECT_EQ(v.detail, "actual 101 ms, required < 100 ms");
}

TEST(Thresholds, DurationOverZeroSamplesFails) {
  // An ok request without a stall measurement: a stall statistic has no sample to judge.
  RequestRecord plain = streamed({.id = 1, .at_ms = 0});
  plain.longest_stall_ns = -1;
  const Verdict v = one("stall.p99 < 1h", run_of(make_target("solo", {plain})));
  EXPECT_FALSE(v.passed);
  EXPECT_FALSE(v.actual.has_value());
  EXPECT_EQ(v.detail, "no stall samples among 1 measured requests (1 ok)");

  // Every request failed: no TTFT at all, so "ttft.p95 < 1s" must not pass.
  const Verdict all_failed =
      one("ttft.p95 < 1s", run_of(make_target("f", {failed(1, 0, FailureKind::connect)})));
  EXPECT_FALSE(all_failed.passed);
  EXPECT_EQ(all_failed.detail, "no ttft samples among 1 measured requests (0 ok)");
}

TEST(Thresholds, RatesAndFractions) {
  const run::RunOutput run = streamed_run();
  // 4 ok requests, 20 tokens, 2 good requests over 0.786 s.
  EXPECT_TRUE(one("throughput.requests_per_s > 5/s", run).passed);
  EXPECT_FALSE(one("throughput.requests_per_s > 5.1/s", run).passed);
  EXPECT_TRUE(one("throughput.output_tokens_per_s >= 25", run).passed);
  EXPECT_FALSE(one("throughput.output_tokens_per_s >= 26", run).passed);
  const Verdict goodput = one("goodput >= 2.5/s", run);
  EXPECT_TRUE(goodput.passed);
  EXPECT_DOUBLE_EQ(*goodput.actual, 2 / 0.786);
  EXPECT_EQ(goodput.detail, "actual 2.54/s, required >= 2.50/s");
  EXPECT_FALSE(one("goodput > 3/s", run).passed);

  const run::RunOutput failures = run_of(every_failure());
  const Verdict rate = one("error_rate < 50%", failures);
  EXPECT_FALSE(rate.passed);
  EXPECT_DOUBLE_EQ(*rate.actual, 17.0 / 18.0);
  EXPECT_EQ(rate.detail, "actual 94.44%, required < 50.00%");
  EXPECT_TRUE(one("error_rate == 0", run).passed);
}

TEST(Thresholds, GoodputWithoutAnSloSaysEveryOkRequestCounts) {
  const Verdict v =
      one("goodput >= 5/s",
          run_of(make_target("n", {streamed({.id = 1}), streamed({.id = 2, .at_ms = 10})},
                             metrics::Slo{})));
  EXPECT_TRUE(v.passed);
  EXPECT_NE(v.detail.find("no SLO is set, so every ok request counts"), std::string::npos)
      << v.detail;
}

TEST(Thresholds, Counts) {
  const run::RunOutput run = streamed_run();
  EXPECT_TRUE(one("requests.total == 4", run).passed);
  EXPECT_TRUE(one("requests.ok == 4", run).passed);
  EXPECT_TRUE(one("requests.failed == 0", run).passed);
  EXPECT_FALSE(one("late_sends == 0", run).passed);
  EXPECT_TRUE(one("late_sends == 1", run).passed);
  EXPECT_TRUE(one("tokens.mismatches == 0", run).passed);
  EXPECT_EQ(one("requests.total > 4", run).detail, "actual 4, required > 4");

  RequestRecord mismatched = streamed({.id = 1});
  mismatched.usage_completion_tokens = 6;
  EXPECT_FALSE(one("tokens.mismatches == 0", run_of(make_target("m", {mismatched}))).passed);
}

TEST(Thresholds, FailureKindsAndHttpStatusFamilies) {
  const run::RunOutput run = run_of(every_failure());
  for (const std::string_view kind :
       {"connect", "tls", "timeout_connect", "timeout_first_token", "timeout_idle", "timeout_total",
        "stream_truncated", "stream_error_event", "invalid_json", "invalid_sse",
        "body_too_large"}) {
    const std::string expression = "failures." + std::string(kind) + " == 1";
    EXPECT_TRUE(one(expression, run).passed) << expression;
  }
  EXPECT_TRUE(one("failures.http_429 == 1", run).passed);
  EXPECT_TRUE(one("failures.http_503 == 1", run).passed);
  EXPECT_TRUE(one("failures.http_500 == 0", run).passed); // no such status: zero
  EXPECT_TRUE(one("failures.http_4xx == 1", run).passed);
  EXPECT_TRUE(one("failures.http_5xx == 1", run).passed);
  EXPECT_FALSE(one("failures.http_4xx == 0", run).passed);

  std::vector<RequestRecord> records;
  for (const int status : {400, 404, 429, 429, 499, 500, 502, 599}) {
    records.push_back(failed(records.size() + 1, 0, FailureKind::http_status, status));
  }
  const run::RunOutput statuses = run_of(make_target("s", records));
  EXPECT_EQ(*one("failures.http_4xx > 0", statuses).actual, 5);
  EXPECT_EQ(*one("failures.http_5xx > 0", statuses).actual, 3);
  EXPECT_EQ(*one("failures.http_429 > 0", statuses).actual, 2);
}

TEST(Thresholds, ConformanceGatesHaveNoValueWhenChecksAreOff) {
  const run::RunOutput run = streamed_run(); // conformance_level off
  for (const std::string_view e : {"conformance.failures == 0", "conformance.warnings == 0",
                                   "failures.schema_violation == 0"}) {
    const Verdict v = one(e, run);
    EXPECT_FALSE(v.passed) << e << ": a gate never passes vacuously";
    EXPECT_FALSE(v.actual.has_value()) << e;
    EXPECT_NE(v.detail.find("conformance checks are off"), std::string::npos) << v.detail;
  }
}

// Three checked responses: one clean, one with a failing chunk-schema finding and a warning,
// one with a failing usage finding.
run::RunOutput run_with_findings() {
  auto profile = conformance::Profile::load("openai");
  EXPECT_TRUE(profile);
  run::RunOutput run = streamed_run();
  run::TargetRun &t = run.targets.front();
  t.profile = "openai";
  t.conformance_level = conformance::Severity::fail;
  conformance::ResponseFindings r(**profile, conformance::Severity::fail);
  r.reset(1);
  t.conformance.add(r);
  r.reset(2);
  r.add(conformance::Check::chunk_schema, "/created", "Missing required property 'created'.");
  r.add(conformance::Check::integral_number, "/created", "a whole number was expected", "1.5");
  t.conformance.add(r);
  r.reset(3);
  r.add(conformance::Check::usage, "/usage/total_tokens", "total_tokens is not the sum", "7");
  t.conformance.add(r);
  return run;
}

TEST(Thresholds, ConformanceGatesCountResponses) {
  const run::RunOutput run = run_with_findings();
  EXPECT_EQ(*one("conformance.checked == 3", run).actual, 3);
  EXPECT_EQ(*one("conformance.failures == 0", run).actual, 2);
  EXPECT_FALSE(one("conformance.failures == 0", run).passed);
  EXPECT_EQ(*one("conformance.warnings == 0", run).actual, 1);
  EXPECT_EQ(*one("failures.schema_violation == 0", run).actual, 1) << "only the chunk finding";
  EXPECT_TRUE(one("conformance.failures <= 2", run).passed);
}

TEST(Thresholds, AFailingConformanceFindingFailsTheRunWithoutAThreshold) {
  EXPECT_EQ(run_status(run_with_findings(), {}), "failed");
  EXPECT_EQ(run_status(streamed_run(), {}), "passed");
}

TEST(Thresholds, NoPrefixAppliesToEveryTargetAPrefixToOne) {
  std::vector<run::TargetRun> targets;
  targets.push_back(alpha());
  targets.push_back(every_failure());
  const run::RunOutput run = make_run(std::move(targets));
  const std::vector<Verdict> all = judge({"error_rate < 10%", "beta:requests.total == 18"}, run);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].target, "alpha");
  EXPECT_TRUE(all[0].passed);
  EXPECT_EQ(all[1].target, "beta");
  EXPECT_FALSE(all[1].passed);
  EXPECT_EQ(all[2].target, "beta");
  EXPECT_TRUE(all[2].passed);
  EXPECT_EQ(all[2].expression, "beta:requests.total == 18");
  EXPECT_FALSE(all_passed(all));
  EXPECT_TRUE(all_passed(std::span(all).first(1)));
}

TEST(Thresholds, UnknownTargetFailsNamingItAndTheKnownOnes) {
  std::vector<run::TargetRun> targets;
  targets.push_back(alpha());
  targets.push_back(every_failure());
  run::RunOutput run = make_run(std::move(targets));
  const Verdict v = one("delta:requests.total >= 0", run);
  EXPECT_FALSE(v.passed);
  EXPECT_EQ(v.target, "delta");
  EXPECT_FALSE(v.actual.has_value());
  EXPECT_EQ(v.detail, "no results for target \"delta\"; the run's targets are \"alpha\", \"beta\"");
  run.interrupted = true;
  EXPECT_NE(one("delta:requests.total >= 0", run).detail.find("interrupted"), std::string::npos);
}

TEST(Thresholds, AnErroredTargetFailsEveryThreshold) {
  const run::RunOutput run = run_of(errored());
  for (const std::string_view e : {"requests.total >= 0", "failures.connect == 0",
                                   "conformance.failures == 0", "error_rate <= 100%"}) {
    const Verdict v = one(e, run);
    EXPECT_FALSE(v.passed) << e;
    EXPECT_FALSE(v.actual.has_value()) << e;
    EXPECT_EQ(v.detail,
              "the target did not run: mock: cannot listen on 127.0.0.1:0: Address already in use");
  }
}

TEST(Thresholds, ATargetWithoutMeasuredRequestsFails) {
  run::TargetRun target = empty_target();
  target.interrupted = true;
  const run::RunOutput run = run_of(std::move(target));
  for (const std::string_view e :
       {"error_rate < 1%", "failures.http_429 == 0", "requests.failed == 0"}) {
    const Verdict v = one(e, run);
    EXPECT_FALSE(v.passed) << e;
    EXPECT_EQ(v.detail, "no measured requests (the target was interrupted)");
  }
}

TEST(Thresholds, ARunWithoutTargetsFails) {
  const Verdict v = one("error_rate < 1%", make_run({}));
  EXPECT_FALSE(v.passed);
  EXPECT_EQ(v.detail, "no target ran");
}

TEST(Thresholds, RunStatus) {
  const run::RunOutput run = streamed_run();
  const std::vector<Verdict> pass = judge({"requests.ok == 4"}, run);
  const std::vector<Verdict> fail = judge({"requests.ok == 5"}, run);
  EXPECT_EQ(run_status(run, pass), "passed");
  EXPECT_EQ(run_status(run, {}), "passed");
  EXPECT_EQ(run_status(run, fail), "failed");
  EXPECT_EQ(run_status(run_of(errored()), {}), "failed");
  run::RunOutput interrupted = streamed_run();
  interrupted.interrupted = true;
  EXPECT_EQ(run_status(interrupted, pass), "interrupted");
}

} // namespace
} // namespace chatbench::report
