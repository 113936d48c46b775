// report.html as a page: self-contained, every section present, text escaped, one figure per
// chart as data-chart-count says. (tests/browser opens a real one in Chromium.)
#include "report/html.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace chatbench::report {
namespace {

using namespace test;

std::size_t count_of(const std::string &text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

std::string html_of(const run::RunOutput &run, std::vector<std::string_view> expressions,
                    const RequestPoints *points = nullptr) {
  std::vector<scenario::Threshold> parsed;
  for (const std::string_view e : expressions) {
    parsed.push_back(threshold(e));
  }
  return run_html(run, evaluate_thresholds(parsed, run), points, "1 target, rate 10/s");
}

run::RunOutput page_run() {
  std::vector<run::TargetRun> targets;
  targets.push_back(with_findings(alpha()));
  targets.push_back(every_failure());
  targets.push_back(errored());
  return make_run(std::move(targets));
}

TEST(Html, APageWithEverySectionAndOneFigurePerChart) {
  const std::string html = html_of(page_run(), {"ttft.p95 < 800ms", "beta:failures.http_429 == 0"});
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  for (const char *id : {"summary", "thresholds", "latency", "over-time", "failures", "conformance",
                         "targets", "manifest"}) {
    EXPECT_NE(html.find("<section id=\"" + std::string(id) + "\">"), std::string::npos) << id;
  }
  EXPECT_EQ(count_of(html, "<figure class=\"chart\""), 11u);
  EXPECT_NE(html.find("data-chart-count=\"11\""), std::string::npos);
  EXPECT_NE(html.find("<span class=\"status failed\">"), std::string::npos);
  EXPECT_NE(html.find("<title>chatbench · fixture · failed</title>"), std::string::npos);
}

TEST(Html, NeedsNothingFromTheNetwork) {
  const std::string html = html_of(page_run(), {});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  // url(#clip) refers into the page itself; nothing else may be referenced.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"re(url\((?!#))re")));
}

TEST(Html, ShowsFindingsFailuresAndTheTargetThatDidNotRun) {
  const std::string html = html_of(page_run(), {});
  EXPECT_NE(html.find("<code>chunk_schema_conformance</code>"), std::string::npos);
  EXPECT_NE(html.find("<code>/created</code>"), std::string::npos);
  EXPECT_NE(html.find("<code>http_429</code>"), std::string::npos);
  EXPECT_NE(html.find("did not run: mock: cannot listen"), std::string::npos);
  EXPECT_NE(html.find("embedded mock"), std::string::npos);
}

TEST(Html, EscapesEveryTextItShows) {
  run::RunOutput run = streamed_run();
  run.targets.front().name = "<img src=x>&";
  run.manifest.scenario_name = "a\"b<c>";
  const std::string html = html_of(run, {"error_rate < 1%"});
  EXPECT_EQ(html.find("<img src=x>"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x&gt;&amp;"), std::string::npos);
  EXPECT_EQ(html.find("a\"b<c>"), std::string::npos);
}

TEST(Html, ThePerRequestChartsAreDrawnFromTheRequestLog) {
  const run::RunOutput run = streamed_run();
  const std::string without = html_of(run, {});
  EXPECT_NE(without.find("needs requests.jsonl"), std::string::npos);
  const RequestPoints points = parse_request_points(
      R"({"target":"alpha","phase":"measure","outcome":"ok","intended_ns":0,"sent_ns":1,"first_token_ns":5000000,"done_ns":9000000})"
      "\n");
  const std::string with = html_of(run, {}, &points);
  EXPECT_EQ(with.find("needs requests.jsonl"), std::string::npos);
}

} // namespace
} // namespace chatbench::report
