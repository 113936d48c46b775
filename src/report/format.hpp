#pragma once
// Numbers as people read them in the console summary and in threshold details: three
// significant digits and a unit, never an exponent. Pure functions, thread-safe.
#include <chrono>
#include <cstdint>
#include <string>

namespace chatbench::report {

/// A duration in nanoseconds: "850 ns", "12.3 µs", "212 ms", "1.52 s", "2m 05s". Rounds to
/// three significant digits before choosing the unit, so 999.7 ms reads "1.00 s". Negative
/// values keep their sign; a non-finite value reads "n/a".
std::string format_duration_ns(double ns);

/// A rate or other plain quantity with three significant digits and no unit: "0.512", "12.3",
/// "412", "12346" (no exponent, whole numbers at and above 100). Non-finite reads "n/a".
std::string format_number(double value);

/// A fraction as a percentage with two decimals: 0.0123 -> "1.23%".
std::string format_percent(double fraction);

/// A count: 1234 -> "1234".
std::string format_count(std::uint64_t count);

/// A wall-clock time in UTC with millisecond precision: "2024-05-01T12:34:56.789Z".
std::string iso8601_utc(std::chrono::system_clock::time_point when);

} // namespace chatbench::report
