#pragma once
// A seeded random quantity as scenarios describe it: a constant, or drawn from a uniform,
// normal, lognormal or exponential distribution, clamped to [min, max]. Units are the caller's
// (nanoseconds for latencies, tokens for lengths). Sampling is deterministic for a given seed and
// standard library; const methods are thread-safe, the generator is the caller's.
#include <limits>
#include <random>
#include <string_view>

namespace chatbench::util {

struct Distribution {
  enum class Kind { constant, uniform, normal, lognormal, exponential };

  Kind kind = Kind::constant;
  double mean = 0;   ///< the constant; the mean of normal, lognormal and exponential
  double stddev = 0; ///< normal and lognormal: standard deviation of the drawn values
  double min = 0;    ///< lower clamp; uniform: lower bound
  double max = std::numeric_limits<double>::infinity(); ///< upper clamp; uniform: upper bound

  static Distribution constant(double value) { return {Kind::constant, value, 0, value, value}; }

  /// One draw, clamped to [min, max].
  double sample(std::mt19937_64 &rng) const;
};

/// "constant", "uniform", "normal", "lognormal", "exponential".
std::string_view to_string(Distribution::Kind kind) noexcept;

} // namespace chatbench::util
