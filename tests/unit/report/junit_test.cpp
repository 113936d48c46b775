// JUnit XML: counts, failures and skips where CI systems look for them, and text escaped.
#include "report/junit.hpp"

#include <gtest/gtest.h>

using namespace chatbench::report;

TEST(Junit, CountsAndFailuresAreWhereCiLooks) {
  std::vector<JunitSuite> suites(1);
  suites[0].name = "check: a";
  suites[0].time_s = 0.5;
  suites[0].cases.push_back({"minimal", "a.positive", 0.25, false, "", "", false, ""});
  suites[0].cases.push_back(
      {"wrong_credentials", "a.ignored_auth", 0.25, true, "expected 401, got 200", "x", false, ""});
  suites[0].cases.push_back({"stream", "a.positive", 0, false, "", "", true, "not streamed"});
  const std::string xml = junit_xml("chatbench check", suites);
  EXPECT_NE(xml.find(R"(<testsuites name="chatbench check" tests="3" failures="1" errors="0" )"
                     R"(skipped="1" time="0.500">)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<testcase name="minimal" classname="a.positive" time="0.250"/>)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<failure message="expected 401, got 200">x</failure>)"), std::string::npos);
  EXPECT_NE(xml.find(R"(<skipped message="not streamed"/>)"), std::string::npos);
}

TEST(Junit, EscapesMarkupAndReplacesWhatXmlCannotCarry) {
  EXPECT_EQ(xml_escape(R"(<a href="x">&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  EXPECT_EQ(xml_escape("tab\tok\x01"), "tab\tok\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("bad \xff utf8"), "bad \xEF\xBF\xBD utf8");
  EXPECT_EQ(xml_escape("µs"), "µs");
}
