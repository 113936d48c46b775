#pragma once
// The command line: parses arguments with CLI11, dispatches to a command, maps results to exit
// codes. Every exception that escapes a command is caught here and reported as exit code 2.

namespace chatbench::cli {

/// Exit codes, as documented in the README.
enum ExitCode : int {
  k_exit_ok = 0,          ///< everything passed
  k_exit_failed = 1,      ///< a threshold or a conformance check failed
  k_exit_bad_input = 2,   ///< bad flags, scenario or configuration
  k_exit_interrupted = 3, ///< the run was interrupted or aborted
};

int run_app(int argc, char **argv);

} // namespace chatbench::cli
