#pragma once
// `chatbench check [SCENARIO] [--set PATH=VALUE]... [--out DIR] [--quiet]` or, without a file,
// `--target URL|mock --provider P --model M [--api-key-env VAR]`: the conformance probes of each
// target's profile, without load (run/check_runner.hpp). Prints a pass/fail table, writes
// <out>/check.json and <out>/junit.xml, and exits 0 (every probe passed), 1 (a probe failed or a
// target could not be probed) or 2 (bad scenario, flags or configuration, before any request).
#include <functional>

namespace CLI {
class App;
}

namespace chatbench::cli {

void add_check_command(CLI::App &app, std::function<int()> &action);

} // namespace chatbench::cli
