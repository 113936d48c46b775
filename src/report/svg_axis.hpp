#pragma once
// The axis half of svg_chart.cpp, private to report/: numbers as SVG and tick labels print them,
// "nice" ticks per scale, which values a chart can use, and fitting an axis' domain to the data.
// Pure functions; thread-safe.
#include "report/svg_chart.hpp"

#include <limits>
#include <string>
#include <vector>

namespace chatbench::report::svg::detail {

inline constexpr int k_max_nines = 9;           ///< the tail axis' last tick: 1 - 1e-9
inline constexpr double k_max_magnitude = 1e30; ///< larger values are not drawn

/// `value` with at most `decimals` decimals, without trailing zeros or "-0"; locale-free.
std::string fixed(double value, int decimals);
/// A coordinate: clamped to +-1e5 (clipped anyway), two decimals.
std::string num(double value);
/// A number for a tick label: "0.5", "12.3k", "1.5M".
std::string plain_number(double value);
/// A value as `axis` labels it (a tail axis always in percent).
std::string axis_label(double value, const Axis &axis);

/// Finite and within +-k_max_magnitude (and positive enough on log axes, >= 0 on tail axes).
bool usable(double value, Scale scale);

/// The extent of the usable values seen on one axis (lo > hi when none).
struct Extent {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double value, Scale scale);
};

/// An axis' domain and its ticks.
struct AxisFit {
  double lo = 0;
  double hi = 1;
  std::vector<double> ticks;
};

/// The domain: fixed bounds where given, else the data widened to the outer ticks.
AxisFit fit_axis(const Axis &axis, const Extent &data, bool include_zero, int target);

/// A value in the axis' own space: log10 for log axes, -log10(1 - q) for tail axes.
double forward(double value, Scale scale);

} // namespace chatbench::report::svg::detail
