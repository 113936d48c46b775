#pragma once
// `chatbench validate FILE... [--set PATH=VALUE]...`: loads each scenario as `run` would,
// without sending anything. Prints "FILE: ok: <summary>" or every problem found; exit code 0
// when all files are valid, 2 otherwise.
#include <functional>

namespace CLI {
class App;
}

namespace chatbench::cli {

void add_validate_command(CLI::App &app, std::function<int()> &action);

} // namespace chatbench::cli
