#pragma once
// `chatbench compare REPORT.json... [--out DIR]`: the targets of one or more report.json files
// side by side (report/compare.hpp), printed and, with --out, written to DIR/compare.md. Exit 0.
// `chatbench compare --baseline OLD.json NEW.json [--tolerance 10%] [--out DIR]`: the regression
// gate; exits 1 when a metric of a baseline target got worse than the tolerance allows (or the
// target is missing), 0 otherwise, 2 on unreadable or invalid reports.
#include <functional>

namespace CLI {
class App;
}

namespace chatbench::cli {

void add_compare_command(CLI::App &app, std::function<int()> &action);

} // namespace chatbench::cli
