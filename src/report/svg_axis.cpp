#include "report/svg_axis.hpp"

#include "report/format.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace chatbench::report::svg {
namespace detail {

// --- numbers ------------------------------------------------------------------------------

// `value` with at most `decimals` decimals, without trailing zeros or "-0"; to_chars, not
// printf, so that no locale can change the bytes.
std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) {
    return "0";
  }
  std::array<char, 400> buffer{}; // 1e308 has 309 digits
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::fixed, decimals);
  std::string text(buffer.data(), result.ptr);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') {
      text.pop_back();
    }
  }
  return text == "-0" ? "0" : text;
}

// A coordinate: far-off values are clamped (they are clipped anyway) so nothing prints huge.
std::string num(double value) {
  return fixed(std::clamp(value, -1e5, 1e5), 2);
}

namespace {

// Trailing zeros of the first decimal number in `text` removed: "20.0 s" -> "20 s".
std::string strip_zeros(std::string text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos) {
    return text;
  }
  std::size_t end = text.find_first_not_of("0123456789", dot + 1);
  end = end == std::string::npos ? text.size() : end;
  std::size_t last = end;
  while (last > dot + 1 && text[last - 1] == '0') {
    --last;
  }
  text.erase(last == dot + 1 ? dot : last, end - (last == dot + 1 ? dot : last));
  return text;
}

// "1.5e20": three significant digits, for values no unit suffix makes short.
std::string scientific(double value) {
  if (!std::isfinite(value)) { // a huge fraction times 100
    return "n/a";
  }
  std::array<char, 48> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::scientific, 2);
  std::string text(buffer.data(), result.ptr); // "-1.50e+20"
  const std::size_t e = text.find('e');
  std::string mantissa = strip_zeros(text.substr(0, e));
  const int exponent = std::stoi(text.substr(e + 1));
  return mantissa + "e" + std::to_string(exponent);
}

} // namespace

std::string plain_number(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e12) {
    return scientific(value);
  }
  if (magnitude >= 1e4) {
    double scaled = value / 1e3;
    const char *suffix = "k";
    if (std::fabs(scaled) >= 999.5) {
      scaled = value / 1e6;
      suffix = "M";
    }
    if (std::fabs(scaled) >= 999.5) {
      scaled = value / 1e9;
      suffix = "G";
    }
    return strip_zeros(format_number(scaled)) + suffix;
  }
  if (magnitude > 0 && magnitude < 0.01) { // format_number would print "0.00"
    const int decimals = std::min(12, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
    return fixed(value, decimals);
  }
  return strip_zeros(format_number(value));
}

namespace {

// Three significant digits, and as many more decimals as 99.99...% needs not to read "100%".
std::string percent(double fraction) {
  const double p = fraction * 100;
  const double magnitude = std::fabs(p);
  if (magnitude >= 1e6) {
    return plain_number(p) + "%";
  }
  int decimals = magnitude >= 10  ? 1
                 : magnitude >= 1 ? 2
                 : magnitude == 0
                     ? 0
                     : std::min(6, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
  while (decimals < 6 && magnitude < 100 &&
         std::round(magnitude * std::pow(10.0, decimals)) >= 100 * std::pow(10.0, decimals)) {
    ++decimals;
  }
  return fixed(p, decimals) + "%";
}

} // namespace

std::string axis_label(double value, const Axis &axis) {
  return format_tick(value, axis.scale == Scale::tail ? Unit::fraction : axis.unit);
}

// --- ticks --------------------------------------------------------------------------------

namespace {

std::vector<double> linear_ticks(double lo, double hi, int target, double min_step) {
  if (!(hi > lo)) {
    return {lo};
  }
  const double raw = (hi - lo) / std::max(target, 1);
  if (!std::isfinite(raw) || raw <= 0) {
    return {lo, hi};
  }
  int exponent = static_cast<int>(std::floor(std::log10(raw)));
  const double mantissa = raw / std::pow(10.0, exponent);
  // Thresholds at the geometric means (sqrt 2, sqrt 10, sqrt 50), as d3 does.
  double digit = mantissa < 1.414 ? 1 : mantissa < 3.162 ? 2 : mantissa < 7.071 ? 5 : 10;
  if (digit * std::pow(10.0, exponent) < min_step) {
    digit = min_step;
    exponent = 0;
  }
  // i * digit / 10^k rather than i * (digit * 10^-k): 3 steps of 0.1 give 0.3, not 0.30...04.
  const auto value = [&](double i) {
    return (exponent >= 0 ? i * digit * std::pow(10.0, exponent)
                          : i * digit / std::pow(10.0, -exponent)) +
           0.0; // no -0
  };
  const double step = value(1);
  const double first = std::floor(lo / step + 1e-9);
  const double last = std::ceil(hi / step - 1e-9);
  if (last - first > 1000) {
    return {lo, hi};
  }
  std::vector<double> out;
  for (double i = first; i <= last; ++i) {
    out.push_back(value(i));
  }
  return out;
}

// Elapsed time: steps people count in (15 s, 1 min, 5 min, 1 h), not 200 s.
std::vector<double> seconds_ticks(double lo, double hi, int target) {
  constexpr std::array<double, 14> k_steps{15,   30,   60,   120,   300,   600,   900,
                                           1800, 3600, 7200, 14400, 21600, 43200, 86400};
  double step = k_steps.back();
  for (const double candidate : k_steps) {
    if ((hi - lo) / candidate <= target) {
      step = candidate;
      break;
    }
  }
  std::vector<double> out;
  for (double i = std::floor(lo / step); i <= std::ceil(hi / step) && out.size() < 1000; ++i) {
    out.push_back(i * step + 0.0);
  }
  return out;
}

// The values of `all` (ascending) from the last <= lo to the first >= hi.
std::vector<double> covering(const std::vector<double> &all, double lo, double hi, double slack) {
  std::size_t begin = 0;
  while (begin + 1 < all.size() && all[begin + 1] <= lo + slack) {
    ++begin;
  }
  std::size_t end = begin;
  while (end + 1 < all.size() && all[end] < hi - slack) {
    ++end;
  }
  return {all.begin() + static_cast<std::ptrdiff_t>(begin),
          all.begin() + static_cast<std::ptrdiff_t>(end) + 1};
}

std::vector<double> log_ticks(double lo, double hi, int target) {
  hi = hi > 0 ? hi : 1;
  lo = lo > 0 ? lo : hi / 1000;
  const int e0 = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  const int e1 = std::max(e0, static_cast<int>(std::ceil(std::log10(hi) - 1e-9)));
  std::vector<double> out;
  if (e1 - e0 + 1 >= 3) {
    const int stride = std::max(1, (e1 - e0 + 2 * target - 1) / std::max(1, 2 * target));
    for (int e = e0;; e += stride) {
      out.push_back(std::pow(10.0, e));
      if (e >= e1) {
        return out;
      }
    }
  }
  for (int e = e0; e <= e1; ++e) {
    // 10^(e+1) / 2 is exactly the double nearest 5 x 10^e; 5 * 10^e may be one ulp off.
    out.insert(out.end(), {std::pow(10.0, e), 2 * std::pow(10.0, e), std::pow(10.0, e + 1) / 2});
  }
  return covering(out, lo, hi, hi * 1e-9);
}

std::vector<double> tail_ticks(double lo, double hi) {
  std::vector<double> all{0, 0.5};
  for (int nines = 1; nines <= k_max_nines; ++nines) {
    all.push_back(1 - std::pow(10.0, -nines));
  }
  std::vector<double> out = covering(all, std::max(lo, 0.0), hi >= 1 ? 0.999 : hi, 1e-12);
  if (out.size() == 1 && out.front() < all.back()) { // a range, not a point
    out.push_back(*std::upper_bound(all.begin(), all.end(), out.front()));
  }
  return out;
}

// --- data ---------------------------------------------------------------------------------

} // namespace

// Finite and within +-1e30 (and not below 1e-30 on log axes), so that spans, ticks and pixel
// arithmetic cannot overflow.
bool usable(double value, Scale scale) {
  return std::isfinite(value) && std::fabs(value) <= k_max_magnitude &&
         (scale != Scale::log10 || value >= 1 / k_max_magnitude) &&
         (scale != Scale::tail || value >= 0);
}

// --- axes ---------------------------------------------------------------------------------

void Extent::add(double value, Scale scale) {
  if (usable(value, scale) && !(scale == Scale::tail && value >= 1)) { // q >= 1 is clamped
    lo = std::min(lo, value);
    hi = std::max(hi, value);
  }
}

namespace {

std::vector<double> axis_ticks(double lo, double hi, const Axis &axis, int target) {
  if (axis.scale == Scale::linear && axis.unit == Unit::seconds && hi - lo >= 90) {
    return seconds_ticks(lo, hi, target);
  }
  if (axis.scale == Scale::linear) {
    return linear_ticks(lo, hi, target, axis.unit == Unit::count ? 1 : 0);
  }
  return ticks(lo, hi, axis.scale, target);
}

} // namespace

// The domain: fixed bounds where given, else the data widened to the outer ticks.
AxisFit fit_axis(const Axis &axis, const Extent &data, bool include_zero, int target) {
  const Scale scale = axis.scale;
  const bool empty = data.lo > data.hi;
  double lo = empty ? (scale == Scale::log10 ? 1 : 0) : data.lo;
  double hi = empty ? (scale == Scale::log10 ? 10 : scale == Scale::tail ? 0.99 : 1) : data.hi;
  if (scale == Scale::tail) {
    lo = 0; // "up to the data's max" from 0, however far into the tail the data starts
  } else if (include_zero && scale == Scale::linear) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  const auto settable = [scale](const std::optional<double> &bound) {
    return bound && usable(*bound, scale) && !(scale == Scale::tail && *bound >= 1);
  };
  const bool fixed_lo = settable(axis.min);
  const bool fixed_hi = settable(axis.max);
  lo = fixed_lo ? *axis.min : lo;
  hi = fixed_hi ? *axis.max : hi;
  if (!(hi > lo)) { // one value, or fixed bounds the wrong way round: widen
    if (scale == Scale::tail) {
      lo = fixed_hi && !fixed_lo ? 0 : lo;
      hi = std::max(hi, tail_ticks(lo, lo).back()); // < 1, so that forward() stays finite
    } else if (scale == Scale::log10) {
      lo = fixed_lo && !fixed_hi ? lo : hi / 2;
      hi = fixed_hi && !fixed_lo ? hi : lo * 4;
    } else {
      const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
      lo = fixed_lo && !fixed_hi ? lo : hi - pad;
      hi = fixed_hi && !fixed_lo ? hi : lo + 2 * pad;
    }
  }
  AxisFit fit{lo, hi, axis_ticks(lo, hi, axis, target)};
  fit.lo = fixed_lo || fit.ticks.empty() ? lo : std::min(lo, fit.ticks.front());
  fit.hi = fixed_hi || fit.ticks.empty() ? hi : std::max(hi, fit.ticks.back());
  const double slack = (fit.hi - fit.lo) * 1e-9;
  std::erase_if(fit.ticks, [&](double t) { return t < fit.lo - slack || t > fit.hi + slack; });
  return fit;
}

double forward(double value, Scale scale) {
  switch (scale) {
  case Scale::log10:
    return std::log10(value);
  case Scale::tail:
    return -std::log10(1 - value);
  case Scale::linear:
    break;
  }
  return value;
}

} // namespace detail

using namespace detail;

std::vector<double> ticks(double lo, double hi, Scale scale, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) {
    return {};
  }
  switch (scale) {
  case Scale::log10:
    return log_ticks(lo, hi, target);
  case Scale::tail:
    return tail_ticks(lo, hi);
  case Scale::linear:
    break;
  }
  return linear_ticks(lo, hi, target, 0);
}

std::string format_tick(double value, Unit unit) {
  if (!std::isfinite(value)) {
    return "n/a";
  }
  switch (unit) {
  case Unit::ms:
  case Unit::seconds: {
    const double s = unit == Unit::ms ? value / 1e3 : value;
    if (s == 0) {
      return unit == Unit::ms ? "0 ms" : "0 s";
    }
    // Beyond a year "8766m 00s" says little; format_duration_ns also wants ns below 2^63.
    return std::fabs(s) >= 3.2e7 ? plain_number(s) + " s"
                                 : strip_zeros(format_duration_ns(s * 1e9));
  }
  case Unit::fraction:
    return percent(value);
  case Unit::count:
    return std::fabs(value) >= 1e6 ? plain_number(value) : std::to_string(std::llround(value));
  case Unit::number:
    break;
  }
  return plain_number(value);
}

} // namespace chatbench::report::svg
