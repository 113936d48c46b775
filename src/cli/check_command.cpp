#include "cli/check_command.hpp"

#include "cli/app.hpp"
#include "cli/scenario_flags.hpp"
#include "report/check_report.hpp"
#include "report/json_report.hpp"
#include "run/check_runner.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

namespace chatbench::cli {
namespace {

struct CheckFlags {
  ScenarioFlags scenario;
  bool quiet = false;
};

int check_command(const CheckFlags &flags) {
  Result<LoadedScenario> loaded = load_scenario(flags.scenario, "check");
  if (!loaded) {
    std::cerr << "chatbench check: " << loaded.error().message << '\n';
    return k_exit_bad_input;
  }
  const scenario::Scenario &s = loaded->scenario;
  const std::filesystem::path dir =
      !flags.scenario.out.empty()
          ? std::filesystem::path(flags.scenario.out)
          : (!s.report.dir.empty() ? std::filesystem::path(s.report.dir)
                                   : std::filesystem::path("reports") / s.name);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::cerr << "chatbench check: cannot create the report folder " << dir.string() << ": "
              << error.message() << '\n';
    return k_exit_bad_input;
  }
  Result<run::CheckOutput> output = run::check_scenario(s);
  if (!output) {
    std::cerr << "chatbench check: " << output.error().message << '\n';
    return k_exit_bad_input;
  }
  const std::string json_path = (dir / "check.json").string();
  const std::string junit_path = (dir / "junit.xml").string();
  for (const Result<void> &written :
       {report::write_json_file(json_path, report::check_json(*output)),
        report::write_text_file(junit_path, report::check_junit(*output))}) {
    if (!written) {
      std::cerr << "chatbench check: " << written.error().message << '\n';
      return k_exit_bad_input;
    }
  }
  if (!flags.quiet) {
    report::print_check(std::cout, *output, console_options());
    std::cout << "report: " << json_path << ", " << junit_path << '\n';
  }
  return output->passed() ? k_exit_ok : k_exit_failed;
}

} // namespace

void add_check_command(CLI::App &app, std::function<int()> &action) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App *cmd = app.add_subcommand(
      "check", "Probe each target's conformance to its provider profile, without load");
  add_scenario_flags(cmd, flags->scenario, QuickFlags::target);
  cmd->add_option("-o,--out", flags->scenario.out,
                  "Report folder for check.json and junit.xml (default: the scenario's "
                  "report.dir, else reports/<scenario name>)");
  cmd->add_flag("-q,--quiet", flags->quiet, "Print nothing; the exit code and files tell");
  cmd->footer("Exit codes: 0 every probe passed, 1 a probe failed, 2 bad input or configuration.");
  cmd->callback([&action, flags] {
    action = [flags] {
      return check_command(*flags);
    };
  });
}

} // namespace chatbench::cli
