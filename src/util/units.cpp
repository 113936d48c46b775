#include "util/units.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace chatbench::util {
namespace {

struct NumberAndSuffix {
  double number = 0;
  std::string_view suffix;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Splits "12.5ms" into 12.5 and "ms". Rejects signs, exponents in odd places and non-finite
// values: a scenario never needs them, and accepting them hides typos.
Result<NumberAndSuffix> split_number(std::string_view text, std::string_view what) {
  const std::string_view s = trim(text);
  const auto fail = [&] {
    return make_error(ErrorCode::invalid_argument,
                      "expected " + std::string(what) + ", found \"" + std::string(text) + "\"");
  };
  if (s.empty() || !((s.front() >= '0' && s.front() <= '9') || s.front() == '.')) {
    return fail();
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || !std::isfinite(value)) {
    return fail();
  }
  const auto consumed = static_cast<std::size_t>(end - s.data());
  return NumberAndSuffix{value, trim(s.substr(consumed))};
}

Unexpected unit_error(std::string_view text, std::string_view what) {
  return make_error(ErrorCode::invalid_argument,
                    "expected " + std::string(what) + ", found \"" + std::string(text) + "\"");
}

} // namespace

Result<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  constexpr std::string_view what = "a duration such as \"250ms\", \"30s\" or \"2m\"";
  auto parsed = split_number(text, what);
  if (!parsed) {
    return Unexpected(std::move(parsed).error());
  }
  struct Unit {
    std::string_view name;
    double ns;
  };
  static constexpr Unit k_units[] = {{"ns", 1.0}, {"us", 1e3}, {"µs", 1e3},   {"ms", 1e6},
                                     {"s", 1e9},  {"m", 60e9}, {"min", 60e9}, {"h", 3600e9}};
  for (const Unit &unit : k_units) {
    if (parsed->suffix == unit.name) {
      const double ns = parsed->number * unit.ns;
      if (ns > static_cast<double>(std::numeric_limits<std::int64_t>::max() / 2)) {
        return unit_error(text, "a duration below 100 years");
      }
      return std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(ns)));
    }
  }
  return unit_error(text, what);
}

Result<double> parse_rate(std::string_view text) {
  constexpr std::string_view what = "a rate such as \"50/s\", \"300/min\" or \"2k/s\"";
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return unit_error(text, what);
  }
  auto count = split_number(text.substr(0, slash), what);
  if (!count) {
    return unit_error(text, what);
  }
  double scale = 1;
  if (count->suffix == "k") {
    scale = 1e3;
  } else if (count->suffix == "M") {
    scale = 1e6;
  } else if (!count->suffix.empty()) {
    return unit_error(text, what);
  }
  const std::string_view per = trim(text.substr(slash + 1));
  double seconds = 0;
  if (per == "s") {
    seconds = 1;
  } else if (per == "ms") {
    seconds = 1e-3;
  } else if (per == "min" || per == "m") {
    seconds = 60;
  } else if (per == "h") {
    seconds = 3600;
  } else {
    return unit_error(text, what);
  }
  const double rate = count->number * scale / seconds;
  if (rate <= 0) {
    return unit_error(text, "a rate above zero");
  }
  return rate;
}

Result<std::uint64_t> parse_count(std::string_view text) {
  constexpr std::string_view what = "a count such as \"500\", \"10k\" or \"2M\"";
  auto parsed = split_number(text, what);
  if (!parsed) {
    return Unexpected(std::move(parsed).error());
  }
  double scale = 1;
  if (parsed->suffix == "k" || parsed->suffix == "K") {
    scale = 1e3;
  } else if (parsed->suffix == "M") {
    scale = 1e6;
  } else if (parsed->suffix == "G") {
    scale = 1e9;
  } else if (!parsed->suffix.empty()) {
    return unit_error(text, what);
  }
  const double value = parsed->number * scale;
  if (value != std::floor(value) || value > 1e18) {
    return unit_error(text, "a whole count such as \"1500\" or \"1.5k\"");
  }
  return static_cast<std::uint64_t>(value);
}

Result<std::uint64_t> parse_bytes(std::string_view text) {
  constexpr std::string_view what = "a size such as \"512\", \"64KiB\" or \"1MB\"";
  auto parsed = split_number(text, what);
  if (!parsed) {
    return Unexpected(std::move(parsed).error());
  }
  struct Unit {
    std::string_view name;
    double bytes;
  };
  static constexpr Unit k_units[] = {
      {"", 1},     {"B", 1},           {"KiB", 1024.0}, {"KB", 1e3},
      {"kB", 1e3}, {"MiB", 1048576.0}, {"MB", 1e6},     {"GiB", 1073741824.0},
      {"GB", 1e9}};
  for (const Unit &unit : k_units) {
    if (parsed->suffix == unit.name) {
      const double value = std::floor(parsed->number * unit.bytes);
      if (value > 1e15) {
        return unit_error(text, "a size below 1 PB");
      }
      return static_cast<std::uint64_t>(value);
    }
  }
  return unit_error(text, what);
}

Result<double> parse_fraction(std::string_view text) {
  constexpr std::string_view what = "a fraction such as \"1%\" or \"0.01\"";
  auto parsed = split_number(text, what);
  if (!parsed) {
    return Unexpected(std::move(parsed).error());
  }
  double value = parsed->number;
  if (parsed->suffix == "%") {
    value /= 100;
  } else if (!parsed->suffix.empty()) {
    return unit_error(text, what);
  }
  if (value > 1) {
    return unit_error(text, "a fraction between 0% and 100%");
  }
  return value;
}

std::string format_duration(std::chrono::nanoseconds value) {
  const double ns = static_cast<double>(value.count());
  const double magnitude = std::fabs(ns);
  char buffer[32];
  if (magnitude < 1e3) {
    std::snprintf(buffer, sizeof buffer, "%.0fns", ns);
  } else if (magnitude < 1e6) {
    std::snprintf(buffer, sizeof buffer, "%.3gµs", ns / 1e3);
  } else if (magnitude < 1e9) {
    std::snprintf(buffer, sizeof buffer, "%.3gms", ns / 1e6);
  } else if (magnitude < 60e9) {
    std::snprintf(buffer, sizeof buffer, "%.3gs", ns / 1e9);
  } else {
    const auto total_s = static_cast<long long>(std::llround(ns / 1e9));
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", total_s / 60, total_s % 60);
  }
  return buffer;
}

} // namespace chatbench::util
