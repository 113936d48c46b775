// Inline SVG charts: nice ticks on each scale, labels per unit, and the output contract that
// report.html, its stylesheet and the golden files rely on.
#include "report/svg_chart.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace chatbench::report::svg {
namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double k_inf = std::numeric_limits<double>::infinity();

std::size_t occurrences(const std::string &text, const std::string &needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// Every `<tag ...>` start tag of `svg`, in order.
std::vector<std::string> start_tags(const std::string &svg, const std::string &tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + " ";
  for (std::size_t at = svg.find(open); at != std::string::npos; at = svg.find(open, at + 1)) {
    out.push_back(svg.substr(at, svg.find('>', at) - at + 1));
  }
  return out;
}

std::string attribute(const std::string &tag, const std::string &name) {
  const std::string key = " " + name + "=\"";
  const std::size_t at = tag.find(key);
  if (at == std::string::npos) {
    ADD_FAILURE() << "no " << name << " in " << tag;
    return "";
  }
  const std::size_t begin = at + key.size();
  return tag.substr(begin, tag.find('"', begin) - begin);
}

double number(const std::string &tag, const std::string &name) {
  const std::string text = attribute(tag, name);
  return text.empty() ? k_nan : std::stod(text);
}

std::string plot_frame(const std::string &svg) {
  const std::size_t at = svg.find("<rect class=\"plot-frame\"");
  EXPECT_NE(at, std::string::npos) << svg;
  return at == std::string::npos ? "" : svg.substr(at, svg.find('>', at) - at + 1);
}

// The text of the i-th <g class="series"> group, up to its closing tag.
std::string series_group(const std::string &svg, std::size_t i) {
  std::size_t at = svg.find("<g class=\"series\"");
  for (std::size_t k = 0; k < i && at != std::string::npos; ++k) {
    at = svg.find("<g class=\"series\"", at + 1);
  }
  return at == std::string::npos ? "" : svg.substr(at, svg.find("</g>", at) - at);
}

// The y pixel of the tick labelled `label` on the y axis.
double y_tick_px(const std::string &svg, const std::string &label) {
  const std::size_t group = svg.find("<g class=\"ticks y\"");
  const std::size_t at = svg.find(">" + label + "</text>", group);
  if (group == std::string::npos || at == std::string::npos) {
    ADD_FAILURE() << "no y tick " << label;
    return k_nan;
  }
  return number(svg.substr(svg.rfind("<text ", at), at - svg.rfind("<text ", at) + 1), "y");
}

Series series_of(std::string name, Mark mark, std::vector<Point> points) {
  Series s;
  s.name = std::move(name);
  s.mark = mark;
  s.points = std::move(points);
  return s;
}

Chart latency_cdf() {
  Chart chart;
  chart.id = "ttft-cdf";
  chart.title = "TTFT distribution";
  chart.x = {"TTFT", Scale::linear, Unit::ms, {}, {}};
  chart.y = {"fraction of requests", Scale::linear, Unit::fraction, {}, {}};
  chart.series.push_back(
      series_of("stream", Mark::step, {{10, 0.1}, {20, 0.5}, {40, 0.9}, {80, 1}}));
  chart.series.push_back(
      series_of("non-stream", Mark::line, {{15, 0.2}, {30, 0.6}, {60, 0.95}, {90, 1}}));
  return chart;
}

bool nice_step(double step) {
  const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
  return std::fabs(mantissa - 1) < 1e-9 || std::fabs(mantissa - 2) < 1e-9 ||
         std::fabs(mantissa - 5) < 1e-9;
}

TEST(SvgTicks, LinearTicksAreNiceEvenAndCoverTheRange) {
  EXPECT_EQ(ticks(0, 97, Scale::linear), (std::vector<double>{0, 20, 40, 60, 80, 100}));
  EXPECT_EQ(ticks(0, 0.3, Scale::linear, 3), (std::vector<double>{0, 0.1, 0.2, 0.3}));
  EXPECT_EQ(ticks(7, 7, Scale::linear), std::vector<double>{7});
  const std::vector<std::pair<double, double>> ranges{
      {0, 1}, {0.13, 0.87}, {-7, 3}, {1234, 98765}, {0.0012, 0.0047}, {-250, -3}, {99, 101}};
  for (const auto &[lo, hi] : ranges) {
    const std::vector<double> t = ticks(lo, hi, Scale::linear, 5);
    ASSERT_GE(t.size(), 3U) << lo << ".." << hi;
    EXPECT_LE(t.size(), 12U) << lo << ".." << hi;
    EXPECT_LE(t.front(), lo);
    EXPECT_GE(t.back(), hi);
    const double step = t[1] - t[0];
    EXPECT_TRUE(nice_step(step)) << step;
    for (std::size_t i = 1; i < t.size(); ++i) {
      EXPECT_NEAR(t[i] - t[i - 1], step, step * 1e-9);
      EXPECT_NEAR(t[i] / step, std::round(t[i] / step), 1e-9); // on multiples of the step
    }
  }
}

TEST(SvgTicks, LogTicksAreDecadesWithTwoAndFiveWhenFew) {
  EXPECT_EQ(ticks(3, 4500, Scale::log10), (std::vector<double>{1, 10, 100, 1000, 10000}));
  EXPECT_EQ(ticks(30, 80, Scale::log10), (std::vector<double>{20, 50, 100}));
  EXPECT_EQ(ticks(100, 1000, Scale::log10), (std::vector<double>{100, 200, 500, 1000}));
  const std::vector<double> small = ticks(0.002, 0.04, Scale::log10);
  ASSERT_EQ(small.size(), 3U);
  EXPECT_DOUBLE_EQ(small[0], 0.001);
  EXPECT_DOUBLE_EQ(small[2], 0.1);
  EXPECT_EQ(ticks(0, 100, Scale::log10), (std::vector<double>{0.1, 1, 10, 100}));
}

TEST(SvgTicks, TailTicksCountNinesUpToTheData) {
  const std::vector<double> t = ticks(0, 0.995, Scale::tail);
  ASSERT_EQ(t.size(), 5U);
  EXPECT_EQ(t[0], 0);
  EXPECT_EQ(t[1], 0.5);
  EXPECT_DOUBLE_EQ(t[2], 0.9);
  EXPECT_DOUBLE_EQ(t[3], 0.99);
  EXPECT_DOUBLE_EQ(t[4], 0.999);
  EXPECT_EQ(ticks(0, 0.9, Scale::tail).size(), 3U);
  EXPECT_EQ(ticks(0, 0.3, Scale::tail), (std::vector<double>{0, 0.5}));
  EXPECT_DOUBLE_EQ(ticks(0, 1, Scale::tail).back(), 0.999);
}

TEST(SvgTicks, InvalidRangesGiveNoTicks) {
  EXPECT_TRUE(ticks(k_nan, 1, Scale::linear).empty());
  EXPECT_TRUE(ticks(0, k_inf, Scale::log10).empty());
  EXPECT_TRUE(ticks(2, 1, Scale::tail).empty());
}

TEST(SvgFormatTick, EachUnitReadsAsPeopleWriteIt) {
  EXPECT_EQ(format_tick(0, Unit::number), "0");
  EXPECT_EQ(format_tick(0.5, Unit::number), "0.5");
  EXPECT_EQ(format_tick(12.34, Unit::number), "12.3");
  EXPECT_EQ(format_tick(412, Unit::number), "412");
  EXPECT_EQ(format_tick(12346, Unit::number), "12.3k");
  EXPECT_EQ(format_tick(1.5e6, Unit::number), "1.5M");
  EXPECT_EQ(format_tick(0.0005, Unit::number), "0.0005");
  EXPECT_EQ(format_tick(-2, Unit::number), "-2");

  EXPECT_EQ(format_tick(0, Unit::ms), "0 ms");
  EXPECT_EQ(format_tick(0.85, Unit::ms), "850 µs");
  EXPECT_EQ(format_tick(212, Unit::ms), "212 ms");
  EXPECT_EQ(format_tick(1500, Unit::ms), "1.5 s");
  EXPECT_EQ(format_tick(20000, Unit::ms), "20 s");

  EXPECT_EQ(format_tick(0, Unit::seconds), "0 s");
  EXPECT_EQ(format_tick(30, Unit::seconds), "30 s");
  EXPECT_EQ(format_tick(120, Unit::seconds), "2m 00s");
  EXPECT_EQ(format_tick(0.5, Unit::seconds), "500 ms");

  EXPECT_EQ(format_tick(0, Unit::fraction), "0%");
  EXPECT_EQ(format_tick(0.5, Unit::fraction), "50%");
  EXPECT_EQ(format_tick(0.123, Unit::fraction), "12.3%");
  EXPECT_EQ(format_tick(0.999, Unit::fraction), "99.9%");
  EXPECT_EQ(format_tick(0.9999, Unit::fraction), "99.99%");
  EXPECT_EQ(format_tick(0.99999, Unit::fraction), "99.999%");

  EXPECT_EQ(format_tick(3, Unit::count), "3");
  EXPECT_EQ(format_tick(1234, Unit::count), "1234");
  EXPECT_EQ(format_tick(2.6, Unit::count), "3");

  EXPECT_EQ(format_tick(k_nan, Unit::ms), "n/a");
  EXPECT_EQ(format_tick(-k_inf, Unit::number), "n/a");
}

TEST(SvgRender, FigureCarriesIdRoleLabelAndCaption) {
  Chart chart = latency_cdf();
  chart.id = "TTFT cdf/1";
  const std::string svg = render(chart);
  EXPECT_EQ(svg.rfind("<figure class=\"chart\" id=\"ttft-cdf-1\">", 0), 0U) << svg;
  EXPECT_NE(svg.find("<figcaption>TTFT distribution</figcaption>"), std::string::npos);
  const std::vector<std::string> root = start_tags(svg, "svg");
  ASSERT_EQ(root.size(), 1U);
  EXPECT_EQ(attribute(root[0], "role"), "img");
  EXPECT_EQ(attribute(root[0], "aria-label"), "TTFT distribution");
  EXPECT_EQ(attribute(root[0], "viewBox"), "0 0 640 300");
  EXPECT_EQ(occurrences(svg, "</figure>"), 1U);
  EXPECT_EQ(render(Chart{}).rfind("<figure class=\"chart\" id=\"chart\">", 0), 0U);
}

TEST(SvgRender, OneGroupPerSeriesAndALegendForMoreThanOne) {
  Chart chart = latency_cdf();
  chart.series.push_back(series_of("samples", Mark::points, {{12, 0.3}, {50, 0.7}}));
  const std::string svg = render(chart);
  EXPECT_EQ(occurrences(svg, "<g class=\"series\""), 3U);
  EXPECT_EQ(attribute(series_group(svg, 0), "data-name"), "stream");
  EXPECT_EQ(attribute(series_group(svg, 1), "data-name"), "non-stream");
  EXPECT_EQ(attribute(series_group(svg, 2), "data-name"), "samples");
  EXPECT_EQ(occurrences(series_group(svg, 0), "<path "), 1U);
  EXPECT_EQ(occurrences(series_group(svg, 2), "<circle "), 2U);
  EXPECT_EQ(occurrences(svg, "class=\"legend-item\""), 3U);
  EXPECT_NE(svg.find(">non-stream</text>"), std::string::npos);

  chart.series.resize(1);
  EXPECT_EQ(render(chart).find("class=\"legend\""), std::string::npos);
}

TEST(SvgRender, PointsHaveTooltipsInTheAxesUnits) {
  Chart chart = latency_cdf();
  chart.series = {series_of("samples", Mark::points, {{212, 0.5}, {1500, 0.999}})};
  const std::string svg = render(chart);
  EXPECT_NE(svg.find("<title>212 ms, 50%</title>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<title>1.5 s, 99.9%</title>"), std::string::npos);
}

TEST(SvgRender, EscapesEveryText) {
  Chart chart = latency_cdf();
  chart.title = R"(a<b & "c")";
  chart.series[0].name = R"(<x>&"y")";
  chart.x.label = "<label>";
  chart.references.push_back({Reference::Direction::horizontal, 0.5, "p<50>"});
  const std::string svg = render(chart);
  EXPECT_NE(svg.find(R"(aria-label="a&lt;b &amp; &quot;c&quot;")"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<figcaption>a&lt;b &amp; &quot;c&quot;</figcaption>"), std::string::npos);
  EXPECT_NE(svg.find(R"(data-name="&lt;x&gt;&amp;&quot;y&quot;")"), std::string::npos);
  EXPECT_NE(svg.find(">&lt;label&gt;</text>"), std::string::npos);
  EXPECT_NE(svg.find(">p&lt;50&gt;</text>"), std::string::npos);
  for (const char *raw : {"<x>", "<label>", "<b ", "p<50>", "&\""}) {
    EXPECT_EQ(svg.find(raw), std::string::npos) << raw;
  }

  chart.series.clear();
  chart.empty_note = "<none>";
  EXPECT_NE(render(chart).find(">&lt;none&gt;</text>"), std::string::npos);
}

TEST(SvgRender, NonFiniteInputsNeverReachTheOutput) {
  Chart chart = latency_cdf();
  chart.y.scale = Scale::log10;
  chart.series[0].points.push_back({k_nan, 0.5});
  chart.series[0].points.push_back({100, k_inf});
  chart.series[1].points.push_back({-k_inf, -1});
  chart.series.push_back(series_of("bars", Mark::bars, {{0, k_nan}, {k_nan, 2}, {10, 1}, {20, 0}}));
  chart.references.push_back({Reference::Direction::vertical, k_nan, "bad"});
  chart.x.max = k_inf;
  std::string svg = render(chart);
  std::transform(svg.begin(), svg.end(), svg.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  EXPECT_EQ(svg.find("nan"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("inf"), std::string::npos) << svg;
  EXPECT_EQ(occurrences(svg, "<g class=\"series\""), 3U);
  EXPECT_EQ(occurrences(series_group(svg, 2), "<rect "), 1U); // only the 10..20 bar is whole
}

TEST(SvgRender, NoFiniteDataDrawsTheFrameAndTheNote) {
  Chart chart = latency_cdf();
  chart.empty_note = "no requests completed";
  for (Series &s : chart.series) {
    s.points = {{k_nan, 1}, {2, k_inf}};
  }
  const std::string svg = render(chart);
  EXPECT_NE(svg.find("class=\"plot-frame\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"empty-note\""), std::string::npos);
  EXPECT_NE(svg.find(">no requests completed</text>"), std::string::npos);
  EXPECT_EQ(svg.find("class=\"series\""), std::string::npos);
  EXPECT_EQ(svg.find("<path"), std::string::npos);

  chart.y.scale = Scale::log10; // only values <= 0: nothing to draw on a log axis either
  chart.series = {series_of("zeros", Mark::line, {{1, 0}, {2, -5}})};
  EXPECT_NE(render(chart).find("class=\"empty-note\""), std::string::npos);
  EXPECT_EQ(render(latency_cdf()).find("class=\"empty-note\""), std::string::npos);
}

TEST(SvgRender, LogAxisLeavesOutValuesAtOrBelowZero) {
  Chart chart;
  chart.y.scale = Scale::log10;
  chart.series = {series_of("s", Mark::points, {{1, -1}, {2, 0}, {3, 10}, {4, 100}})};
  EXPECT_EQ(occurrences(render(chart), "<circle "), 2U);
}

TEST(SvgRender, StackedBarsAddUp) {
  Chart chart;
  chart.x.unit = Unit::seconds;
  chart.y = {"errors", Scale::linear, Unit::count, 0.0, 4.0};
  chart.series = {series_of("timeout", Mark::bars, {{0, 3}, {10, 1}, {20, 0}}),
                  series_of("http_status", Mark::bars, {{0, 1}, {10, 2}, {20, 0}})};
  chart.stack_bars = true;
  const std::string stacked = render(chart);
  const std::string frame = plot_frame(stacked);
  const double bottom = number(frame, "y") + number(frame, "height");
  const std::vector<std::string> a = start_tags(series_group(stacked, 0), "rect");
  const std::vector<std::string> b = start_tags(series_group(stacked, 1), "rect");
  ASSERT_EQ(a.size(), 2U);
  ASSERT_EQ(b.size(), 2U);
  // The first bin stacks 3 + 1 = the axis' fixed maximum: the whole plot height.
  EXPECT_NEAR(number(a[0], "height") + number(b[0], "height"), number(frame, "height"), 0.02);
  EXPECT_NEAR(number(a[0], "height"), 3 * number(b[0], "height"), 0.03);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NEAR(number(a[i], "y") + number(a[i], "height"), bottom, 0.01);
    EXPECT_NEAR(number(b[i], "y") + number(b[i], "height"), number(a[i], "y"), 0.01); // on top
  }

  chart.stack_bars = false; // overlaid: both start at the bottom
  const std::vector<std::string> overlaid = start_tags(series_group(render(chart), 1), "rect");
  EXPECT_NEAR(number(overlaid[0], "y") + number(overlaid[0], "height"), bottom, 0.01);
}

TEST(SvgRender, SameChartSameBytes) {
  Chart chart = latency_cdf();
  chart.references.push_back({Reference::Direction::vertical, 50, "SLO"});
  const std::string first = render(chart);
  EXPECT_EQ(render(chart), first);
  chart.series[0].points[1].y = 0.51;
  EXPECT_NE(render(chart), first);
}

TEST(SvgRender, CoordinatesHaveAtMostTwoDecimals) {
  Chart chart = latency_cdf();
  chart.series[0].points.push_back({83.333333333, 1});
  const std::string svg = render(chart);
  const std::string d = attribute(start_tags(series_group(svg, 0), "path")[0], "d");
  std::size_t digits = 0;
  bool after_dot = false;
  for (const char c : d) {
    after_dot = c == '.' || (after_dot && std::isdigit(static_cast<unsigned char>(c)));
    digits = after_dot && c != '.' ? digits + 1 : 0;
    EXPECT_LE(digits, 2U) << d;
  }
}

TEST(SvgRender, ReferencesAreDrawnWithLabelsAtTheirValue) {
  Chart chart = latency_cdf();
  chart.y = {"TTFT", Scale::linear, Unit::ms, {}, {}};
  chart.series = {series_of("ttft", Mark::line, {{0, 20}, {10, 35}, {20, 50}})};
  chart.references.push_back({Reference::Direction::horizontal, 100, "SLO 100 ms"});
  chart.references.push_back({Reference::Direction::vertical, 15, "step 2"});
  const std::string svg = render(chart);
  const std::vector<std::string> lines = start_tags(svg, "line");
  std::vector<std::string> references;
  std::copy_if(lines.begin(), lines.end(), std::back_inserter(references),
               [](const std::string &tag) { return tag.find("class=\"reference\"") != tag.npos; });
  ASSERT_EQ(references.size(), 2U) << svg;
  EXPECT_NE(svg.find(">SLO 100 ms</text>"), std::string::npos);
  EXPECT_NE(svg.find(">step 2</text>"), std::string::npos);
  // The SLO lies above the data: the axis grows to show it, level with its tick.
  EXPECT_NEAR(number(references[0], "y1"), y_tick_px(svg, "100 ms"), 0.01);
  EXPECT_EQ(attribute(references[1], "x1"), attribute(references[1], "x2"));
}

TEST(SvgRender, TailAxisSpacesTheNinesEvenly) {
  Chart chart;
  chart.x = {"percentile", Scale::tail, Unit::fraction, {}, {}};
  chart.y = {"TTFT", Scale::linear, Unit::ms, {}, {}};
  chart.series = {series_of("ttft", Mark::step,
                            {{0, 10}, {0.5, 20}, {0.9, 40}, {0.99, 90}, {0.9985, 200}, {1, 400}})};
  const std::string svg = render(chart);
  const std::size_t group = svg.find("<g class=\"ticks x\"");
  std::vector<double> at;
  for (const char *label : {">90%<", ">99%<", ">99.9%<"}) {
    const std::size_t text = svg.find(label, group);
    ASSERT_NE(text, std::string::npos) << label << svg;
    const std::size_t open = svg.rfind("<text ", text);
    at.push_back(number(svg.substr(open, text - open + 1), "x"));
  }
  EXPECT_NEAR(at[1] - at[0], at[2] - at[1], 0.02);
  EXPECT_NE(svg.find(">50%<", group), std::string::npos);
  EXPECT_EQ(svg.find(">99.99%<", group), std::string::npos); // the data stops before it
}

TEST(SvgRender, ThinningCapsCirclesAndPathPoints) {
  Chart chart;
  std::vector<Point> many(10'000);
  for (std::size_t i = 0; i < many.size(); ++i) {
    many[i] = {static_cast<double>(i), static_cast<double>(i % 97)};
  }
  chart.series = {series_of("scatter", Mark::points, many)};
  const std::size_t circles = occurrences(render(chart), "<circle ");
  EXPECT_LE(circles, 4000U);
  EXPECT_GE(circles, 3000U);

  std::vector<Point> line(100'000);
  for (std::size_t i = 0; i < line.size(); ++i) {
    line[i] = {static_cast<double>(i), static_cast<double>(i % 100)};
  }
  line[54'321].y = 1000; // one spike must survive
  chart.y.max = 1000;
  chart.series = {series_of("line", Mark::line, line)};
  const std::string svg = render(chart);
  const std::string d = attribute(start_tags(series_group(svg, 0), "path")[0], "d");
  EXPECT_LE(occurrences(d, "L") + 1, 2000U);
  EXPECT_GE(occurrences(d, "L"), 1000U);
  const std::string frame = plot_frame(svg);
  EXPECT_NE(d.find("," + attribute(frame, "y") + "L"), std::string::npos) << "spike lost";
}

TEST(SvgRender, AutomaticColoursFollowThePalette) {
  ASSERT_EQ(palette().size(), 8U);
  Chart chart = latency_cdf();
  chart.series.insert(chart.series.begin() + 1,
                      series_of("custom", Mark::line, {{1, 0.1}, {2, 0.2}}));
  chart.series[1].color = "#123456";
  const std::string svg = render(chart);
  auto stroke = [&](std::size_t i) {
    return attribute(start_tags(series_group(svg, i), "path")[0], "stroke");
  };
  EXPECT_EQ(stroke(0), palette()[0]);
  EXPECT_EQ(stroke(1), "#123456");
  EXPECT_EQ(stroke(2), palette()[1]);
}

} // namespace
} // namespace chatbench::report::svg
