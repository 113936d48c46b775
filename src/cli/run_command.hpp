#pragma once
// `chatbench run [SCENARIO] [--set PATH=VALUE]... [--threshold EXPR]... [--out DIR] [--quiet]`
// or, without a file, the quick flags (`--target URL|mock --provider P --model M -c N -n N ...`).
// Runs every target, writes <out>/report.json and <out>/requests.jsonl, prints the summary, and
// exits 0 (all thresholds held), 1 (a threshold failed or a target could not run), 2 (bad
// scenario, flags or configuration, before any traffic) or 3 (interrupted by a signal).
#include <functional>

namespace CLI {
class App;
}

namespace chatbench::cli {

void add_run_command(CLI::App &app, std::function<int()> &action, int argc, char **argv);

} // namespace chatbench::cli
