#pragma once
// `chatbench report RUN_DIR [--format md,junit,csv,console,...] [--out DIR]`: renders a finished
// run's views again from its saved report.json (report/saved_run.hpp), without re-running it:
// summary.md, junit.xml, requests.csv (from the run's requests.jsonl) and the console summary,
// into DIR (default: the run's folder). report.json itself is rewritten only with --format json.
// Exits 0 when the files were written, whatever the run's status (re-rendering is not a verdict:
// the status is in the files and the summary), 2 on a missing or invalid report.json, an unknown
// format or a folder that cannot be written.
#include <functional>

namespace CLI {
class App;
}

namespace chatbench::cli {

void add_report_command(CLI::App &app, std::function<int()> &action);

} // namespace chatbench::cli
