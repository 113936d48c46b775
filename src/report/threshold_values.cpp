#include "report/threshold_values.hpp"

#include "report/capacity_table.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace chatbench::report {
namespace {

using scenario::Threshold;

// Threshold duration metrics (scenario/threshold.cpp's catalog) and the figure behind each.
constexpr std::array<std::pair<std::string_view, Latency>, 7> k_durations{{
    {"ttft", Latency::ttft},
    {"ttfb", Latency::ttfb},
    {"e2e", Latency::e2e},
    {"itl", Latency::itl},
    {"tpot", Latency::tpot},
    {"stall", Latency::stall},
    {"send_lag", Latency::send_lag},
}};

Measurement duration(const Threshold &t, const run::TargetRun &target, const Figures &f) {
  const auto *found = std::find_if(k_durations.begin(), k_durations.end(),
                                   [&](const auto &entry) { return entry.first == t.metric; });
  if (found == k_durations.end()) {
    return {std::nullopt, "unknown duration metric \"" + t.metric + "\""};
  }
  const metrics::Histogram &h = target.recorder.histogram(metric_of(found->second));
  if (h.count() == 0) {
    return {std::nullopt, "no " + t.metric + " samples among " + std::to_string(f.total) +
                              " measured requests (" + std::to_string(f.ok) + " ok)"};
  }
  if (t.stat == "mean") {
    return {h.mean(), ""};
  }
  if (t.stat == "stddev") {
    return {h.stddev(), ""};
  }
  if (t.stat == "min") {
    return {static_cast<double>(h.min()), ""};
  }
  if (t.stat == "max") {
    return {static_cast<double>(h.max()), ""};
  }
  return {static_cast<double>(h.value_at_percentile(t.percentile)), ""};
}

Measurement rate(double per_s, const Figures &f, std::string note = "") {
  if (f.measured_s <= 0) {
    return {std::nullopt, "the measured span is zero, so there is no rate"};
  }
  return {per_s, std::move(note)};
}

Measurement count(std::uint64_t n) {
  return {static_cast<double>(n), ""};
}

// failures.<kind>: a FailureKind name, http_4xx / http_5xx (sums over statuses) or http_<code>.
Measurement failures(std::string_view kind, const run::TargetRun &target, const Figures &f) {
  if (kind == "schema_violation") {
    return conformance_measurement("failures.schema_violation", target);
  }
  if (kind == "http_4xx" || kind == "http_5xx") {
    const int low = kind == "http_4xx" ? 400 : 500;
    std::uint64_t sum = 0;
    for (const auto &[status, n] : target.recorder.counts().http_failures) {
      sum += status >= low && status < low + 100 ? n : 0;
    }
    return count(sum);
  }
  // Absent http_<code> entries and kinds are zero: nothing ended that way.
  return count(f.failure(kind));
}

constexpr std::string_view k_no_capacity =
    "no capacity result: load.mode is not \"sweep\" or \"search\"";
constexpr std::string_view k_no_level = "no level met the SLOs";

// The step an answer or knee names; a note when the result does not hold it.
const capacity::Step *named_step(const capacity::Result &result, std::optional<std::uint32_t> index,
                                 std::string &note) {
  const capacity::Step *step = index ? find_step(result, *index) : nullptr;
  if (step == nullptr) {
    note = index ? "the capacity result names step " + std::to_string(*index) +
                       ", which it does not hold"
                 : "the capacity result names no step";
  }
  return step;
}

// capacity.max_rate: the SLO answer's rate (or the achieved rate of its last passing step when
// it searched over concurrency), else the knee's achieved rate.
Measurement max_rate(const capacity::Result &result) {
  std::string note;
  if (const auto &a = result.answer) {
    if (!a->found) {
      return {std::nullopt, std::string(k_no_level)};
    }
    if (a->over == capacity::Over::rate) {
      return {a->level, ""};
    }
    const capacity::Step *step = named_step(result, a->last_pass, note);
    return step == nullptr ? Measurement{std::nullopt, note}
                           : Measurement{step->figures.achieved_rate,
                                         "achieved by step " + std::to_string(step->index) +
                                             " at " + level_text(step->level, step->over)};
  }
  if (result.knee) {
    return {result.knee->achieved_rate, "at the knee, step " + std::to_string(result.knee->step)};
  }
  return {std::nullopt, "the capacity result has neither an SLO answer nor a knee"};
}

// capacity.max_concurrency: the SLO answer's concurrency (or the mean in flight of its last
// passing step when it searched over rate), else the knee step's.
Measurement max_concurrency(const capacity::Result &result) {
  std::string note;
  const auto in_flight = [](const capacity::Step &step) {
    return Measurement{step.figures.mean_in_flight,
                       "mean in flight of step " + std::to_string(step.index)};
  };
  if (const auto &a = result.answer) {
    if (!a->found) {
      return {std::nullopt, std::string(k_no_level)};
    }
    if (a->over == capacity::Over::concurrency) {
      return {a->level, ""};
    }
    const capacity::Step *step = named_step(result, a->last_pass, note);
    return step == nullptr ? Measurement{std::nullopt, note} : in_flight(*step);
  }
  if (result.knee) {
    const capacity::Step *step = named_step(result, result.knee->step, note);
    if (step == nullptr) {
      return {std::nullopt, note};
    }
    return step->over == capacity::Over::concurrency
               ? Measurement{step->level, "at the knee, step " + std::to_string(step->index)}
               : in_flight(*step);
  }
  return {std::nullopt, "the capacity result has neither an SLO answer nor a knee"};
}

} // namespace

Measurement capacity_measurement(std::string_view metric, const run::TargetRun &target) {
  if (!target.capacity) {
    return {std::nullopt, std::string(k_no_capacity)};
  }
  if (metric == "capacity.max_rate") {
    return max_rate(*target.capacity);
  }
  if (metric == "capacity.max_concurrency") {
    return max_concurrency(*target.capacity);
  }
  return {std::nullopt, "unknown metric \"" + std::string(metric) + "\""};
}

Measurement measure(const Threshold &t, const run::TargetRun &target, const Figures &f) {
  if (t.kind == scenario::ValueKind::duration) {
    return duration(t, target, f);
  }
  const std::string_view metric = t.metric;
  if (metric.starts_with("failures.")) {
    return failures(metric.substr(9), target, f);
  }
  if (metric.starts_with("conformance.")) {
    return conformance_measurement(metric, target);
  }
  if (metric.starts_with("capacity.")) {
    return capacity_measurement(metric, target);
  }
  if (metric == "error_rate") {
    return {f.error_rate, ""};
  }
  if (metric == "goodput") {
    return rate(f.goodput.per_s, f,
                f.goodput.slo.any() ? "" : "no SLO is set, so every ok request counts");
  }
  if (metric == "throughput.requests_per_s") {
    return rate(f.requests_per_s, f);
  }
  if (metric == "throughput.output_tokens_per_s") {
    return rate(f.output_tokens_per_s, f);
  }
  if (metric == "throughput.output_bytes_per_s") {
    return rate(f.output_bytes_per_s, f);
  }
  if (metric == "requests.total") {
    return count(f.total);
  }
  if (metric == "requests.ok") {
    return count(f.ok);
  }
  if (metric == "requests.failed") {
    return count(f.failed);
  }
  if (metric == "late_sends") {
    return count(f.late_sends);
  }
  if (metric == "tokens.mismatches") {
    return count(f.tokens.mismatches);
  }
  return {std::nullopt, "unknown metric \"" + t.metric + "\""};
}

Measurement conformance_measurement(std::string_view metric, const run::TargetRun &target) {
  if (target.conformance_level == conformance::Severity::off) {
    return {std::nullopt, "conformance checks are off (checks.conformance)"};
  }
  const conformance::Tally &tally = target.conformance;
  if (tally.checked() == 0) {
    return {std::nullopt, "no response was checked"};
  }
  if (metric == "conformance.failures") {
    return count(tally.failures());
  }
  if (metric == "conformance.warnings") {
    return count(tally.warnings());
  }
  if (metric == "conformance.checked") {
    return count(tally.checked());
  }
  // failures.schema_violation: responses whose body or a chunk failed its schema (a response
  // has a body, chunks or an error body, so the three counts never overlap).
  using conformance::Check;
  return count(tally.failed(Check::response_schema) + tally.failed(Check::chunk_schema) +
               tally.failed(Check::error_schema));
}

} // namespace chatbench::report
