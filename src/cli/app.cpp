#include "cli/app.hpp"

#include "cli/version.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

namespace chatbench::cli {

int run_app(int argc, char **argv) {
  CLI::App app{"chatbench: load and conformance benchmark for chat-completions APIs", "chatbench"};
  app.set_version_flag("--version", [] { return version_text(); });
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    const int code = app.exit(e);
    return code == 0 ? k_exit_ok : k_exit_bad_input;
  }
  return k_exit_ok;
}

} // namespace chatbench::cli
