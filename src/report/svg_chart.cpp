#include "report/svg_chart.hpp"

#include "report/format.hpp"
#include "report/junit.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

namespace chatbench::report::svg {
namespace {

constexpr std::size_t k_max_path_points = 2000;
constexpr std::size_t k_max_circles = 4000;
constexpr double k_char_px = 6.6; // the average advance of a 12px system-ui character
constexpr double k_legend_row_px = 18;
constexpr double k_legend_gap_px = 16;
constexpr int k_max_nines = 9;
constexpr double k_max_magnitude = 1e30;
constexpr const char *k_font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
constexpr const char *k_ink = "#374151";   // axis labels, legend
constexpr const char *k_muted = "#6b7280"; // tick labels, the empty note
constexpr const char *k_grid = "#e5e7eb";
constexpr const char *k_frame = "#d1d5db";
constexpr const char *k_reference = "#4b5563";

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

std::string axis_label(double value, const Axis &axis) {
  return format_tick(value, axis.scale == Scale::tail ? Unit::fraction : axis.unit);
}

// --- ticks --------------------------------------------------------------------------------

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

// Finite and within +-1e30 (and not below 1e-30 on log axes), so that spans, ticks and pixel
// arithmetic cannot overflow.
bool usable(double value, Scale scale) {
  return std::isfinite(value) && std::fabs(value) <= k_max_magnitude &&
         (scale != Scale::log10 || value >= 1 / k_max_magnitude) &&
         (scale != Scale::tail || value >= 0);
}

struct Bar {
  double x0, x1, y0, y1; // y0: where it starts (0, or the top of the bar below it)
};

// A series as drawn: usable points only, in runs broken where a point was not, thinned.
struct Shape {
  const Series *series = nullptr;
  std::string color;
  std::vector<std::vector<Point>> runs;
  std::vector<Bar> bars;
  bool empty() const { return runs.empty() && bars.empty(); }
};

// The first, the last and each bucket's lowest and highest point: the shape and the
// extremes survive, whatever the bucket size.
std::vector<Point> thin_extremes(const std::vector<Point> &run, std::size_t cap) {
  if (run.size() <= cap) {
    return run;
  }
  const std::size_t buckets = std::max<std::size_t>(1, cap / 4);
  const std::size_t size = (run.size() + buckets - 1) / buckets;
  std::vector<Point> out;
  for (std::size_t begin = 0; begin < run.size(); begin += size) {
    const std::size_t end = std::min(run.size(), begin + size);
    std::size_t low = begin;
    std::size_t high = begin;
    for (std::size_t i = begin; i < end; ++i) {
      low = run[i].y < run[low].y ? i : low;
      high = run[i].y > run[high].y ? i : high;
    }
    std::array<std::size_t, 4> keep{begin, low, high, end - 1};
    std::sort(keep.begin(), keep.end());
    for (std::size_t k = 0; k < keep.size(); ++k) {
      if (k == 0 || keep[k] != keep[k - 1]) {
        out.push_back(run[keep[k]]);
      }
    }
  }
  return out;
}

std::vector<std::vector<Point>> runs_of(const Series &series, const Chart &chart) {
  std::vector<std::vector<Point>> runs(1);
  std::size_t total = 0;
  for (const Point &p : series.points) {
    if (usable(p.x, chart.x.scale) && usable(p.y, chart.y.scale)) {
      runs.back().push_back(p);
      ++total;
    } else if (!runs.back().empty()) {
      runs.emplace_back();
    }
  }
  if (runs.back().empty()) {
    runs.pop_back();
  }
  if (series.mark == Mark::points) { // gaps mean nothing to a scatter: every k-th point
    std::vector<Point> all;
    for (const auto &run : runs) {
      all.insert(all.end(), run.begin(), run.end());
    }
    const std::size_t stride = (total + k_max_circles - 1) / k_max_circles;
    std::vector<Point> kept;
    for (std::size_t i = 0; i < all.size(); i += std::max<std::size_t>(stride, 1)) {
      kept.push_back(all[i]);
    }
    if (kept.empty()) {
      return {};
    }
    return {std::move(kept)};
  }
  for (auto &run : runs) {
    run = thin_extremes(run, std::max<std::size_t>(4, k_max_path_points * run.size() / total));
  }
  return runs;
}

using StackTops = std::map<std::tuple<double, double, bool>, double>;

std::vector<Bar> bars_of(const Series &series, const Chart &chart, StackTops &tops) {
  std::vector<Bar> bars;
  for (std::size_t i = 0; i + 1 < series.points.size(); ++i) {
    const double x0 = series.points[i].x;
    const double x1 = series.points[i + 1].x;
    const double y = series.points[i].y;
    if (!usable(x0, chart.x.scale) || !usable(x1, chart.x.scale) || !std::isfinite(y) || x0 == x1) {
      continue;
    }
    double base = 0;
    if (chart.stack_bars) { // negative values stack downwards, apart from the positive ones
      double &top = tops[{std::min(x0, x1), std::max(x0, x1), y < 0}];
      base = top;
      top += y;
    }
    if (usable(base + y, chart.y.scale)) {
      bars.push_back({x0, x1, base, base + y});
    }
  }
  return bars;
}

std::vector<Shape> shapes_of(const Chart &chart) {
  std::vector<Shape> shapes;
  std::size_t next_color = 0;
  StackTops tops;
  for (const Series &series : chart.series) {
    Shape shape;
    shape.series = &series;
    shape.color = !series.color.empty() ? series.color
                                        : std::string(palette()[next_color++ % palette().size()]);
    if (series.mark == Mark::bars) {
      shape.bars = bars_of(series, chart, tops);
    } else {
      shape.runs = runs_of(series, chart);
    }
    shapes.push_back(std::move(shape));
  }
  return shapes;
}

// --- axes ---------------------------------------------------------------------------------

struct Extent {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double value, Scale scale) {
    if (usable(value, scale) && !(scale == Scale::tail && value >= 1)) { // q >= 1 is clamped
      lo = std::min(lo, value);
      hi = std::max(hi, value);
    }
  }
};

Extent extent_of(const std::vector<Shape> &shapes, const Chart &chart, bool x) {
  const Scale scale = x ? chart.x.scale : chart.y.scale;
  Extent extent;
  for (const Shape &shape : shapes) {
    for (const auto &run : shape.runs) {
      for (const Point &p : run) {
        extent.add(x ? p.x : p.y, scale);
      }
    }
    for (const Bar &bar : shape.bars) {
      extent.add(x ? bar.x0 : bar.y0, scale);
      extent.add(x ? bar.x1 : bar.y1, scale);
    }
  }
  const auto direction = x ? Reference::Direction::vertical : Reference::Direction::horizontal;
  for (const Reference &reference : chart.references) {
    if (reference.direction == direction) {
      extent.add(reference.value, scale);
    }
  }
  return extent;
}

struct AxisFit {
  double lo = 0;
  double hi = 1;
  std::vector<double> ticks;
};

std::vector<double> axis_ticks(double lo, double hi, const Axis &axis, int target) {
  if (axis.scale == Scale::linear && axis.unit == Unit::seconds && hi - lo >= 90) {
    return seconds_ticks(lo, hi, target);
  }
  if (axis.scale == Scale::linear) {
    return linear_ticks(lo, hi, target, axis.unit == Unit::count ? 1 : 0);
  }
  return ticks(lo, hi, axis.scale, target);
}

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

// Data value -> pixel on one axis; log10 values <= 0 go to the low end, q >= 1 to the high end.
struct Mapper {
  Scale scale;
  double f_lo;
  double f_hi;
  double px_lo;
  double px_hi;
  Mapper(Scale s, const AxisFit &fit, double from_px, double to_px)
      : scale(s), f_lo(forward(fit.lo, s)), f_hi(forward(fit.hi, s)), px_lo(from_px), px_hi(to_px) {
  }
  double operator()(double value) const {
    const double f = scale == Scale::log10 && value <= 0  ? f_lo
                     : scale == Scale::tail && value >= 1 ? f_hi
                                                          : forward(value, scale);
    const double t = f_hi > f_lo ? (f - f_lo) / (f_hi - f_lo) : 0.5;
    return px_lo + t * (px_hi - px_lo);
  }
};

// --- layout -------------------------------------------------------------------------------

double text_px(std::string_view text) {
  const auto chars = std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80; // UTF-8 lead bytes
  });
  return static_cast<double>(chars) * k_char_px;
}

struct LegendItem {
  const Shape *shape;
  double width_px;
};

struct Legend {
  bool top = false; // one row above the plot, right-aligned; else rows below it
  std::vector<std::vector<LegendItem>> rows;
};

Legend plan_legend(const std::vector<Shape> &shapes, double available_px) {
  Legend legend;
  if (shapes.size() < 2) {
    return legend;
  }
  legend.rows.emplace_back();
  double used_px = 0;
  double total_px = -k_legend_gap_px;
  for (const Shape &shape : shapes) {
    const LegendItem item{&shape, 22 + text_px(shape.series->name)};
    total_px += k_legend_gap_px + item.width_px;
    if (!legend.rows.back().empty() && used_px + k_legend_gap_px + item.width_px > available_px) {
      legend.rows.emplace_back();
      used_px = 0;
    }
    used_px += (legend.rows.back().empty() ? 0 : k_legend_gap_px) + item.width_px;
    legend.rows.back().push_back(item);
  }
  legend.top = shapes.size() <= 4 && total_px <= available_px;
  if (legend.top) { // the wrapping above was for the rows below
    std::vector<LegendItem> row;
    for (const auto &r : legend.rows) {
      row.insert(row.end(), r.begin(), r.end());
    }
    legend.rows = {row};
  }
  return legend;
}

struct Frame { // the plot area, in pixels
  double left = 0;
  double top = 0;
  double right = 0;
  double bottom = 0;
};

struct Layout {
  Frame frame;
  AxisFit x;
  AxisFit y;
  Legend legend;
};

double widest_label_px(const AxisFit &fit, const Axis &axis) {
  double widest = 0;
  for (const double t : fit.ticks) {
    widest = std::max(widest, text_px(axis_label(t, axis)));
  }
  return widest;
}

// Fewer x ticks until their labels do not touch.
AxisFit fit_x_axis(const Chart &chart, const std::vector<Shape> &shapes, const Frame &f) {
  const Extent extent = extent_of(shapes, chart, true);
  for (int target = std::clamp(static_cast<int>((f.right - f.left) / 90), 2, 10);; --target) {
    AxisFit fit = fit_axis(chart.x, extent, false, target);
    const Mapper map(chart.x.scale, fit, f.left, f.right);
    double gap_px = std::numeric_limits<double>::infinity();
    for (std::size_t i = 1; i < fit.ticks.size(); ++i) {
      gap_px = std::min(gap_px, map(fit.ticks[i]) - map(fit.ticks[i - 1]));
    }
    if (target <= 2 || gap_px >= widest_label_px(fit, chart.x) + 8) {
      return fit;
    }
  }
}

Layout lay_out(const Chart &chart, const std::vector<Shape> &shapes, bool empty) {
  const double width = std::max(chart.width, 1);
  const double height = std::max(chart.height, 1);
  Layout layout;
  layout.legend = empty ? Legend{} : plan_legend(shapes, width - 16);
  const bool below = !layout.legend.rows.empty() && !layout.legend.top;
  Frame &f = layout.frame;
  f.top = layout.legend.top ? 30 : 12;
  f.bottom = height - 22 - (chart.x.label.empty() ? 0 : 18) -
             (below ? static_cast<double>(layout.legend.rows.size()) * k_legend_row_px + 8 : 0);
  f.bottom = std::max(f.bottom, f.top + 10);
  const int y_target = std::clamp(static_cast<int>((f.bottom - f.top) / 45), 2, 8);
  layout.y = fit_axis(chart.y, extent_of(shapes, chart, false), chart.y_from_zero, y_target);
  f.left =
      8 + (chart.y.label.empty() ? 0 : 18) + (empty ? 8 : widest_label_px(layout.y, chart.y)) + 8;
  f.right = std::max(width - 16, f.left + 10);
  layout.x = fit_x_axis(chart, shapes, f);
  if (!empty && !layout.x.ticks.empty()) { // room for half the last label
    const double half_px = text_px(axis_label(layout.x.ticks.back(), chart.x)) / 2;
    f.right = std::max(width - std::max(16.0, half_px + 4), f.left + 10);
  }
  return layout;
}

// --- drawing ------------------------------------------------------------------------------

struct Canvas {
  const Chart &chart;
  const Layout &layout;
  Mapper x;
  Mapper y;
  std::string clip_id;
};

std::string sanitize_id(std::string_view id) {
  std::string out;
  for (const char c : id) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    out += keep ? c : c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : '-';
  }
  return out.empty() ? "chart" : out;
}

void open_figure(std::string &out, const Chart &chart, const std::string &id) {
  const std::string title = xml_escape(chart.title);
  const std::string w = std::to_string(std::max(chart.width, 1));
  const std::string h = std::to_string(std::max(chart.height, 1));
  out += "<figure class=\"chart\" id=\"" + id + "\">\n<figcaption>" + title + "</figcaption>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" +
         w + "\" height=\"" + h + "\" role=\"img\" aria-label=\"" + title + "\" font-family=\"" +
         k_font + "\" font-size=\"12\">\n";
  out += "<rect class=\"chart-bg\" width=\"" + w + "\" height=\"" + h + "\" fill=\"#ffffff\"/>\n";
}

std::string line_xml(double x1, double y1, double x2, double y2) {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\"";
}

void draw_grid(std::string &out, const Canvas &c) {
  const Frame &f = c.layout.frame;
  out +=
      std::string("<g class=\"grid\" stroke=\"") + k_grid + "\" shape-rendering=\"crispEdges\">\n";
  for (const double t : c.layout.y.ticks) {
    out += line_xml(f.left, c.y(t), f.right, c.y(t)) + "/>\n";
  }
  for (const double t : c.layout.x.ticks) {
    out += line_xml(c.x(t), f.top, c.x(t), f.bottom) + "/>\n";
  }
  out +=
      std::string("</g>\n<g class=\"ticks x\" fill=\"") + k_muted + "\" text-anchor=\"middle\">\n";
  for (const double t : c.layout.x.ticks) {
    out += "<text x=\"" + num(c.x(t)) + "\" y=\"" + num(f.bottom + 16) + "\">" +
           xml_escape(axis_label(t, c.chart.x)) + "</text>\n";
  }
  out += std::string("</g>\n<g class=\"ticks y\" fill=\"") + k_muted + "\" text-anchor=\"end\">\n";
  for (const double t : c.layout.y.ticks) {
    out += "<text x=\"" + num(f.left - 6) + "\" y=\"" + num(c.y(t)) + "\" dy=\"0.32em\">" +
           xml_escape(axis_label(t, c.chart.y)) + "</text>\n";
  }
  out += "</g>\n";
}

void draw_frame(std::string &out, const Chart &chart, const Frame &f) {
  out += "<rect class=\"plot-frame\" x=\"" + num(f.left) + "\" y=\"" + num(f.top) + "\" width=\"" +
         num(f.right - f.left) + "\" height=\"" + num(f.bottom - f.top) +
         "\" fill=\"none\" stroke=\"" + k_frame + "\" shape-rendering=\"crispEdges\"/>\n";
  if (!chart.x.label.empty()) {
    out += "<text class=\"axis-label\" x=\"" + num((f.left + f.right) / 2) + "\" y=\"" +
           num(f.bottom + 36) + "\" text-anchor=\"middle\" fill=\"" + k_ink + "\">" +
           xml_escape(chart.x.label) + "</text>\n";
  }
  if (!chart.y.label.empty()) {
    out += "<text class=\"axis-label\" transform=\"translate(16," + num((f.top + f.bottom) / 2) +
           ") rotate(-90)\" text-anchor=\"middle\" fill=\"" + k_ink + "\">" +
           xml_escape(chart.y.label) + "</text>\n";
  }
}

std::string path_d(const std::vector<Point> &run, Mark mark, const Canvas &c) {
  std::string d;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const std::string px = num(c.x(run[i].x));
    const std::string py = num(c.y(run[i].y));
    d += i == 0               ? "M" + px + "," + py
         : mark == Mark::step ? "H" + px + "V" + py
                              : "L" + px + "," + py;
  }
  return run.size() == 1 ? d + "h0" : d; // a lone point shows as a dot (round caps)
}

void draw_paths(std::string &out, const Shape &shape, const Canvas &c) {
  const Series &series = *shape.series;
  const std::string color = xml_escape(shape.color);
  const AxisFit &y = c.layout.y;
  const std::string base =
      num(c.y(c.chart.y.scale == Scale::linear ? std::clamp(0.0, y.lo, y.hi) : y.lo));
  for (const auto &run : shape.runs) {
    const std::string d = path_d(run, series.mark, c);
    if (series.mark == Mark::area) {
      out += "<path class=\"area\" d=\"M" + num(c.x(run.front().x)) + "," + base + "L" +
             d.substr(1) + "L" + num(c.x(run.back().x)) + "," + base + "Z\" fill=\"" + color +
             "\" fill-opacity=\"0.18\" stroke=\"none\"/>\n";
    }
    out += "<path class=\"line\" d=\"" + d + "\" fill=\"none\" stroke=\"" + color +
           "\" stroke-width=\"1.75\" stroke-linejoin=\"round\" stroke-linecap=\"round\"" +
           (series.dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>\n";
  }
}

void draw_points(std::string &out, const Shape &shape, const Canvas &c) {
  for (const auto &run : shape.runs) {
    for (const Point &p : run) {
      out += "<circle cx=\"" + num(c.x(p.x)) + "\" cy=\"" + num(c.y(p.y)) + "\" r=\"2.5\"><title>" +
             xml_escape(axis_label(p.x, c.chart.x) + ", " + axis_label(p.y, c.chart.y)) +
             "</title></circle>\n";
    }
  }
}

void draw_bars(std::string &out, const Shape &shape, const Canvas &c) {
  for (const Bar &bar : shape.bars) {
    double left = std::min(c.x(bar.x0), c.x(bar.x1));
    double width = std::fabs(c.x(bar.x1) - c.x(bar.x0));
    if (width >= 4) { // a hairline between neighbouring bars
      left += 0.5;
      width -= 1;
    }
    const double top = std::min(c.y(bar.y0), c.y(bar.y1));
    const std::string title = axis_label(bar.x0, c.chart.x) + " – " +
                              axis_label(bar.x1, c.chart.x) + ": " +
                              axis_label(bar.y1 - bar.y0, c.chart.y);
    out += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(width) +
           "\" height=\"" + num(std::fabs(c.y(bar.y1) - c.y(bar.y0))) + "\"><title>" +
           xml_escape(title) + "</title></rect>\n";
  }
}

void draw_series(std::string &out, const Shape &shape, const Canvas &c) {
  const Mark mark = shape.series->mark;
  out += "<g class=\"series\" data-name=\"" + xml_escape(shape.series->name) +
         "\" clip-path=\"url(#" + c.clip_id + ")\"";
  if (mark == Mark::points || mark == Mark::bars) {
    const auto bar_series = std::count_if(c.chart.series.begin(), c.chart.series.end(),
                                          [](const Series &s) { return s.mark == Mark::bars; });
    const bool overlaid = mark == Mark::bars && bar_series > 1 && !c.chart.stack_bars;
    out += " fill=\"" + xml_escape(shape.color) + "\" fill-opacity=\"" +
           (mark == Mark::points ? "0.75"
            : overlaid           ? "0.55"
                                 : "0.85") +
           "\"";
  }
  out += ">\n";
  if (mark == Mark::points) {
    draw_points(out, shape, c);
  } else if (mark == Mark::bars) {
    draw_bars(out, shape, c);
  } else {
    draw_paths(out, shape, c);
  }
  out += "</g>\n";
}

void draw_reference(std::string &out, const Reference &reference, const Canvas &c) {
  const Frame &f = c.layout.frame;
  const bool vertical = reference.direction == Reference::Direction::vertical;
  const AxisFit &fit = vertical ? c.layout.x : c.layout.y;
  const double slack = (fit.hi - fit.lo) * 1e-9;
  if (!usable(reference.value, vertical ? c.chart.x.scale : c.chart.y.scale) ||
      reference.value < fit.lo - slack || reference.value > fit.hi + slack) {
    return; // outside fixed bounds
  }
  const double at = vertical ? c.x(reference.value) : c.y(reference.value);
  out += (vertical ? line_xml(at, f.top, at, f.bottom) : line_xml(f.left, at, f.right, at)) +
         " class=\"reference\" stroke=\"" + k_reference + "\" stroke-dasharray=\"4 3\"/>\n";
  if (reference.label.empty()) {
    return;
  }
  const double label_px = text_px(reference.label);
  double x = vertical ? at + 4 : f.right - 4;
  double y = vertical ? f.top + 14 : at - 5;
  const bool flip = vertical ? x + label_px > f.right : y - 12 < f.top;
  x = vertical && flip ? at - 4 : x;
  y = !vertical && flip ? at + 14 : y;
  const bool end = !vertical || flip;
  out += "<text class=\"reference-label\" x=\"" + num(x) + "\" y=\"" + num(y) +
         "\" text-anchor=\"" + (end ? "end" : "start") + "\" fill=\"" + k_ink +
         "\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">" +
         xml_escape(reference.label) + "</text>\n";
}

std::string swatch(const Shape &shape) {
  const std::string color = xml_escape(shape.color);
  switch (shape.series->mark) {
  case Mark::points:
    return "<circle cx=\"8\" r=\"3.5\" fill=\"" + color + "\"/>";
  case Mark::bars:
  case Mark::area:
    return "<rect y=\"-5\" width=\"16\" height=\"10\" fill=\"" + color +
           "\" fill-opacity=\"0.85\"/>";
  case Mark::line:
  case Mark::step:
    break;
  }
  return "<line x2=\"16\" stroke=\"" + color + "\" stroke-width=\"2\"" +
         (shape.series->dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>";
}

void draw_legend(std::string &out, const Canvas &c) {
  const Legend &legend = c.layout.legend;
  const Frame &f = c.layout.frame;
  if (legend.rows.empty()) {
    return;
  }
  out += std::string("<g class=\"legend\" fill=\"") + k_ink + "\">\n";
  const double first_row = f.bottom + (c.chart.x.label.empty() ? 22 : 40) + 8 + k_legend_row_px / 2;
  for (std::size_t r = 0; r < legend.rows.size(); ++r) {
    double row_px = -k_legend_gap_px;
    for (const LegendItem &item : legend.rows[r]) {
      row_px += k_legend_gap_px + item.width_px;
    }
    double x = legend.top ? std::max(8.0, f.right - row_px) : f.left;
    const double y = legend.top ? 14 : first_row + static_cast<double>(r) * k_legend_row_px;
    for (const LegendItem &item : legend.rows[r]) {
      out += "<g class=\"legend-item\" transform=\"translate(" + num(x) + "," + num(y) + ")\">" +
             swatch(*item.shape) + "<text x=\"22\" dy=\"0.32em\">" +
             xml_escape(item.shape->series->name) + "</text></g>\n";
      x += item.width_px + k_legend_gap_px;
    }
  }
  out += "</g>\n";
}

void draw_plot(std::string &out, const Chart &chart, const std::vector<Shape> &shapes,
               const Layout &layout, const std::string &id) {
  const Frame &f = layout.frame;
  const Canvas c{chart, layout, Mapper(chart.x.scale, layout.x, f.left, f.right),
                 Mapper(chart.y.scale, layout.y, f.bottom, f.top), id + "-clip"};
  // 4 px of slack so that markers and strokes on the plot's edge are not cut in half.
  out += "<defs><clipPath id=\"" + c.clip_id + "\"><rect x=\"" + num(f.left - 4) + "\" y=\"" +
         num(f.top - 4) + "\" width=\"" + num(f.right - f.left + 8) + "\" height=\"" +
         num(f.bottom - f.top + 8) + "\"/></clipPath></defs>\n";
  draw_grid(out, c);
  draw_frame(out, chart, f);
  for (const Shape &shape : shapes) {
    draw_series(out, shape, c);
  }
  if (!chart.references.empty()) {
    out += "<g class=\"references\">\n";
    for (const Reference &reference : chart.references) {
      draw_reference(out, reference, c);
    }
    out += "</g>\n";
  }
  draw_legend(out, c);
}

} // namespace

std::string render(const Chart &chart) {
  const std::vector<Shape> shapes = shapes_of(chart);
  const bool empty =
      std::all_of(shapes.begin(), shapes.end(), [](const Shape &s) { return s.empty(); });
  const Layout layout = lay_out(chart, shapes, empty);
  const std::string id = sanitize_id(chart.id);
  std::string out;
  open_figure(out, chart, id);
  if (empty) {
    const Frame &f = layout.frame;
    draw_frame(out, chart, f);
    out += "<text class=\"empty-note\" x=\"" + num((f.left + f.right) / 2) + "\" y=\"" +
           num((f.top + f.bottom) / 2) + "\" dy=\"0.32em\" text-anchor=\"middle\" fill=\"" +
           k_muted + "\">" + xml_escape(chart.empty_note) + "</text>\n";
  } else {
    draw_plot(out, chart, shapes, layout, id);
  }
  out += "</svg>\n</figure>\n";
  return out;
}

const std::vector<std::string_view> &palette() {
  // Okabe-Ito, reordered for a white background: blue and orange first, yellow last.
  static const std::vector<std::string_view> colors{"#0072b2", "#e69f00", "#009e73", "#d55e00",
                                                    "#cc79a7", "#56b4e9", "#000000", "#f0e442"};
  return colors;
}

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
