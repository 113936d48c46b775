#pragma once
// Thresholds: pass/fail expressions over a run's results, written as
//   [TARGET ":"] METRIC ["." STAT] OP VALUE
// e.g. "ttft.p95 < 500ms", "error_rate < 1%", "failures.http_429 == 0",
// "throughput.output_tokens_per_s > 500", "mock-a:goodput >= 20/s".
// Parsing checks the metric name, the statistic and the unit of the value against a fixed
// catalog, so a typo fails at load time, not after a long run. Pure functions; thread-safe.
#include "util/result.hpp"

#include <span>
#include <string>
#include <string_view>

namespace chatbench::scenario {

enum class Comparison { less, less_equal, greater, greater_equal, equal, not_equal };

/// What the value of a metric means, and so which units its threshold may use.
enum class ValueKind {
  duration, ///< nanoseconds; written with a unit: "500ms"
  fraction, ///< 0..1; written "1%" or "0.01"
  rate,     ///< per second; written "20/s" or a plain number
  count,    ///< a whole number; written "0", "10k"
};

struct Threshold {
  std::string text;      ///< as written
  std::string target;    ///< "" = every target
  std::string metric;    ///< e.g. "ttft", "error_rate", "failures.http_429"
  std::string stat;      ///< duration metrics: "p95", "max", "mean", ...; "" otherwise
  double percentile = 0; ///< for stat "pNN": 95, 99.9, ...
  Comparison op = Comparison::less;
  double value = 0; ///< in the kind's base unit (ns, fraction, per second, count)
  ValueKind kind = ValueKind::count;
};

/// Parses one expression. Errors name the expression, the 1-based column and what was expected.
Result<Threshold> parse_threshold(std::string_view text);

/// True when `actual OP threshold.value` holds.
bool holds(const Threshold &threshold, double actual) noexcept;

std::string_view to_string(Comparison op) noexcept;

/// Metric names a threshold may use (for documentation and suggestions).
std::span<const std::string_view> threshold_metrics() noexcept;

} // namespace chatbench::scenario
