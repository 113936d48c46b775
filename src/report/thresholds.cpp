#include "report/thresholds.hpp"

#include "report/figures.hpp"
#include "report/format.hpp"
#include "report/threshold_values.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cmath>

namespace chatbench::report {
namespace {

using scenario::Threshold;
using scenario::ValueKind;

Verdict failed(const Threshold &t, std::string target, std::string detail) {
  return Verdict{t.text, std::move(target), std::nullopt, false, std::move(detail)};
}

Verdict judge(const Threshold &t, const run::TargetRun &target, const Figures &f) {
  if (!target.error.empty()) {
    return failed(t, target.name, "the target did not run: " + target.error);
  }
  if (f.total == 0) {
    return failed(t, target.name,
                  "no measured requests" +
                      std::string(target.interrupted ? " (the target was interrupted)" : ""));
  }
  Measurement m = measure(t, target, f);
  if (!m.value) {
    return failed(t, target.name, std::move(m.note));
  }
  const bool passed = scenario::holds(t, *m.value);
  std::string detail = "actual " + format_threshold_value(t.kind, *m.value) + ", required " +
                       std::string(scenario::to_string(t.op)) + " " +
                       format_threshold_value(t.kind, t.value);
  if (!m.note.empty()) {
    detail += " (" + m.note + ")";
  }
  return Verdict{t.text, target.name, m.value, passed, std::move(detail)};
}

Verdict unknown_target(const Threshold &t, const run::RunOutput &run) {
  std::string detail = "no results for target " + util::quoted(t.target) + "; ";
  if (run.targets.empty()) {
    detail += "no target ran";
  } else {
    detail += "the run's targets are ";
    for (std::size_t i = 0; i < run.targets.size(); ++i) {
      detail += (i == 0 ? "" : ", ") + util::quoted(run.targets[i].name);
    }
  }
  if (run.interrupted) {
    detail += " (the run was interrupted before every target ran)";
  }
  return failed(t, t.target, std::move(detail));
}

} // namespace

std::string format_threshold_value(scenario::ValueKind kind, double value) {
  switch (kind) {
  case scenario::ValueKind::duration:
    return format_duration_ns(value);
  case scenario::ValueKind::fraction:
    return format_percent(value);
  case scenario::ValueKind::rate:
    return format_number(value) + "/s";
  case scenario::ValueKind::count:
    return std::to_string(std::llround(value));
  }
  return format_number(value);
}

std::vector<Verdict> evaluate_thresholds(std::span<const Threshold> thresholds,
                                         const run::RunOutput &run) {
  std::vector<Figures> figures;
  figures.reserve(run.targets.size());
  for (const run::TargetRun &target : run.targets) {
    figures.push_back(compute_figures(target));
  }
  std::vector<Verdict> out;
  for (const Threshold &t : thresholds) {
    bool matched = false;
    for (std::size_t i = 0; i < run.targets.size(); ++i) {
      if (t.target.empty() || t.target == run.targets[i].name) {
        out.push_back(judge(t, run.targets[i], figures[i]));
        matched = true;
      }
    }
    if (!matched) {
      out.push_back(t.target.empty() ? failed(t, "", "no target ran") : unknown_target(t, run));
    }
  }
  return out;
}

bool all_passed(std::span<const Verdict> verdicts) noexcept {
  for (const Verdict &v : verdicts) {
    if (!v.passed) {
      return false;
    }
  }
  return true;
}

std::string_view run_status(const run::RunOutput &run, std::span<const Verdict> verdicts) noexcept {
  if (run.interrupted) {
    return "interrupted";
  }
  for (const run::TargetRun &target : run.targets) {
    // At conformance level "fail", a failing finding fails the run without any threshold.
    if (!target.error.empty() || target.conformance.failures() > 0) {
      return "failed";
    }
  }
  return all_passed(verdicts) ? "passed" : "failed";
}

std::string status_reasons(const run::RunOutput &run, std::span<const Verdict> verdicts) {
  const auto failed = static_cast<std::size_t>(
      std::count_if(verdicts.begin(), verdicts.end(), [](const Verdict &v) { return !v.passed; }));
  const auto errored = static_cast<std::size_t>(std::count_if(
      run.targets.begin(), run.targets.end(), [](const auto &t) { return !t.error.empty(); }));
  std::string reasons;
  if (verdicts.empty()) {
    reasons = "no thresholds set";
  } else if (failed == 0) {
    reasons = "all " + std::to_string(verdicts.size()) + " threshold checks held";
  } else {
    reasons = std::to_string(failed) + " of " + std::to_string(verdicts.size()) +
              " threshold checks failed";
  }
  std::uint64_t nonconformant = 0;
  for (const run::TargetRun &t : run.targets) {
    nonconformant += t.conformance.failures();
  }
  if (nonconformant > 0) {
    reasons += "; " + std::to_string(nonconformant) +
               (nonconformant == 1 ? " response failed" : " responses failed") +
               " conformance checks";
  }
  if (errored > 0) {
    reasons +=
        "; " + std::to_string(errored) + (errored == 1 ? " target" : " targets") + " did not run";
  }
  return reasons;
}

} // namespace chatbench::report
