#include "report/check_report.hpp"

#include "report/console_table.hpp"
#include "report/json_target.hpp"
#include "report/junit.hpp"

#include <algorithm>
#include <ostream>

namespace chatbench::report {
namespace {

using nlohmann::json;

std::string_view credentials_name(conformance::Credentials c) {
  switch (c) {
  case conformance::Credentials::valid:
    return "valid";
  case conformance::Credentials::missing:
    return "missing";
  case conformance::Credentials::wrong:
    return "wrong";
  }
  return "valid";
}

json probe_json(const run::ProbeResult &r, const std::string &profile) {
  json findings = json::array();
  for (const conformance::Finding &f : r.findings) {
    findings.push_back(finding_json(f, profile));
  }
  return {{"name", r.probe.name},
          {"check", std::string(conformance::to_string(r.probe.check))},
          {"description", r.probe.description},
          {"credentials", std::string(credentials_name(r.probe.credentials))},
          {"stream", r.probe.stream},
          {"passed", r.passed()},
          {"failure", r.failure},
          {"status", r.status},
          {"outcome", std::string(metrics::to_string(r.outcome))},
          {"detail", r.detail},
          {"duration_ms", r.duration_ms},
          {"findings", std::move(findings)}};
}

// "HTTP 422 · 3.1 ms" or the outcome when nothing came back.
std::string answer(const run::ProbeResult &r) {
  std::string s = r.status > 0 ? "HTTP " + std::to_string(r.status)
                               : std::string(metrics::to_string(r.outcome));
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1f ms", r.duration_ms);
  return s + " · " + ms;
}

std::string findings_text(const run::ProbeResult &r) {
  std::string text;
  for (const conformance::Finding &f : r.findings) {
    text += std::string(conformance::to_string(f.severity)) + " " +
            std::string(conformance::to_string(f.check)) + " " +
            (f.pointer.empty() ? "(response)" : f.pointer) + ": " + f.message +
            (f.example.empty() ? "" : " (" + f.example + ")") + "\n";
  }
  return text;
}

} // namespace

json check_json(const run::CheckOutput &check) {
  json targets = json::array();
  for (const run::TargetCheck &t : check.targets) {
    json probes = json::array();
    for (const run::ProbeResult &r : t.probes) {
      probes.push_back(probe_json(r, t.profile));
    }
    json target = {{"name", t.name},
                   {"profile", t.profile},
                   {"url", t.url},
                   {"mock", t.mock},
                   {"passed", t.passed()},
                   {"notes", t.notes},
                   {"probes", std::move(probes)}};
    if (!t.error.empty()) {
      target["error"] = t.error;
    }
    targets.push_back(std::move(target));
  }
  return {{"schema", std::string(k_check_schema)},
          {"passed", check.passed()},
          {"targets", std::move(targets)}};
}

std::string check_junit(const run::CheckOutput &check) {
  std::vector<JunitSuite> suites;
  for (const run::TargetCheck &t : check.targets) {
    JunitSuite suite{"chatbench check: " + t.name + " (" + t.profile + ")", 0, {}};
    if (!t.error.empty()) {
      suite.cases.push_back({"set-up", t.name, 0, true, t.error, t.error, false, {}});
    }
    for (const run::ProbeResult &r : t.probes) {
      JunitCase c;
      c.name = r.probe.name;
      c.classname = t.name + "." + std::string(conformance::to_string(r.probe.check));
      c.time_s = r.duration_ms / 1e3;
      c.failed = !r.passed();
      c.failure_message = r.failure;
      c.failure_text = r.probe.description + "\n" + answer(r) + "\n" + findings_text(r) +
                       (r.detail.empty() ? "" : "detail: " + r.detail + "\n");
      suite.time_s += c.time_s;
      suite.cases.push_back(std::move(c));
    }
    suites.push_back(std::move(suite));
  }
  return junit_xml("chatbench check", suites);
}

void print_check(std::ostream &out, const run::CheckOutput &check, const ConsoleOptions &options) {
  const Style style{options.color};
  const std::size_t width = static_cast<std::size_t>(std::max(60, options.width));
  std::size_t passed = 0;
  std::size_t total = 0;
  for (const run::TargetCheck &t : check.targets) {
    out << style.bold(t.name + " (" + t.profile + ")") << "  " << (t.mock ? "embedded mock" : t.url)
        << '\n';
    if (!t.error.empty()) {
      out << "  " << style.bad("ERROR") << "  " << t.error << '\n';
    }
    std::size_t name_width = 0;
    for (const run::ProbeResult &r : t.probes) {
      name_width = std::max(name_width, display_width(r.probe.name));
    }
    for (const run::ProbeResult &r : t.probes) {
      ++total;
      passed += r.passed() ? 1U : 0U;
      out << "  " << (r.passed() ? style.good("PASS") : style.bad("FAIL")) << "  "
          << pad_right(r.probe.name, name_width) << "  " << answer(r);
      out << (r.passed() ? "" : "  " + r.failure) << '\n';
      for (const conformance::Finding &f : r.findings) {
        const std::string line = std::string(conformance::to_string(f.severity)) + " " +
                                 std::string(conformance::to_string(f.check)) + " " +
                                 (f.pointer.empty() ? "(response)" : f.pointer) + ": " + f.message +
                                 (f.example.empty() ? "" : " (" + f.example + ")");
        for (const std::string &l : wrap(line, width - 8)) {
          out << "        " << l << '\n';
        }
      }
    }
    for (const std::string &note : t.notes) {
      out << "  note  " << note << '\n';
    }
  }
  const std::string summary =
      std::to_string(passed) + " of " + std::to_string(total) + " probes passed";
  out << (check.passed() ? style.good(style.bold("PASSED")) : style.bad(style.bold("FAILED")))
      << "  " << summary << '\n';
}

} // namespace chatbench::report
