#pragma once
// JUnit XML, the format CI systems (GitLab, Jenkins, GitHub test reporters) show as test results:
// <testsuites> of <testsuite>s of <testcase>s, each passed, failed (<failure message=...>) or
// skipped. Text is escaped for XML 1.0 (characters XML cannot carry become U+FFFD). Pure.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::report {

struct JunitCase {
  std::string name;
  std::string classname;
  double time_s = 0;
  bool failed = false;
  std::string failure_message; ///< one line
  std::string failure_text;    ///< the details, any length
  bool skipped = false;
  std::string skipped_message;
};

struct JunitSuite {
  std::string name;
  double time_s = 0;
  std::vector<JunitCase> cases;
};

/// The whole document, `name` on <testsuites>.
std::string junit_xml(std::string_view name, std::span<const JunitSuite> suites);

/// `text` escaped for an XML attribute or element.
std::string xml_escape(std::string_view text);

} // namespace chatbench::report
