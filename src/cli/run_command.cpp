#include "cli/run_command.hpp"

#include "cli/app.hpp"
#include "report/console.hpp"
#include "report/json_report.hpp"
#include "report/thresholds.hpp"
#include "run/runner.hpp"
#include "scenario/loader.hpp"
#include "scenario/quick.hpp"
#include "scenario/summary.hpp"
#include "scenario/threshold.hpp"

#include <CLI/CLI.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <span>

namespace chatbench::cli {
namespace {

struct RunFlags {
  std::string file;
  scenario::QuickOptions quick;
  std::vector<std::string> overrides;
  std::vector<std::string> thresholds;
  std::string out;
  bool quiet = false;
  bool no_requests = false;
  std::vector<std::string> command_line;
  std::vector<std::string> quick_flags_given; // quick flags seen, to refuse them with a file
};

struct Loaded {
  scenario::Scenario scenario;
  std::string text; // what the manifest hashes
};

Result<Loaded> load(const RunFlags &flags) {
  scenario::LoadOptions options;
  options.overrides = flags.overrides;
  if (!flags.file.empty()) {
    if (!flags.quick_flags_given.empty()) {
      return make_error(ErrorCode::invalid_argument,
                        flags.quick_flags_given.front() +
                            " builds a scenario from flags and cannot be combined with a "
                            "scenario file; change the file, or use --set (e.g. --set "
                            "load.concurrency=8)");
    }
    // Read once: the same bytes are decoded and hashed into the manifest.
    Result<std::string> text = scenario::read_scenario_file(flags.file);
    if (!text) {
      return Unexpected(text.error());
    }
    Result<scenario::Scenario> loaded = scenario::load_scenario_text(
        *text, flags.file, std::filesystem::path(flags.file).parent_path(), options);
    if (!loaded) {
      return Unexpected(loaded.error());
    }
    return Loaded{std::move(*loaded), std::move(*text)};
  }
  if (flags.quick.target.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "give a scenario file (chatbench run scenarios/quickstart.json) or a target "
                      "(chatbench run --target mock)");
  }
  scenario::QuickOptions quick = flags.quick;
  quick.out = flags.out;
  Result<scenario::Scenario> loaded = scenario::load_quick_scenario(quick, options);
  if (!loaded) {
    return Unexpected(loaded.error());
  }
  return Loaded{std::move(*loaded), scenario::quick_scenario_document(quick).dump()};
}

// --threshold expressions join the scenario's (the quick flags already put them in).
Result<void> add_thresholds(const RunFlags &flags, scenario::Scenario &s) {
  if (flags.file.empty()) {
    return {};
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
  if (!flags.out.empty()) {
    return flags.out;
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

// Colours and the terminal's width when stdout is a terminal; plain 100 columns otherwise.
report::ConsoleOptions console_options() {
  report::ConsoleOptions options;
  if (::isatty(STDOUT_FILENO) == 1) {
    options.color = std::getenv("NO_COLOR") == nullptr;
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
      options.width = size.ws_col;
    }
  }
  return options;
}

int run_command(const RunFlags &flags) {
  Result<Loaded> loaded = load(flags);
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
  options.write_requests = !flags.no_requests;
  options.progress = flags.quiet ? nullptr : stderr;
  options.notes = flags.quiet ? nullptr : &std::cerr;
  options.manifest = {loaded->text, flags.overrides, flags.command_line};
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
  const std::string report_path = (std::filesystem::path(output->out_dir) / "report.json").string();
  if (Result<void> written =
          report::write_json_file(report_path, report::report_json(*output, s, verdicts));
      !written) {
    std::cerr << "chatbench run: " << written.error().message << '\n';
    return k_exit_bad_input;
  }
  report::print_summary(std::cout, *output, verdicts, console_options());
  std::cout << "report: " << report_path << '\n';
  return exit_code(*output, verdicts);
}

// Quick flags record their own name when given, so that mixing them with a file is refused.
template <class T>
CLI::Option *quick_option(CLI::App *cmd, RunFlags &flags, const std::string &name, T &into,
                          const std::string &help) {
  CLI::Option *option = cmd->add_option(name, into, help);
  const std::string label = option->get_name();
  option->each([&flags, label](const std::string &) { flags.quick_flags_given.push_back(label); });
  return option;
}

} // namespace

void add_run_command(CLI::App &app, std::function<int()> &action, int argc, char **argv) {
  auto flags = std::make_shared<RunFlags>();
  flags->command_line.assign(argv, argv + argc);
  RunFlags &f = *flags;
  CLI::App *cmd = app.add_subcommand("run", "Run a scenario (or the quick flags) and report");
  cmd->add_option("scenario", f.file, "Scenario file (JSON, comments allowed)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", f.overrides,
                  "Override a scenario field, e.g. --set load.rate=50 (repeatable)");
  cmd->add_option("--threshold", f.thresholds,
                  "A pass/fail expression, e.g. 'ttft.p95 < 500ms' (repeatable)");
  cmd->add_option("-o,--out", f.out,
                  "Report folder (default: the scenario's report.dir, else "
                  "reports/<scenario name>)");
  cmd->add_flag("-q,--quiet", f.quiet, "No progress line and no set-up notes");
  cmd->add_flag("--no-requests-log", f.no_requests, "Do not write requests.jsonl");
  quick_option(cmd, f, "--target", f.quick.target, "Without a file: base URL, or 'mock'");
  quick_option(cmd, f, "--provider", f.quick.provider,
               "Without a file: openai, infera, fortytwo, interactive, 8080, solidrust");
  quick_option(cmd, f, "--model", f.quick.model, "Without a file: the model id");
  quick_option(cmd, f, "--api-key-env", f.quick.api_key_env,
               "Without a file: the variable holding the key");
  quick_option(cmd, f, "--prompt", f.quick.prompt, "Without a file: the user message");
  quick_option(cmd, f, "-c,--concurrency", f.quick.concurrency,
               "Without a file: requests in flight");
  quick_option(cmd, f, "--rate", f.quick.rate, "Without a file: arrivals per second, e.g. 50/s");
  quick_option(cmd, f, "-n,--requests", f.quick.requests, "Without a file: measured requests");
  quick_option(cmd, f, "-d,--duration", f.quick.duration, "Without a file: measured duration");
  quick_option(cmd, f, "--max-tokens", f.quick.max_tokens, "Without a file: max_tokens");
  cmd->add_flag("--stream", f.quick.stream, "Without a file: stream the responses (SSE)")
      ->each([&f](const std::string &) { f.quick_flags_given.push_back("--stream"); });
  cmd->callback([&action, flags] {
    flags->quick.thresholds = flags->thresholds;
    action = [flags] {
      return run_command(*flags);
    };
  });
}

} // namespace chatbench::cli
