#pragma once
// report.json: everything a run measured, in one document described by
// schemas/report.schema.json ("schema": "chatbench.report/1"). Its numbers come from
// report/figures.hpp, its verdicts from report/thresholds.hpp, so it agrees with the console.
//
// Conventions: latencies in milliseconds (keys end in "_ms"), durations in seconds ("_s"), rates
// per second ("per_s"); every number is finite. A statistic over zero samples is null (with
// count 0), as is an unset SLO limit. Histograms are kept in Histogram::encode() text form
// (nanoseconds; output_rate_milli in thousandths of a token per second) so reports can be
// re-rendered and merged across runs. "status" is "interrupted" when the run was stopped by a
// signal, else "failed" when a verdict failed or a target errored, else "passed" (run_status in
// report/thresholds.hpp). A sweep or search adds targets[].capacity and scenario.load.sweep
// (report/json_capacity.hpp, whose step latencies are whole nanoseconds).
#include "report/thresholds.hpp"
#include "run/result.hpp"
#include "scenario/scenario.hpp"
#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <span>
#include <string>

namespace chatbench::report {

inline constexpr std::string_view k_report_schema = "chatbench.report/1";

/// The report document. Pure; thread-safe for unchanging inputs.
nlohmann::json report_json(const run::RunOutput &run, const scenario::Scenario &scenario,
                           std::span<const Verdict> verdicts);

/// Writes `document` (2-space indent, trailing newline) to `path` atomically: into a temporary
/// file in the same folder, flushed, then renamed over `path`, so a crash never leaves half a
/// report. ErrorCode::io naming the path and the system's reason when the folder is missing or
/// not writable; the temporary file is removed on failure. Not safe against two writers of the
/// same path at once.
Result<void> write_json_file(const std::string &path, const nlohmann::json &document);
/// The same for any text (junit.xml, ...).
Result<void> write_text_file(const std::string &path, std::string_view text);

/// The whole of `path`. ErrorCode::io naming the path and the system's reason.
Result<std::string> read_text_file(const std::string &path);

/// Calls on_line(std::string_view) for each non-empty line of `text` ('\n'-separated; the
/// last line needs no '\n'), as requests.jsonl is read.
template <class OnLine> void for_each_line(std::string_view text, OnLine &&on_line) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end;
    if (end > start) {
      on_line(text.substr(start, end - start));
    }
    start = end + 1;
  }
}

} // namespace chatbench::report
