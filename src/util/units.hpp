#pragma once
// Quantities with units as users write them in scenario files and flags: durations ("250ms",
// "30s", "1.5m"), rates ("5/s", "300/min", "2k/s"), counts ("10k", "2M"), byte sizes ("64KiB",
// "1MB") and fractions ("1%", "0.5%"). Parsing is strict: no unit where one is needed, a
// negative value, trailing text or a non-finite number is an error whose message shows an
// accepted form and what was found. Thread-safe (pure functions).
#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace chatbench::util {

/// "500ns", "250us"/"250µs", "250ms", "30s", "1.5m", "2h" -> nanoseconds (>= 0).
Result<std::chrono::nanoseconds> parse_duration(std::string_view text);

/// "5/s", "300/min", "2/ms", "1.5k/s", "7200/h" -> events per second (> 0).
Result<double> parse_rate(std::string_view text);

/// "64", "10k" (10^3), "2M" (10^6), "1G" (10^9) -> a whole count; "1.5k" is fine, "1.2345k" is not.
Result<std::uint64_t> parse_count(std::string_view text);

/// "512", "512B", "64KiB", "64KB"/"64kB" (10^3), "1MiB", "1MB", "1GiB" -> bytes.
Result<std::uint64_t> parse_bytes(std::string_view text);

/// "1%" -> 0.01; "0.25" -> 0.25 (a plain fraction). Must lie in [0, 1].
Result<double> parse_fraction(std::string_view text);

/// Human form with three significant digits: "850ns", "12.3µs", "4.56ms", "1.23s", "2m05s".
std::string format_duration(std::chrono::nanoseconds value);

} // namespace chatbench::util
