// `chatbench run` as a user meets it: the real binary against its embedded mock with known
// latency and injected faults. Asserts what a user would check: exit codes, counts by outcome,
// percentiles within tolerance, the files written.
#include "binary.hpp"
#include "golden.hpp"

#include <algorithm>
#include <set>

using namespace chatbench::integration;
using nlohmann::json;

namespace {

double ms(const json &target, const std::string &metric, const std::string &stat) {
  return target.at("metrics").at(metric + "_ms").at(stat).get<double>();
}

} // namespace

TEST(Run, MeasuresTheMocksKnownTimingWithinTolerance) {
  Workdir dir("timing");
  const std::string scenario = dir.file("timing.json", R"({
    "name": "timing",
    "targets": [{"name": "m", "provider": "openai", "base_url": "mock",
                 "mock": {"ttft": "50ms", "itl": "10ms", "output_tokens": 16}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true},
    "load": {"concurrency": 8, "requests": 64, "warmup": 8}
  })");
  const Outcome o = run({"run", scenario, "--out", "out", "--quiet"}, dir.path);
  ASSERT_EQ(o.exit_code, 0) << o.err << o.out;
  const json report = dir.report();
  EXPECT_EQ(report.at("status"), "passed");
  const json &t = report.at("targets").at(0);
  EXPECT_EQ(t.at("requests").at("total"), 64);
  EXPECT_EQ(t.at("requests").at("ok"), 64);
  EXPECT_EQ(t.at("tokens").at("output_total"), 64 * 16);
  EXPECT_EQ(t.at("tokens").at("source"), "usage");
  // The mock sends the first token 50 ms after admission and one every 10 ms after it; the
  // client adds its own and the loopback's delay, which is small but never negative. The upper
  // bounds leave room for a loaded machine running unoptimised sanitizer builds side by side (a
  // misplaced timestamp would be off by whole gaps); the timing's precision is measured by the
  // benchmarks (docs/BENCHMARKS.md), not here.
  EXPECT_GE(ms(t, "ttft", "p50"), 50.0);
  EXPECT_LT(ms(t, "ttft", "p50"), 70.0);
  EXPECT_GT(ms(t, "itl", "p50"), 9.0);
  EXPECT_LT(ms(t, "itl", "p50"), 13.0);
  EXPECT_GE(ms(t, "e2e", "p50"), 200.0);
  EXPECT_LT(ms(t, "e2e", "p50"), 240.0);
  EXPECT_EQ(t.at("metrics").at("itl_ms").at("count"), 64 * 15);
  EXPECT_EQ(dir.requests().size(), 72u); // warmup included
  EXPECT_NE(o.out.find("TTFT"), std::string::npos) << o.out;
}

TEST(Run, EveryFaultBecomesItsFailureKind) {
  Workdir dir("faults");
  // One request at a time, so the mock's request index i is the i-th request.
  const std::string scenario = dir.file("faults.json", R"({
    "name": "faults",
    "targets": [
      {"name": "mock", "provider": "openai", "base_url": "mock",
       "mock": {"ttft": "1ms", "itl": "1ms", "output_tokens": 4,
                "faults": ["rate_limit:at=1", "server_error:at=2", "unavailable:at=3",
                           "unauthorized:at=4", "malformed_json:at=5", "error_event:at=6",
                           "reset:at=7", "wrong_content_type:at=8",
                           "stall_headers:at=9:for=3s", "stall_stream:at=10:for=3s",
                           "stall_stream:at=13:for=5s"]}},
      {"name": "closed", "provider": "openai", "base_url": "http://127.0.0.1:1", "model": "m"}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true},
    "load": {"concurrency": 1, "requests": 13, "drain": "500ms",
             "timeouts": {"connect": "2s", "first_token": "1s", "idle": "1s"}}
  })");
  const Outcome o = run({"run", scenario, "--out", "out", "--quiet"}, dir.path);
  // No threshold is set, so failed requests alone would not fail the run; the faults that
  // break the protocol fail it through the conformance checks (on by default).
  EXPECT_EQ(o.exit_code, 1) << o.err;
  const json report = dir.report();
  const json &c = report.at("targets").at(0).at("conformance");
  EXPECT_EQ(c.at("checked"), 12) << "every request with a response (not the stalled headers)";
  EXPECT_EQ(c.at("failures"), 4) << c.dump(1);
  std::set<std::string> checks;
  for (const json &finding : c.at("findings")) {
    checks.insert(finding.at("check").get<std::string>());
  }
  EXPECT_EQ(checks, (std::set<std::string>{"content_type_conformance", "finish_reason_conformance",
                                           "usage_conformance", "sse_framing_conformance",
                                           "stream_termination_conformance", "stream_error_event"}))
      << "wrong_content_type, reset (three findings), malformed_json and error_event; the "
         "error statuses' bodies conform"
      << c.dump(1);
  const json &f = report.at("targets").at(0).at("failures");
  EXPECT_EQ(f.at("http_429"), 1);
  EXPECT_EQ(f.at("http_500"), 1);
  EXPECT_EQ(f.at("http_503"), 1);
  EXPECT_EQ(f.at("http_401"), 1);
  EXPECT_EQ(f.at("invalid_json"), 1);
  EXPECT_EQ(f.at("stream_error_event"), 1);
  EXPECT_EQ(f.at("stream_truncated"), 1);
  EXPECT_EQ(f.at("invalid_sse"), 1);
  EXPECT_EQ(f.at("timeout_first_token"), 1);
  EXPECT_EQ(f.at("timeout_idle"), 1);
  EXPECT_EQ(f.at("cut_off"), 1);
  EXPECT_EQ(report.at("targets").at(0).at("requests").at("ok"), 2);
  const json &closed = report.at("targets").at(1);
  EXPECT_EQ(closed.at("failures").at("connect"), 13);
  EXPECT_EQ(closed.at("requests").at("ok"), 0);
  // Every measured request is on its own line with its outcome.
  std::map<std::string, int> outcomes;
  for (const json &line : dir.requests()) {
    if (line.at("target") == "mock") {
      ++outcomes[line.at("outcome").get<std::string>()];
    }
  }
  EXPECT_EQ(outcomes["http_status"], 4);
  EXPECT_EQ(outcomes["ok"], 2);
  EXPECT_EQ(outcomes["cut_off"], 1);
}

TEST(Run, AFailedThresholdExitsOneAndSaysWhich) {
  Workdir dir("threshold");
  const Outcome o =
      run({"run", "--target", "mock", "--stream", "-n", "10", "-c", "2", "--out", "out",
           "--threshold", "ttft.p50 < 1us", "--threshold", "error_rate < 1%", "--quiet"},
          dir.path);
  ASSERT_EQ(o.exit_code, 1) << o.err << o.out;
  const json report = dir.report();
  EXPECT_EQ(report.at("status"), "failed");
  ASSERT_EQ(report.at("thresholds").size(), 2u);
  EXPECT_FALSE(report.at("thresholds").at(0).at("passed").get<bool>());
  EXPECT_TRUE(report.at("thresholds").at(1).at("passed").get<bool>());
  EXPECT_NE(o.out.find("ttft.p50 < 1us"), std::string::npos) << o.out;
}

TEST(Run, QuickFlagsRunTheEmbeddedMock) {
  Workdir dir("quick");
  const Outcome o =
      run({"run", "--target", "mock", "--stream", "-n", "20", "-c", "4", "--out", "out"}, dir.path);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(dir.report().at("targets").at(0).at("requests").at("ok"), 20);
  EXPECT_EQ(dir.requests().size(), 20u);
}

TEST(Run, SigintDrainsWritesAnInterruptedReportAndExitsThree) {
  Workdir dir("sigint");
  const std::string scenario = dir.file("long.json", R"({
    "name": "long",
    "targets": [{"provider": "openai", "base_url": "mock",
                 "mock": {"ttft": "20ms", "itl": "5ms", "output_tokens": 8}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true},
    "load": {"concurrency": 4, "duration": "60s"}
  })");
  const auto start = std::chrono::steady_clock::now();
  const Outcome o = run(
      {"run", scenario, "--out", "out", "--quiet"}, dir.path, std::chrono::seconds(30),
      [](pid_t pid) { ::kill(pid, SIGINT); }, std::chrono::milliseconds(1500));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
  ASSERT_EQ(o.exit_code, 3) << o.err;
  const json report = dir.report();
  EXPECT_EQ(report.at("status"), "interrupted");
  EXPECT_TRUE(report.at("interrupted").get<bool>());
  EXPECT_GT(report.at("targets").at(0).at("requests").at("ok").get<int>(), 10);
  EXPECT_GT(dir.requests().size(), 10u);
  EXPECT_NE(o.err.find("interrupted"), std::string::npos) << o.err;
}

TEST(Run, BadInputExitsTwoBeforeAnyTraffic) {
  Workdir dir("bad");
  const std::string scenario = dir.file("bad.json", R"({
    "targets": [{"provider": "openai", "base_url": "mock"}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "load": {"concurrency": 1, "requets": 5}
  })");
  Outcome o = run({"run", scenario, "--out", "out"}, dir.path);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("bad.json:4:32: /load/requets: unknown key \"requets\"; did you mean "
                       "\"requests\"?"),
            std::string::npos)
      << o.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "out"));
  o = run({"run", scenario, "-c", "4"}, dir.path);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--concurrency"), std::string::npos) << o.err;
  o = run({"run", "--target", "mock", "--threshold", "ttft.p95 <"}, dir.path);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("ttft.p95 <"), std::string::npos) << o.err;
  o = run({"run"}, dir.path);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("give a scenario file"), std::string::npos) << o.err;
}

TEST(Run, WritesEveryReportFormatUnlessTheScenarioNamesSome) {
  Workdir dir("formats");
  const Outcome all =
      run({"run", "--target", "mock", "-n", "4", "--out", "all", "--quiet"}, dir.path);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  for (const char *file : {"report.json", "summary.md", "junit.xml", "report.html",
                           "requests.jsonl", "requests.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.path / "all" / file)) << file;
  }
  EXPECT_NE(all.out.find("report: all/report.json (and summary.md, junit.xml, report.html, "
                         "requests.csv, requests.jsonl)"),
            std::string::npos)
      << all.out;
  const std::string csv = slurp(dir.path / "all" / "requests.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5) << "a header and the 4 requests";
  EXPECT_EQ(csv.rfind("target,id,", 0), 0u) << csv.substr(0, 80);

  const std::string scenario = dir.file("some.json", R"({
    "name": "some",
    "targets": [{"name": "mock", "provider": "openai", "base_url": "mock"}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "load": {"concurrency": 1, "requests": 2},
    "report": {"formats": ["json", "md"]}
  })");
  const Outcome some = run({"run", scenario, "--out", "some", "--quiet"}, dir.path);
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path / "some" / "summary.md"));
  for (const char *file : {"junit.xml", "report.html", "requests.jsonl", "requests.csv"}) {
    EXPECT_FALSE(std::filesystem::exists(dir.path / "some" / file)) << file;
  }
  EXPECT_EQ(some.out.find("requests ok"), std::string::npos) << "no console summary asked for";
}

TEST(Run, SideBySideRunsTargetsAtOnceWithTheSameLoad) {
  Workdir dir("side");
  // Each target runs for about 1.5 s; one after another the run would take at least 3 s.
  const std::string scenario = dir.file("side.json", R"({
    "name": "side",
    "targets": [
      {"name": "a", "provider": "openai", "base_url": "mock",
       "mock": {"ttft": "20ms", "itl": "5ms", "output_tokens": 8}},
      {"name": "b", "provider": "solidrust", "base_url": "mock",
       "mock": {"ttft": "40ms", "itl": "5ms", "output_tokens": 8}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true},
    "load": {"mode": "rate", "rate": "20/s", "requests": 30, "side_by_side": true}
  })");
  const Outcome o = run({"run", scenario, "--out", "out", "--quiet"}, dir.path);
  ASSERT_EQ(o.exit_code, 0) << o.err << o.out;
  const json report = dir.report();
  EXPECT_EQ(report.at("scenario").at("load").at("side_by_side"), true);
  const json &a = report.at("targets").at(0);
  const json &b = report.at("targets").at(1);
  EXPECT_EQ(a.at("name"), "a");
  EXPECT_EQ(b.at("name"), "b");
  // The same schedule for both: 30 requests at a constant 20/s (1.5 s).
  EXPECT_EQ(a.at("requests").at("total"), b.at("requests").at("total"));
  EXPECT_EQ(a.at("requests").at("ok"), 30);
  // Each target's own timing, although they ran at once.
  EXPECT_LT(ms(a, "ttft", "p50"), ms(b, "ttft", "p50"));
  const double sum =
      a.at("duration").at("wall_s").get<double>() + b.at("duration").at("wall_s").get<double>();
  EXPECT_LT(report.at("manifest").at("duration_s").get<double>(), 0.8 * sum)
      << "the targets did not overlap";
}

// The outputs of a real run against golden files with placeholders where measured values go
// (tests/integration/golden.hpp): the layout, labels, verdict lines and counts are fixed.
TEST(Run, ConsoleSummaryAndJunitMatchTheirGoldenFiles) {
  Workdir dir("golden");
  const std::string scenario = dir.file("g.json", R"({
    "name": "golden",
    "seed": 7,
    "targets": [{"name": "mock", "provider": "openai", "base_url": "mock",
                 "mock": {"ttft": "20ms", "itl": "2ms", "output_tokens": 8}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true},
    "load": {"concurrency": 2, "requests": 20},
    "checks": {"thresholds": ["ttft.p95 < 5s", "error_rate < 1%"], "slo": {"ttft": "1s"}}
  })");
  const Outcome o = run({"run", scenario, "--out", "out", "-q"}, dir.path);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const std::filesystem::path golden = std::filesystem::path(CHATBENCH_TEST_DATA) / "golden";
  expect_matches_golden(o.out, slurp(golden / "run_console.txt"), "run_console.txt");
  expect_matches_golden(slurp(dir.path / "out" / "summary.md"), slurp(golden / "run_summary.md"),
                        "run_summary.md");
  expect_matches_golden(slurp(dir.path / "out" / "junit.xml"), slurp(golden / "run_junit.xml"),
                        "run_junit.xml");
}

TEST(Golden, PlaceholdersMatchOnlyWhatTheyStandFor) {
  EXPECT_TRUE(std::regex_match("TTFT p50  22.1 ms", std::regex(golden_pattern("TTFT p50  {dur}"))));
  EXPECT_TRUE(std::regex_match("x 2m 05s", std::regex(golden_pattern("x {dur}"))));
  EXPECT_FALSE(
      std::regex_match("TTFT p50  22.1 ms!", std::regex(golden_pattern("TTFT p50  {dur}"))));
  EXPECT_FALSE(std::regex_match("rate 12.5%", std::regex(golden_pattern("rate {num}"))));
  EXPECT_TRUE(std::regex_match("rate 12.50%", std::regex(golden_pattern("rate {pct}"))));
  EXPECT_FALSE(std::regex_match("a.b", std::regex(golden_pattern("a?b"))));
  EXPECT_TRUE(std::regex_match("ok (1) [x]", std::regex(golden_pattern("ok (1) [x]"))));
}
