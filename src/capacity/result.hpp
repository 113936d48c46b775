#pragma once
// What a capacity sweep or search found, as plain numbers: the steps it ran (each a short run at
// one load level), the knee, and the SLO answer. Produced by run/capacity_runner.hpp, drawn by
// report/ and saved in report.json (targets[].capacity), from which report/saved_run.hpp reads it
// back unchanged. No threads, no libcurl.
//
// Units: rates per second, durations in nanoseconds (-1: no sample), levels in requests/s (a
// rate step) or requests in flight (a concurrency step).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::capacity {

enum class Mode { sweep, search };

/// What a step holds fixed: the arrival rate (open loop) or the concurrency (closed loop).
enum class Over { rate, concurrency };

enum class StepKind {
  baseline, ///< concurrency 1: the synchronous figures, the latency reference
  probe,    ///< closed loop at Sweep::probe_concurrency: the saturation throughput
  level,    ///< a sweep's planned or given level
  search,   ///< a search's bracketing or bisection level
};

enum class StepStatus {
  stable,        ///< the last windows agreed within the tolerance
  unstable,      ///< still moving at Sweep::max_duration; its figures are kept and flagged
  oversaturated, ///< stopped early: error rate over the limit or latency growing without bound
  failed,        ///< could not run (engine set-up); nothing measured
  interrupted,   ///< a signal stopped it
};

/// Percentiles of one latency over a step's measured requests; -1 when it had no sample.
struct Latency {
  std::int64_t p50_ns = -1;
  std::int64_t p90_ns = -1;
  std::int64_t p95_ns = -1;
  std::int64_t p99_ns = -1;
  bool operator==(const Latency &) const = default;
};

struct StepFigures {
  double measured_s = 0; ///< the step's measured phase
  std::uint64_t requests = 0;
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  double error_rate = 0;   ///< failed / requests
  double offered_rate = 0; ///< rate steps: the arrival rate; closed loop: 0
  /// Throughput: what ended within the step's stability windows, per second of them
  /// (capacity/step_figures.hpp says why not over the whole span).
  double achieved_rate = 0;       ///< ok requests per second
  double mean_in_flight = 0;      ///< requests in flight, averaged over the measured phase
  double output_tokens_per_s = 0; ///< output tokens of ok requests per second
  double goodput_per_s = 0;       ///< ok requests within checks.slo per second
  Latency ttft;                   ///< from the intended send
  Latency e2e;                    ///< from the intended send
  Latency itl;
  bool operator==(const StepFigures &) const = default;
};

/// One SLO expression judged on one step.
struct SloResult {
  std::string expression;
  std::optional<double> actual; ///< in the threshold's base unit; nullopt: nothing to judge
  bool passed = false;
  std::string detail; ///< "actual 412 ms, required < 500 ms", or why there was nothing to judge
  bool operator==(const SloResult &) const = default;
};

struct Step {
  std::uint32_t index = 0; ///< 0-based, in the order run
  StepKind kind = StepKind::level;
  Over over = Over::rate; ///< the baseline and probe are concurrency steps in a rate sweep too
  double level = 0;       ///< requests/s or concurrency
  StepStatus status = StepStatus::stable;
  std::string reason;        ///< why unstable, over-saturated, failed; "" when stable
  std::uint32_t windows = 0; ///< stability windows the measured phase spanned
  bool extended = false;     ///< ran past Load::duration to become stable
  /// The measured phase, seconds since the target's t = 0 (which requests.jsonl's times also
  /// count from), so a step's requests can be picked out; -1 when it never measured.
  double measured_from_s = -1;
  double measured_to_s = -1;
  StepFigures figures;
  std::vector<SloResult> slo; ///< one per SLO expression; empty when there are none

  /// True when every SLO holds (false when the step has none or did not measure).
  bool slo_passed() const;
  bool operator==(const Step &) const = default;
};

/// The knee: the step with the highest achieved rate whose TTFT p50 stays within
/// k_knee_latency_factor times the baseline's (the lowest level's) TTFT p50: the most throughput
/// before latency starts paying for it.
inline constexpr double k_knee_latency_factor = 2.0;
struct Knee {
  std::uint32_t step = 0; ///< Step::index
  double level = 0;
  double achieved_rate = 0;
  double output_tokens_per_s = 0;
  bool operator==(const Knee &) const = default;
};

/// The highest level whose SLOs held, with its evidence.
struct Answer {
  bool found = false; ///< some level passed; otherwise `level` is 0
  double level = 0;   ///< requests/s or concurrency
  Over over = Over::rate;
  std::optional<std::uint32_t> last_pass;  ///< the step at `level`
  std::optional<std::uint32_t> first_fail; ///< the lowest failing level above it, if any ran
  double resolution = 0;                   ///< as asked, absolute (a level) once resolved
  bool resolved = false;                   ///< first_fail - last_pass <= resolution
  bool monotone = true;                    ///< no failing level below a passing one
  std::string note; ///< what limits the answer ("the search reached max", ...)
  bool operator==(const Answer &) const = default;
};

struct Result {
  Mode mode = Mode::sweep;
  Over over = Over::rate;
  std::vector<Step> steps;
  std::optional<Knee> knee;
  std::optional<Answer> answer; ///< search, or a sweep with SLOs
  std::string stopped_early;    ///< why the plan was cut short; "" when it ran to the end
  bool operator==(const Result &) const = default;
};

std::string_view to_string(Mode mode) noexcept;
std::string_view to_string(Over over) noexcept;
std::string_view to_string(StepKind kind) noexcept;
std::string_view to_string(StepStatus status) noexcept;
/// The inverses; nullopt for an unknown name.
std::optional<Mode> mode_from_string(std::string_view name) noexcept;
std::optional<Over> over_from_string(std::string_view name) noexcept;
std::optional<StepKind> step_kind_from_string(std::string_view name) noexcept;
std::optional<StepStatus> step_status_from_string(std::string_view name) noexcept;

} // namespace chatbench::capacity
