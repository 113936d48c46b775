// junit.xml of a run: one case per threshold, one per conformance check of each checked target.
#include "report/run_junit.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace chatbench::report {
namespace {

using namespace test;

TEST(RunJunit, ThresholdsAndConformanceChecksAreTestCases) {
  std::vector<run::TargetRun> targets;
  targets.push_back(with_findings(alpha()));
  targets.push_back(errored());
  const run::RunOutput run = make_run(std::move(targets));
  const std::vector<Verdict> verdicts =
      evaluate_thresholds(std::vector{threshold("ttft.p95 < 800ms")}, run);
  const std::string xml = run_junit(run, verdicts);
  EXPECT_NE(xml.find(R"(<testsuite name="thresholds" tests="2")"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"x(<testsuite name="conformance: alpha (openai)" tests="13" failures="1")x"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<failure message="3 of 10 responses failed chunk_schema_conformance">)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("fail /created in 3 responses (first: request 3)"), std::string::npos);
  EXPECT_NE(
      xml.find(
          R"(<testcase name="integral_number_conformance" classname="conformance.alpha" time="0.000"/>)"),
      std::string::npos)
      << "a warning does not fail its case";
  EXPECT_NE(xml.find(R"(<testcase name="gamma ran" classname="targets")"), std::string::npos)
      << xml;
}

TEST(RunJunit, TargetsWithoutChecksHaveNoConformanceSuite) {
  const std::string xml = run_junit(streamed_run(), {});
  EXPECT_EQ(xml.find("conformance:"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<testsuite name="thresholds" tests="0")"), std::string::npos) << xml;
}

} // namespace
} // namespace chatbench::report
