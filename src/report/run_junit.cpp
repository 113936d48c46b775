#include "report/run_junit.hpp"

#include "report/junit.hpp"

#include <vector>

namespace chatbench::report {
namespace {

// The checks a run makes of responses (the probe checks belong to `chatbench check`).
constexpr conformance::Check k_last_response_check = conformance::Check::stream_error_event;

JunitSuite threshold_suite(std::span<const Verdict> verdicts) {
  JunitSuite suite{"thresholds", 0, {}};
  for (const Verdict &v : verdicts) {
    JunitCase c;
    c.name = v.target.empty() ? v.expression : v.expression + " [" + v.target + "]";
    c.classname = "thresholds" + (v.target.empty() ? "" : "." + v.target);
    c.failed = !v.passed;
    c.failure_message = v.detail;
    c.failure_text = v.detail;
    suite.cases.push_back(std::move(c));
  }
  return suite;
}

JunitSuite conformance_suite(const run::TargetRun &t) {
  JunitSuite suite{"conformance: " + t.name + " (" + t.profile + ")", 0, {}};
  const conformance::Tally &tally = t.conformance;
  for (std::size_t i = 0; i <= static_cast<std::size_t>(k_last_response_check); ++i) {
    const auto check = static_cast<conformance::Check>(i);
    JunitCase c;
    c.name = std::string(conformance::to_string(check));
    c.classname = "conformance." + t.name;
    const std::uint64_t failed = tally.failed(check);
    std::string findings;
    for (const conformance::Finding &f : tally.sorted_findings()) {
      if (f.check == check) {
        findings += std::string(conformance::to_string(f.severity)) + " " +
                    (f.pointer.empty() ? "(response)" : f.pointer) + " in " +
                    std::to_string(f.count) + " responses (first: request " +
                    std::to_string(f.request_id) + "): " + f.message +
                    (f.example.empty() ? "" : " (" + f.example + ")") + "\n";
      }
    }
    c.failed = failed > 0;
    c.failure_message = std::to_string(failed) + " of " + std::to_string(tally.checked()) +
                        " responses failed " + c.name;
    c.failure_text = findings;
    suite.cases.push_back(std::move(c));
  }
  return suite;
}

} // namespace

std::string run_junit(const run::RunOutput &run, std::span<const Verdict> verdicts) {
  std::vector<JunitSuite> suites;
  suites.push_back(threshold_suite(verdicts));
  JunitSuite targets{"targets", 0, {}};
  for (const run::TargetRun &t : run.targets) {
    if (!t.error.empty() || t.interrupted) {
      JunitCase c;
      c.name = t.name + " ran";
      c.classname = "targets";
      c.failed = true;
      c.failure_message = t.error.empty() ? "interrupted before its plan was done" : t.error;
      targets.cases.push_back(std::move(c));
    }
    if (t.conformance_level != conformance::Severity::off) {
      suites.push_back(conformance_suite(t));
    }
  }
  if (!targets.cases.empty()) {
    suites.push_back(std::move(targets));
  }
  return junit_xml("chatbench run" + (run.manifest.scenario_name.empty()
                                          ? std::string()
                                          : ": " + run.manifest.scenario_name),
                   suites);
}

} // namespace chatbench::report
