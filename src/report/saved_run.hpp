#pragma once
// A run read back from its report.json, so every view of it (summary.md, junit.xml, the console
// summary, ...) can be rendered again without re-running it (`chatbench report`).
//
// What comes back: the manifest, `interrupted`, `requests_file`, the threshold verdicts, and per
// target its set-up (name, provider, url, mock, model, stream, include_usage, token_limit_field,
// notes, error, interrupted), its recorder (every histogram decoded from its text form; Counts
// from requests, failures, http, tokens and late_sends), its timeline (bucket width, points,
// goodput and SLO), workers, max_in_flight, connections, mock_figures, conformance (profile,
// level, sample, counts, findings) and a sweep's or search's capacity result, exactly
// (report/saved_capacity.hpp). report_json(loaded.output, scenario, loaded.verdicts) then
// equals the saved document in every field report.json derives from a RunOutput.
//
// What does not come back, because report.json does not hold it:
// - the "scenario" section: it is written from scenario::Scenario, which a RunOutput does not
//   carry; `document` keeps it as read.
// - steady-clock times: a target's t = 0 becomes steady ns 0 (start_ns = 0), finished_ns is
//   wall_s later; Counts keeps only the measured span (first_intended_ns = 0, last_done_ns =
//   measured_s; -1 both without requests); measure_start_ns and measure_end_ns are -1 and
//   start_wall is the manifest's `started` (report.json has no per-target wall time).
// - Counts::retry_after, reused_connections, token_events and bytes_received: 0 (no report
//   shows them).
// - Tally::failed(check) per check: estimated from the findings (conformance::Tally::restore),
//   exact when each check failed at one pointer, so junit.xml's conformance cases may report a
//   lower "N of M responses failed" when one check failed at several pointers in different
//   responses.
// - out_dir: the folder holding the report.json read ("" for a bare file name).
// Numbers saved as decimal seconds or milliseconds come back as whole nanoseconds (rounded),
// which is what they were.
//
// Errors: ErrorCode::io naming the file when it cannot be read; ErrorCode::invalid_argument
// naming the file and the JSON pointer of the first bad field (missing, of the wrong type, a
// value out of range, a histogram that does not decode, an unknown provider, failure kind,
// check, severity or capacity step status, kind, mode or over), or a "schema" other than
// "chatbench.report/1" by its value. Pure apart from reading the file; thread-safe.
#include "report/thresholds.hpp"
#include "run/result.hpp"
#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace chatbench::report {

struct SavedRun {
  std::string path;              ///< the report.json read
  nlohmann::json document;       ///< as read
  run::RunOutput output;         ///< rebuilt from `document` (see the file comment)
  std::vector<Verdict> verdicts; ///< the document's "thresholds", in order
};

/// Reads and decodes `report_json_path`.
Result<SavedRun> load_saved_run(const std::string &report_json_path);

/// Decodes an already parsed document; `path` names it in messages and sets out_dir.
Result<SavedRun> saved_run_from_json(nlohmann::json document, const std::string &path);

} // namespace chatbench::report
