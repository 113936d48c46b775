#include "capacity/plan.hpp"

#include <algorithm>
#include <cmath>

namespace chatbench::capacity {

double round_significant(double value, int digits) {
  if (!(value > 0) || !std::isfinite(value)) {
    return value;
  }
  const double scale = std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(value))));
  return std::round(value * scale) / scale;
}

std::vector<double> spread_rates(double baseline_rate, double saturation_rate,
                                 std::uint32_t steps) {
  std::vector<double> rates;
  if (!(baseline_rate > 0) || !(saturation_rate > 0) || steps == 0) {
    return rates;
  }
  const double top = saturation_rate;
  const double bottom = top > baseline_rate * 1.1 ? baseline_rate : top / (steps + 1);
  for (std::uint32_t i = 1; i <= steps; ++i) {
    const double rate = round_significant(bottom + (top - bottom) * i / steps, 3);
    if (rates.empty() || rate > rates.back()) {
      rates.push_back(rate);
    }
  }
  return rates;
}

std::vector<double> spread_concurrencies(double saturation_rate, double baseline_e2e_s,
                                         std::uint32_t probe_concurrency, std::uint32_t steps) {
  std::vector<double> levels;
  if (steps == 0) {
    return levels;
  }
  const double at_saturation = std::max(saturation_rate * baseline_e2e_s, 1.0);
  const double top =
      std::clamp(std::ceil(1.5 * at_saturation), 2.0, std::max(2.0, double(probe_concurrency)));
  for (std::uint32_t i = 1; i <= steps; ++i) {
    const double level = std::round(std::pow(top, static_cast<double>(i) / steps));
    if (level > 1 && (levels.empty() || level > levels.back())) {
      levels.push_back(level);
    }
  }
  return levels;
}

} // namespace chatbench::capacity
