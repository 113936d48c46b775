#pragma once
// The end-of-run summary a person reads in the terminal (as vLLM's benchmark_serving or k6 print
// one): a table with one column per target, so providers compare side by side, rows for
// requests, error rate, TTFT/ITL/TPOT/E2E percentiles, throughput, goodput (when an SLO is set),
// late sends and the token source; then the failure kinds that occurred, one row each with counts
// per target; for a sweep or search, each target's steps with its knee and SLO answer
// (report/capacity_table.hpp); errored or interrupted targets; one line per threshold verdict; and
// a last line with the run's status (report/thresholds.hpp's run_status). Its numbers are those of
// report/figures.hpp, as in report.json.
//
// Output is UTF-8 ("µs", "…"); lines stay within ConsoleOptions::width for up to three targets
// (longer target names are shortened in the header). Writes to `out` only; never throws beyond
// what the stream does. Thread-safe for distinct streams and unchanging inputs.
#include "report/thresholds.hpp"
#include "run/result.hpp"

#include <iosfwd>
#include <span>

namespace chatbench::report {

struct ConsoleOptions {
  bool color = false; ///< ANSI colours: green PASS, red FAIL, bold headings and status
  int width = 100;    ///< the widest line to aim for, in columns (at least 60 is used)
};

void print_summary(std::ostream &out, const run::RunOutput &run, std::span<const Verdict> verdicts,
                   const ConsoleOptions &options);

} // namespace chatbench::report
