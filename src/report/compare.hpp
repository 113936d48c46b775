#pragma once
// Comparing runs from their report.json files (nothing is re-measured):
// - side by side: every target of every report as a column, one row per headline metric, the
//   better value marked and each column's change against the first;
// - regression gate: a baseline report and a new one, targets matched by name, each metric's
//   change judged against a tolerance in the direction that is worse for it (latency and error
//   rate up, throughput and goodput down). From a zero baseline any worsening counts.
// Output as a console table and as Markdown. Pure functions of the parsed documents.
#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace chatbench::report {

/// One report.json as read: its path (for labels and messages) and its document.
struct ReportFile {
  std::string path;
  nlohmann::json document;
};

/// Reads and checks `path` ("schema": "chatbench.report/1", targets present); ErrorCode::io or
/// invalid_argument naming the file.
Result<ReportFile> read_report_file(const std::string &path);

/// A headline metric: how to find it in a target and which way is better.
struct CompareMetric {
  std::string name;    ///< "ttft.p95", "error_rate", ...
  std::string pointer; ///< JSON pointer within a target object
  bool lower_is_better = true;
  enum class Unit { ms, fraction, rate, count } unit = Unit::ms;
  /// Left out of a table (and of the regression gate) where no column has a value: capacity
  /// figures, which only sweeps and searches have.
  bool only_when_present = false;
};

const std::vector<CompareMetric> &compare_metrics();

/// A metric's value rendered for people ("412 ms", "0.50%", "12.3", "4").
std::string format_metric(const CompareMetric &metric, double value);

struct Column {
  std::string label; ///< the target's name, prefixed by its file when names repeat
  const nlohmann::json *target = nullptr;
};

/// True when `metric` should show for these columns: it is not only_when_present, or one of
/// them has a value.
bool shown(const CompareMetric &metric, const std::vector<Column> &columns);

/// One cell of a side-by-side row: the value as people read it, whether it is the better value
/// (only with two columns or more), and its change against the first column ("+12.0%"; "" for
/// the first column or when the first has no value or zero).
struct CompareCell {
  std::optional<double> value;
  std::string text; ///< "-" without a value
  bool best = false;
  std::string change;
};

/// The targets of `files` in order, as columns.
std::vector<Column> columns_of(const std::vector<ReportFile> &files);

/// The cells of `metric`'s row, one per column.
std::vector<CompareCell> compare_cells(const CompareMetric &metric,
                                       const std::vector<Column> &columns);

/// Side by side, as Markdown.
std::string comparison_markdown(const std::vector<Column> &columns);
/// Side by side, as console text (plain table).
std::string comparison_text(const std::vector<Column> &columns, std::size_t width);

struct Change {
  std::string target;
  std::string metric;
  std::optional<double> baseline; ///< nullopt: no value (no samples, or the target is missing)
  std::optional<double> current;
  double relative = 0;    ///< (current - baseline) / baseline; 0 when not computable
  bool regressed = false; ///< worse than the tolerance allows
  std::string verdict;    ///< "ok", "regressed", "improved", "no value", ...
};

/// Every metric of every baseline target. `tolerance` is a fraction (0.1 = 10 %).
std::vector<Change> regressions(const ReportFile &baseline, const ReportFile &current,
                                double tolerance);
std::string regression_text(const std::vector<Change> &changes, double tolerance);
std::string regression_markdown(const std::vector<Change> &changes, double tolerance);

} // namespace chatbench::report
