#include "cli/validate_command.hpp"

#include "cli/app.hpp"
#include "scenario/loader.hpp"
#include "scenario/summary.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace chatbench::cli {
namespace {

struct ValidateOptions {
  std::vector<std::string> files;
  std::vector<std::string> overrides;
  bool quiet = false;
};

int run_validate(const ValidateOptions &options) {
  int failed = 0;
  scenario::LoadOptions load;
  load.overrides = options.overrides;
  for (const std::string &file : options.files) {
    auto loaded = scenario::load_scenario_file(file, load);
    if (!loaded) {
      std::cerr << loaded.error().message << '\n';
      ++failed;
      continue;
    }
    if (!options.quiet) {
      std::cout << file << ": ok: " << scenario::summarize(*loaded) << '\n';
    }
  }
  if (failed > 0 && options.files.size() > 1) {
    std::cerr << failed << " of " << options.files.size() << " scenarios are invalid\n";
  }
  return failed == 0 ? k_exit_ok : k_exit_bad_input;
}

} // namespace

void add_validate_command(CLI::App &app, std::function<int()> &action) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App *cmd = app.add_subcommand("validate", "Check scenario files without running them");
  cmd->add_option("files", options->files, "Scenario files (JSON, comments allowed)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", options->overrides,
                  "Override a field before checking, e.g. --set load.rate=50 (repeatable)");
  cmd->add_flag("-q,--quiet", options->quiet, "Print only problems");
  cmd->callback([&action, options] {
    action = [options] {
      return run_validate(*options);
    };
  });
}

} // namespace chatbench::cli
