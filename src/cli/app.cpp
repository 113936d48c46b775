#include "cli/app.hpp"

#include "cli/check_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/mock_command.hpp"
#include "cli/report_command.hpp"
#include "cli/run_command.hpp"
#include "cli/validate_command.hpp"
#include "cli/version.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <exception>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace chatbench::cli {
namespace {

std::vector<std::string> command_names(const CLI::App &app) {
  std::vector<std::string> names;
  for (const CLI::App *sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
  }
  return names;
}

// CLI11 would say only "A subcommand is required"; name the word and the likely command.
std::string unknown_command_message(const std::vector<std::string> &names, std::string_view word) {
  const std::vector<std::string_view> views(names.begin(), names.end());
  return "chatbench: unknown command " + util::quoted(word) +
         util::did_you_mean(word, views, "; commands: " + util::one_of(views));
}

} // namespace

int run_app(int argc, char **argv) {
  CLI::App app{"chatbench: load and conformance benchmark for chat-completions APIs", "chatbench"};
  app.set_version_flag("--version", [] { return version_text(); });
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 passed, 1 a check failed, 2 bad input or configuration, 3 interrupted.");

  // Each command registers its subcommand and, when chosen, sets `action`.
  std::function<int()> action;
  add_run_command(app, action, argc, argv);
  add_check_command(app, action);
  add_compare_command(app, action);
  add_report_command(app, action);
  add_validate_command(app, action);
  add_mock_command(app, action);

  if (const auto names = command_names(app);
      argc > 1 && argv[1][0] != '-' &&
      std::find(names.begin(), names.end(), argv[1]) == names.end()) {
    std::cerr << unknown_command_message(names, argv[1]) << '\n';
    return k_exit_bad_input;
  }
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
