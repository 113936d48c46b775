#include "cli/run_command.hpp"

#include "cli/app.hpp"
#include "cli/report_files.hpp"
#include "cli/scenario_flags.hpp"
#include "report/console.hpp"
#include "report/json_report.hpp"
#include "report/thresholds.hpp"
#include "run/runner.hpp"
#include "scenario/summary.hpp"
#include "scenario/threshold.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <iostream>
#include <span>

namespace chatbench::cli {
namespace {

struct RunFlags {
  ScenarioFlags scenario;
  std::vector<std::string> thresholds;
  bool quiet = false;
  bool no_requests = false;
  std::vector<std::string> command_line;
};

// --threshold expressions join the scenario's (the quick flags already put them in).
Result<void> add_thresholds(const RunFlags &flags, scenario::Scenario &s) {
  if (flags.scenario.file.empty()) {
    return {}; // the quick flags put them in already
  }
  for (const std::string &text : flags.thresholds) {
    Result<scenario::Threshold> parsed = scenario::parse_threshold(text);
    if (!parsed) {
      return make_error(ErrorCode::invalid_argument, "--threshold: " + parsed.error().message);
    }
    s.checks.thresholds.push_back(std::move(*parsed));
  }
  return {};
}

std::string out_dir(const RunFlags &flags, const scenario::Scenario &s) {
  if (!flags.scenario.out.empty()) {
    return flags.scenario.out;
  }
  if (!s.report.dir.empty()) {
    return s.report.dir;
  }
  return (std::filesystem::path("reports") / s.name).string();
}

int exit_code(const run::RunOutput &output, std::span<const report::Verdict> verdicts) {
  const std::string_view status = report::run_status(output, verdicts);
  if (status == "interrupted") {
    return k_exit_interrupted;
  }
  return status == "passed" ? k_exit_ok : k_exit_failed;
}

// A capacity step's SLOs, judged as thresholds on a run whose only target is the step.
std::vector<capacity::SloResult> judge_step(std::span<const scenario::Threshold> slo,
                                            const run::RunOutput &step) {
  std::vector<capacity::SloResult> results;
  for (report::Verdict &v : report::evaluate_thresholds(slo, step)) {
    results.push_back({std::move(v.expression), v.actual, v.passed, std::move(v.detail)});
  }
  return results;
}

bool wants(const scenario::Scenario &s, std::string_view format) {
  return wants_format(s.report.formats, format);
}

int run_command(const RunFlags &flags) {
  Result<LoadedScenario> loaded = load_scenario(flags.scenario, "run");
  if (!loaded) {
    std::cerr << "chatbench run: " << loaded.error().message << '\n';
    return k_exit_bad_input;
  }
  scenario::Scenario &s = loaded->scenario;
  if (Result<void> added = add_thresholds(flags, s); !added) {
    std::cerr << "chatbench run: " << added.error().message << '\n';
    return k_exit_bad_input;
  }
  run::RunOptions options;
  options.out_dir = out_dir(flags, s);
  options.write_requests = !flags.no_requests && (wants(s, "jsonl") || wants(s, "csv"));
  options.progress = flags.quiet ? nullptr : stderr;
  options.notes = flags.quiet ? nullptr : &std::cerr;
  options.manifest = {loaded->text, flags.scenario.overrides, flags.command_line};
  options.step_judge = judge_step;
  if (!flags.quiet) {
    std::cerr << "chatbench run: " << scenario::summarize(s) << '\n';
  }
  Result<run::RunOutput> output = run::run_scenario(s, options);
  if (!output) {
    std::cerr << "chatbench run: " << output.error().message << '\n';
    return k_exit_bad_input;
  }
  const std::vector<report::Verdict> verdicts =
      report::evaluate_thresholds(s.checks.thresholds, *output);
  // report.json always (the other files are views of the run), then what report.formats asks.
  ReportFiles files{
      output->out_dir, s.report.formats, {}, output->requests_file, scenario::summarize(s)};
  files.write_json = [&](const std::string &path) {
    return report::write_json_file(path, report::report_json(*output, s, verdicts));
  };
  Result<std::vector<std::string>> written = write_report_files(files, *output, verdicts);
  if (!written) {
    std::cerr << "chatbench run: " << written.error().message << '\n';
    return k_exit_bad_input;
  }
  if (wants(s, "console")) {
    report::print_summary(std::cout, *output, verdicts, console_options());
  }
  if (!output->requests_file.empty()) {
    written->push_back(output->requests_file);
  }
  std::cout << written_line(*written);
  return exit_code(*output, verdicts);
}

} // namespace

void add_run_command(CLI::App &app, std::function<int()> &action, int argc, char **argv) {
  auto flags = std::make_shared<RunFlags>();
  flags->command_line.assign(argv, argv + argc);
  RunFlags &f = *flags;
  CLI::App *cmd = app.add_subcommand("run", "Run a scenario (or the quick flags) and report");
  add_scenario_flags(cmd, f.scenario, QuickFlags::target_and_load);
  cmd->add_option("--threshold", f.thresholds,
                  "A pass/fail expression, e.g. 'ttft.p95 < 500ms' (repeatable)");
  cmd->add_option("-o,--out", f.scenario.out,
                  "Report folder (default: the scenario's report.dir, else "
                  "reports/<scenario name>)");
  cmd->add_flag("-q,--quiet", f.quiet, "No progress line and no set-up notes");
  cmd->add_flag("--no-requests-log", f.no_requests, "Do not write requests.jsonl");
  cmd->callback([&action, flags] {
    flags->scenario.quick.thresholds = flags->thresholds;
    action = [flags] {
      return run_command(*flags);
    };
  });
}

} // namespace chatbench::cli
