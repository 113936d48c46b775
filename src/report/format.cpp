#include "report/format.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace chatbench::report {
namespace {

// `value` rounded to three significant digits (0 stays 0). Divides or multiplies by an exact
// power of ten so that 99.96e6 becomes exactly 1e8, not 99999999.99999999.
double round3(double value) {
  if (value == 0) {
    return 0;
  }
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  if (magnitude >= 2) {
    const double step = std::pow(10.0, magnitude - 2);
    return std::round(value / step) * step;
  }
  const double scale = std::pow(10.0, 2 - magnitude);
  return std::round(value * scale) / scale;
}

// A value already rounded to three significant digits, printed without an exponent: the
// decimals shown are those the three digits need.
std::string plain(double value) {
  const double magnitude = std::fabs(value);
  // Thresholds half a unit low: a value rounded to 100 may be stored as 99.999...
  const int decimals = magnitude >= 99.5 || magnitude == 0 ? 0 : magnitude >= 9.95 ? 1 : 2;
  std::array<char, 48> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
  return buffer.data();
}

} // namespace

std::string format_duration_ns(double ns) {
  if (!std::isfinite(ns)) {
    return "n/a";
  }
  const double rounded = round3(ns);
  const double magnitude = std::fabs(rounded);
  if (magnitude < 1e3) {
    return plain(std::round(rounded)) + " ns";
  }
  if (magnitude < 1e6) {
    return plain(rounded / 1e3) + " µs";
  }
  if (magnitude < 1e9) {
    return plain(rounded / 1e6) + " ms";
  }
  if (magnitude < 60e9) {
    return plain(rounded / 1e9) + " s";
  }
  const auto total_s = static_cast<long long>(std::llround(ns / 1e9));
  const long long abs_s = total_s < 0 ? -total_s : total_s;
  std::array<char, 48> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%s%lldm %02llds", total_s < 0 ? "-" : "", abs_s / 60,
                abs_s % 60);
  return buffer.data();
}

std::string format_number(double value) {
  if (!std::isfinite(value)) {
    return "n/a";
  }
  const double rounded = round3(value);
  // Three significant digits of a large number would print as 12300 for 12346: keep it whole.
  return std::fabs(value) >= 1000 ? plain(std::round(value)) : plain(rounded);
}

std::string format_percent(double fraction) {
  if (!std::isfinite(fraction)) {
    return "n/a";
  }
  std::array<char, 48> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.2f%%", fraction * 100);
  return buffer.data();
}

std::string format_count(std::uint64_t count) {
  return std::to_string(count);
}

std::string iso8601_utc(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto whole = floor<seconds>(when);
  const auto ms = duration_cast<milliseconds>(when - whole).count();
  const std::time_t t = system_clock::to_time_t(whole);
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::array<char, 40> buffer{};
  const std::size_t n = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buffer.data() + n, buffer.size() - n, ".%03dZ", static_cast<int>(ms));
  return buffer.data();
}

} // namespace chatbench::report
