#pragma once
// The files of a run's report folder, written the same way by `chatbench run` (after measuring)
// and `chatbench report` (from a saved report.json): report.json when the caller writes it, the
// views rendered from the run (summary.md, junit.xml, report.html, which also draws from
// requests.jsonl when there is one), and requests.csv converted from requests.jsonl. The
// console summary is printed by the caller.
#include "report/request_points.hpp"
#include "report/thresholds.hpp"
#include "run/result.hpp"
#include "util/result.hpp"

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::cli {

/// What a view is rendered from.
struct ReportInputs {
  const run::RunOutput &run;
  std::span<const report::Verdict> verdicts;
  const report::RequestPoints *points; ///< requests.jsonl read back; null without one
  std::string_view scenario_summary;   ///< scenario::summarize()'s line; "" = none
};

/// A file rendered from a run. A new format is one more entry of report_views(): `run` and
/// `report` then write it, and `report --format` accepts its name.
struct ReportView {
  std::string_view format; ///< its name in report.formats and --format: "md", "junit", ...
  std::string_view file;   ///< its name in the report folder: "summary.md", ...
  bool uses_points;        ///< reads ReportInputs::points (requests.jsonl is then parsed)
  std::string (*render)(const ReportInputs &inputs);
};

/// md (summary.md), junit (junit.xml), then html (report.html): the order they are written in.
std::span<const ReportView> report_views();

/// True when `formats` (report.formats or --format; empty = every format) holds `format`.
bool wants_format(std::span<const std::string> formats, std::string_view format);

struct ReportFiles {
  std::string dir;                  ///< the folder the files go to; it must exist
  std::vector<std::string> formats; ///< which views and csv to write; empty = every format
  /// Writes report.json to the path it is given; unset: report.json is not written. `run` sets
  /// it whatever `formats` says (report.json is always written); `report` for --format json.
  std::function<Result<void>(const std::string &path)> write_json;
  /// requests.csv's source and report.html's per-request data; "" = none (no csv, and the
  /// per-request charts say why they are empty). Read once for both.
  std::string requests_jsonl;
  std::string scenario_summary; ///< report.html's line about the scenario ("" = none)
};

/// Writes report.json (when write_json is set), each wanted view of report_views(), then
/// requests.csv. The paths written in that order, or the first error (ErrorCode::io naming the
/// file; requests.jsonl that cannot be read is an error only when csv is wanted); the files
/// written before it stay.
Result<std::vector<std::string>> write_report_files(const ReportFiles &files,
                                                    const run::RunOutput &run,
                                                    std::span<const report::Verdict> verdicts);

/// "report: DIR/report.json (and summary.md, junit.xml)\n": the first path in full, the others
/// by file name; "" for none.
std::string written_line(std::span<const std::string> paths);

} // namespace chatbench::cli
