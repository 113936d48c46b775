#include "cli/scenario_flags.hpp"

#include "scenario/loader.hpp"

#include <CLI/CLI.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace chatbench::cli {
namespace {

// Quick flags record their own name when given, so that mixing them with a file is refused.
template <class T>
void quick_option(CLI::App *cmd, ScenarioFlags &flags, const std::string &name, T &into,
                  const std::string &help) {
  CLI::Option *option = cmd->add_option(name, into, help);
  const std::string label = option->get_name();
  option->each([&flags, label](const std::string &) { flags.quick_flags_given.push_back(label); });
}

// A sweep or search sets each step's level and times each step: the quick flags for a level or a
// request count would be dropped, so they are refused.
Result<void> check_quick_load(const ScenarioFlags &flags) {
  const scenario::CapacityFlags &c = flags.capacity;
  if (c.sweep.has_value() == c.search.has_value()) {
    return {}; // neither, or both, which the loader refuses
  }
  const std::string mode = c.sweep ? "--sweep" : "--search";
  const auto refuse = [&](const std::string &flag, const std::string &why) {
    return make_error(ErrorCode::invalid_argument,
                      flag + " cannot be combined with " + mode + ": " + why);
  };
  if (flags.quick.concurrency || flags.quick.rate) {
    return refuse(flags.quick.rate ? "--rate" : "--concurrency",
                  "the " + std::string(c.sweep ? "sweep" : "search") +
                      " sets each step's level (e.g. " + mode + " " +
                      (flags.quick.rate ? "rate" : "concurrency") + ")");
  }
  if (flags.quick.requests) {
    return refuse("--requests", "each step is timed; set its length with --duration");
  }
  return {};
}

} // namespace

void add_scenario_flags(CLI::App *cmd, ScenarioFlags &f, QuickFlags which) {
  cmd->add_option("scenario", f.file, "Scenario file (JSON, comments allowed)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", f.overrides,
                  "Override a scenario field, e.g. --set load.rate=50 (repeatable)");
  quick_option(cmd, f, "--target", f.quick.target, "Without a file: base URL, or 'mock'");
  quick_option(cmd, f, "--provider", f.quick.provider,
               "Without a file: openai, infera, fortytwo, interactive, 8080, solidrust");
  quick_option(cmd, f, "--model", f.quick.model, "Without a file: the model id");
  quick_option(cmd, f, "--api-key-env", f.quick.api_key_env,
               "Without a file: the variable holding the key");
  quick_option(cmd, f, "--prompt", f.quick.prompt, "Without a file: the user message");
  quick_option(cmd, f, "--max-tokens", f.quick.max_tokens, "Without a file: max_tokens");
  if (which == QuickFlags::target) {
    return;
  }
  quick_option(cmd, f, "-c,--concurrency", f.quick.concurrency,
               "Without a file: requests in flight");
  quick_option(cmd, f, "--rate", f.quick.rate, "Without a file: arrivals per second, e.g. 50/s");
  quick_option(cmd, f, "-n,--requests", f.quick.requests, "Without a file: measured requests");
  quick_option(cmd, f, "-d,--duration", f.quick.duration, "Without a file: measured duration");
  cmd->add_flag("--stream", f.quick.stream, "Without a file: stream the responses (SSE)")
      ->each([&f](const std::string &) { f.quick_flags_given.push_back("--stream"); });
  cmd->add_option("--sweep", f.capacity.sweep,
                  "Capacity sweep: rate|concurrency[:LEVELS], e.g. 'rate' (automatic plan) or "
                  "'concurrency:1,2,4,8'");
  cmd->add_option("--search", f.capacity.search,
                  "Capacity search for the highest level meeting every --slo: rate|concurrency");
  cmd->add_option("--slo", f.capacity.slo,
                  "With --sweep or --search: an SLO each step is judged by, e.g. "
                  "'ttft.p95 < 500ms' (repeatable)");
}

Result<LoadedScenario> load_scenario(const ScenarioFlags &flags, std::string_view command) {
  scenario::LoadOptions options;
  options.overrides = flags.overrides;
  options.capacity = flags.capacity;
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
    return LoadedScenario{std::move(*loaded), std::move(*text)};
  }
  if (flags.quick.target.empty()) {
    const std::string c(command);
    return make_error(ErrorCode::invalid_argument,
                      "give a scenario file (chatbench " + c +
                          " scenarios/quickstart.json) or a target (chatbench " + c +
                          " --target mock)");
  }
  if (Result<void> checked = check_quick_load(flags); !checked) {
    return Unexpected(checked.error());
  }
  scenario::QuickOptions quick = flags.quick;
  quick.out = flags.out;
  quick.capacity_mode = flags.capacity.sweep ? "sweep" : flags.capacity.search ? "search" : "";
  Result<scenario::Scenario> loaded = scenario::load_quick_scenario(quick, options);
  if (!loaded) {
    return Unexpected(loaded.error());
  }
  return LoadedScenario{std::move(*loaded), scenario::quick_scenario_document(quick).dump()};
}

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

} // namespace chatbench::cli
