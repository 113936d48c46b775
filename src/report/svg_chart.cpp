#include "report/svg_chart.hpp"

#include "report/junit.hpp"
#include "report/svg_axis.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

namespace chatbench::report::svg {
namespace {

using namespace detail;

constexpr std::size_t k_max_path_points = 2000;
constexpr std::size_t k_max_circles = 4000;
constexpr double k_char_px = 6.6; // the average advance of a 12px system-ui character
constexpr double k_legend_row_px = 18;
constexpr double k_legend_gap_px = 16;
constexpr const char *k_font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
constexpr const char *k_ink = "#374151";   // axis labels, legend
constexpr const char *k_muted = "#6b7280"; // tick labels, the empty note
constexpr const char *k_grid = "#e5e7eb";
constexpr const char *k_frame = "#d1d5db";
constexpr const char *k_reference = "#4b5563";

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
  const bool on_line = shape.series->mark == Mark::line_points;
  const std::string hollow = " class=\"hollow\" fill=\"#ffffff\" fill-opacity=\"1\" stroke=\"" +
                             xml_escape(shape.color) + "\" stroke-width=\"1.5\"";
  for (const auto &run : shape.runs) {
    for (const Point &p : run) {
      out += "<circle cx=\"" + num(c.x(p.x)) + "\" cy=\"" + num(c.y(p.y)) + "\" r=\"" +
             (on_line ? "3.5" : "2.5") + "\"" + (p.hollow ? hollow : "") + "><title>" +
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
  if (mark == Mark::line_points) {
    out += " fill=\"" + xml_escape(shape.color) + "\"";
  } else if (mark == Mark::points || mark == Mark::bars) {
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
  if (mark == Mark::line_points) {
    draw_points(out, shape, c);
  }
  out += "</g>\n";
}

// Where vertical reference labels went, one list of [left, right] pixel spans per row under
// the plot's top: a label that would overlap one before it goes a row lower (two knees close
// together stay readable).
using LabelRows = std::vector<std::vector<std::pair<double, double>>>;

double label_row_px(LabelRows &rows, double left, double right) {
  std::size_t row = 0;
  for (; row < rows.size(); ++row) {
    if (std::none_of(rows[row].begin(), rows[row].end(),
                     [&](const auto &span) { return left < span.second && span.first < right; })) {
      break;
    }
  }
  rows.resize(std::max(rows.size(), row + 1));
  rows[row].emplace_back(left, right);
  return static_cast<double>(row) * 14;
}

void draw_reference(std::string &out, const Reference &reference, const Canvas &c,
                    LabelRows &rows) {
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
  if (vertical) {
    y += label_row_px(rows, end ? x - label_px : x, end ? x : x + label_px);
  }
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
  case Mark::line_points:
    return "<line x2=\"16\" stroke=\"" + color + "\" stroke-width=\"2\"" +
           (shape.series->dashed ? " stroke-dasharray=\"5 3\"" : "") +
           "/><circle cx=\"8\" r=\"3.5\" fill=\"" + color + "\"/>";
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
    LabelRows rows;
    for (const Reference &reference : chart.references) {
      draw_reference(out, reference, c, rows);
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

} // namespace chatbench::report::svg