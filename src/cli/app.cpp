#include "cli/app.hpp"

#include "cli/validate_command.hpp"
#include "cli/version.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <functional>
#include <iostream>

namespace chatbench::cli {

int run_app(int argc, char **argv) {
  CLI::App app{"chatbench: load and conformance benchmark for chat-completions APIs", "chatbench"};
  app.set_version_flag("--version", [] { return version_text(); });
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 passed, 1 a check failed, 2 bad input or configuration, 3 interrupted.");

  // Each command registers its subcommand and, when chosen, sets `action`.
  std::function<int()> action;
  add_validate_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    const int code = app.exit(e);
    return code == 0 ? k_exit_ok : k_exit_bad_input;
  }
  try {
    return action ? action() : k_exit_bad_input;
  } catch (const std::exception &e) {
    std::cerr << "chatbench: " << e.what() << '\n';
    return k_exit_bad_input;
  }
}

} // namespace chatbench::cli
