#include "report/capacity_table.hpp"

#include "report/format.hpp"
#include "report/thresholds.hpp"
#include "scenario/threshold.hpp"

#include <algorithm>
#include <cmath>

// A named namespace around the helpers: the report library is a unity build
// (cmake/Modules.cmake) and other files have helpers of these kinds.
namespace chatbench::report::capacity_text {
namespace {

using capacity::Over;
using capacity::Step;

// Whole levels (a concurrency, a round rate) without decimals: "8", "40"; others as numbers.
std::string level_number(double value) {
  const bool whole = std::isfinite(value) && std::fabs(value) < 1e15 && value == std::round(value);
  return whole ? std::to_string(std::llround(value)) : format_number(value);
}

std::string latency_cell(std::int64_t ns) {
  return ns < 0 ? "-" : format_duration_ns(static_cast<double>(ns));
}

bool measured(const Step &s) {
  return s.status != capacity::StepStatus::failed && s.figures.requests > 0;
}

// A row of `columns` cells; "-" for what a step that measured nothing does not have.
std::vector<std::string> step_cells(const Step &s, bool slo_column, std::size_t columns) {
  const capacity::StepFigures &f = s.figures;
  std::vector<std::string> cells{std::string(capacity::to_string(s.kind)),
                                 level_text(s.level, s.over),
                                 std::string(capacity::to_string(s.status))};
  if (!measured(s)) {
    cells.resize(columns, "-");
    return cells;
  }
  cells.push_back(s.over == Over::rate ? format_number(f.offered_rate) : "-");
  cells.push_back(format_number(f.achieved_rate));
  cells.push_back(format_number(f.mean_in_flight));
  cells.push_back(latency_cell(f.ttft.p50_ns));
  cells.push_back(latency_cell(f.ttft.p99_ns));
  cells.push_back(latency_cell(f.e2e.p50_ns));
  cells.push_back(latency_cell(f.itl.p50_ns));
  cells.push_back(format_number(f.output_tokens_per_s));
  cells.push_back(format_percent(f.error_rate));
  cells.push_back(format_number(f.goodput_per_s));
  if (slo_column) {
    cells.push_back(s.slo.empty() ? "-" : s.slo_passed() ? "pass" : "FAIL");
  }
  return cells;
}

// "ttft.p95 412 ms" (passed) or "ttft.p95 731 ms > 500 ms" (failed): the metric as the
// expression names it, its actual value and, for a failure, how it stands to the limit.
std::string slo_evidence(const capacity::SloResult &r) {
  const Result<scenario::Threshold> t = scenario::parse_threshold(r.expression);
  if (!t || !r.actual) {
    return r.expression + ": " + r.detail;
  }
  std::string out = t->metric + (t->stat.empty() ? "" : "." + t->stat) + " " +
                    format_threshold_value(t->kind, *r.actual);
  if (!r.passed) {
    const std::string_view relation = *r.actual > t->value   ? " > "
                                      : *r.actual < t->value ? " < "
                                                             : " = ";
    out += std::string(relation) + format_threshold_value(t->kind, t->value);
  }
  return out;
}

// "step 7 at 42/s: ttft.p95 412 ms": every SLO of a passing step, the failing ones of a failing
// step (or its status when it measured nothing to judge).
std::string step_evidence(const Step &s, bool passing) {
  std::string evidence;
  for (const capacity::SloResult &r : s.slo) {
    if (measured(s) && (passing || !r.passed)) {
      evidence += (evidence.empty() ? "" : ", ") + slo_evidence(r);
    }
  }
  if (evidence.empty()) {
    evidence =
        std::string(capacity::to_string(s.status)) + (s.reason.empty() ? "" : ", " + s.reason);
  }
  return "step " + std::to_string(s.index) + " at " + level_text(s.level, s.over) + ": " + evidence;
}

std::string amount(double value, Over over) {
  return level_number(value) + (over == Over::rate ? "/s" : "");
}

std::string knee_line(const capacity::Result &result, const capacity::Knee &knee) {
  const Step *step = find_step(result, knee.step);
  const Over over = step != nullptr ? step->over : result.over;
  return "knee: step " + std::to_string(knee.step) + ", " + format_number(knee.achieved_rate) +
         "/s achieved at " + level_text(knee.level, over) + (over == Over::rate ? " offered" : "") +
         ", " + format_number(knee.output_tokens_per_s) + " tokens/s";
}

std::string answer_line(const capacity::Result &result, const capacity::Answer &a) {
  std::string out = a.found ? "highest " + std::string(capacity::to_string(a.over)) +
                                  " meeting the SLOs: " + amount(a.level, a.over)
                            : "no level met the SLOs";
  std::vector<std::string> parts;
  const Step *pass = a.last_pass ? find_step(result, *a.last_pass) : nullptr;
  if (pass != nullptr) {
    parts.push_back("last pass " + step_evidence(*pass, true));
  }
  const Step *fail = a.first_fail ? find_step(result, *a.first_fail) : nullptr;
  if (fail != nullptr) {
    parts.push_back("first fail " + step_evidence(*fail, false));
  }
  if (result.mode == capacity::Mode::search && a.found) {
    parts.push_back((a.resolved ? "resolved to " : "not resolved to ") +
                    amount(a.resolution, a.over));
  }
  if (!a.monotone) {
    parts.push_back("not monotone: a lower level failed");
  }
  if (!a.note.empty()) {
    parts.push_back(a.note);
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += (i == 0 ? " (" : "; ") + parts[i] + (i + 1 == parts.size() ? ")" : "");
  }
  return out;
}

} // namespace
} // namespace chatbench::report::capacity_text

namespace chatbench::report {

std::string level_text(double level, capacity::Over over) {
  const std::string number = capacity_text::level_number(level);
  return over == capacity::Over::rate ? number + "/s" : "c=" + number;
}

const capacity::Step *find_step(const capacity::Result &result, std::uint32_t index) noexcept {
  const auto it = std::find_if(result.steps.begin(), result.steps.end(),
                               [index](const capacity::Step &s) { return s.index == index; });
  return it == result.steps.end() ? nullptr : &*it;
}

Table capacity_table(const capacity::Result &result) {
  const bool slo = std::any_of(result.steps.begin(), result.steps.end(),
                               [](const capacity::Step &s) { return !s.slo.empty(); });
  std::vector<std::string> headers{"kind",      "level",    "status",   "offered/s", "achieved/s",
                                   "in flight", "TTFT p50", "TTFT p99", "E2E p50",   "ITL p50",
                                   "tokens/s",  "errors %", "goodput/s"};
  if (slo) {
    headers.emplace_back("SLO");
  }
  const std::size_t columns = headers.size();
  Table table(std::move(headers), "step");
  for (const capacity::Step &s : result.steps) {
    table.add_row(std::to_string(s.index), capacity_text::step_cells(s, slo, columns));
  }
  return table;
}

std::vector<std::string> capacity_lines(const capacity::Result &result) {
  std::vector<std::string> lines;
  if (result.knee) {
    lines.push_back(capacity_text::knee_line(result, *result.knee));
  }
  if (result.answer) {
    lines.push_back(capacity_text::answer_line(result, *result.answer));
  }
  if (!result.stopped_early.empty()) {
    lines.push_back("stopped early: " + result.stopped_early);
  }
  return lines;
}

} // namespace chatbench::report
