#pragma once
// Charts as inline SVG text, drawn by our own code so report.html needs no script, no library
// and no network to be read (and looks the same in every browser and in a screenshot).
//
// A Chart is data plus presentation hints; render() lays it out: plot area, "nice" ticks
// (1, 2, 5 x 10^k on linear axes, decades on log axes, 50% / 90% / 99% / 99.9% ... on the tail
// axis), gridlines, axis labels with the values formatted for their unit, a legend when there
// is more than one series, and optional reference lines (an SLO limit, the knee of a sweep).
//
// Output contract (tests and the browser check rely on it):
// - one <figure class="chart" id="<id>"> holding one <svg> with role="img", an aria-label equal
//   to the title, a viewBox of width x height, and a <figcaption> with the title;
// - each series is one <g class="series" data-name="<name>"> holding a <path> (line, step,
//   area), <circle>s (points), both (line_points) or <rect>s (bars); a hollow point's circle
//   has class "hollow"; every text is XML-escaped;
// - a chart with no finite point draws its axes frame and the `empty_note` text instead of
//   series, never NaN or inf in the output (values beyond +-1e30, or below 1e-30 on a log10
//   axis, count as non-finite);
// - output is deterministic: the same Chart gives the same bytes (numbers printed with at most
//   2 decimals), so golden tests can compare it.
//
// Presentation: presentation attributes (fill, stroke, font-size 12 in system-ui) make the SVG
// readable on its own; a page stylesheet overrides them through these classes: figure.chart,
// rect.chart-bg, g.grid (lines), g.ticks.x / g.ticks.y (text), rect.plot-frame,
// text.axis-label, g.series (path.line, path.area, circle, rect), g.references
// (line.reference, text.reference-label), g.legend (g.legend-item), text.empty-note.
// The <svg> has width and height attributes; `.chart svg { max-width: 100%; height: auto }`
// makes it shrink with the page. A legend sits top-right when up to 4 series fit in one row,
// else in rows below the plot (the plot shrinks; the viewBox stays width x height).
// Output size is bounded: a line, step or area series keeps at most 2000 points (the first,
// the last and each bucket's extremes), a points series at most 4000 circles (every k-th).
// Bars are not thinned.
//
// Pure functions; thread-safe.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::report::svg {

enum class Scale {
  linear,
  log10, ///< values <= 0 are left out of the chart
  /// For quantiles q in [0, 1): plotted at log10(1 / (1 - q)), so 0.9, 0.99 and 0.999 are evenly
  /// spaced, as HdrHistogram's percentile plots; q >= 1 is clamped to the axis' last tick.
  tail,
};

/// How tick labels and tooltips read a value on an axis.
enum class Unit {
  number,   ///< format_number: "12.3", "412"
  ms,       ///< milliseconds, shown as format_duration_ns: "850 µs", "212 ms", "1.52 s"
  seconds,  ///< elapsed seconds: "0 s", "30 s", "2m 00s"
  fraction, ///< 0.123 -> "12.3%"
  count,    ///< whole numbers only on ticks
};

struct Axis {
  std::string label; ///< e.g. "TTFT", "time since start"
  Scale scale = Scale::linear;
  Unit unit = Unit::number;
  std::optional<double> min; ///< fixed bounds; otherwise from the data (0 included for linear
  std::optional<double> max; ///< axes of counts and rates, see Chart::y_from_zero)
};

struct Point {
  double x = 0;
  double y = 0;
  /// Mark::points and Mark::line_points: drawn as a ring, not a dot (class "hollow"): a point
  /// to take with care, such as a sweep step that was not stable.
  bool hollow = false;
};

enum class Mark {
  line,        ///< straight segments between points, in x order as given
  step,        ///< a step function (a CDF): horizontal then vertical
  points,      ///< a circle per point (a scatter), each with a <title> tooltip
  line_points, ///< a line as `line` with a circle and tooltip at each point (a sweep's steps)
  area,        ///< a line filled down to y = 0 (or the axis minimum)
  /// Bars: point i spans x from points[i].x to points[i + 1].x with height points[i].y; the last
  /// point only closes the previous bar (a histogram's edges). Bar series of one chart are
  /// stacked when Chart::stack_bars is set, else drawn over each other translucent.
  bars,
};

struct Series {
  std::string name;
  std::vector<Point> points;
  Mark mark = Mark::line;
  std::string color; ///< CSS colour; "" picks the next colour of the colour-blind-safe palette
  bool dashed = false;
};

/// A labelled straight line across the plot: an SLO limit, a knee, a step boundary.
struct Reference {
  enum class Direction { vertical, horizontal } direction = Direction::horizontal;
  double value = 0; ///< in the axis' data units
  std::string label;
};

struct Chart {
  /// The figure's HTML id, [a-z0-9-]: A-Z are lowered, other bytes replaced by '-', "" reads
  /// "chart". The clip path inside is "<id>-clip", so ids must be unique on the page.
  std::string id;
  std::string title; ///< the caption and aria-label
  Axis x;
  Axis y;
  std::vector<Series> series;
  std::vector<Reference> references;
  bool y_from_zero = true; ///< include 0 on a linear y axis without a fixed min
  bool stack_bars = false;
  int width = 640;
  int height = 300;
  std::string empty_note = "no data";
};

/// The <figure> for `chart`.
std::string render(const Chart &chart);

/// The palette render() draws from, in order (Okabe-Ito), for legends drawn elsewhere.
const std::vector<std::string_view> &palette();

/// "Nice" tick values covering [lo, hi] on `scale` (the first <= lo, the last >= hi): about
/// `target` of them for linear axes (steps of 1, 2 or 5 x 10^k), every decade (with 2 and 5
/// between when there are fewer than three) for log10, and 0, 0.5, 0.9, 0.99, ... (up to nine
/// nines) for tail. lo <= hi, both finite, else the result is empty; lo == hi gives {lo} on a
/// linear axis. On log10 a non-positive lo reads hi / 1000 (hi <= 0 reads 1); on tail a negative
/// lo reads 0 and hi >= 1 reads 0.999. render() also uses whole steps on count axes and 15 s,
/// 30 s, 1 min, 2 min, 5 min ... on seconds axes spanning 90 s or more.
std::vector<double> ticks(double lo, double hi, Scale scale, int target = 5);

/// A value as an axis of `unit` labels it (tick labels and tooltips), without trailing zeros:
/// number "0.5", "12.3", "412", "12.3k", "1.5M" (k, M, G from 10 000 on, "1.5e12" from 1e12);
/// ms "0 ms", "850 µs", "1.5 s"; seconds "0 s", "30 s", "2m 00s"; fraction "50%", "99.9%", "12.3%"
/// (three significant digits, more when needed not to read 100%); count "1234". Non-finite reads
/// "n/a". A tail axis labels its values as fractions whatever its unit.
std::string format_tick(double value, Unit unit);

} // namespace chatbench::report::svg
