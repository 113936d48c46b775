#pragma once
// What `run` and `check` share on the command line: a scenario file, or the quick flags that
// build a one-target scenario without one (scenario/quick.hpp), with --set overrides; `run`'s
// capacity flags --sweep, --search and --slo (scenario/capacity_flags.hpp), which work with
// either; and the console options for stdout. A quick flag next to a file is refused, naming the
// flag, and so are the quick flags a sweep or search sets itself (-c, --rate, -n).
#include "report/console.hpp"
#include "scenario/capacity_flags.hpp"
#include "scenario/quick.hpp"
#include "scenario/scenario.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace chatbench::cli {

struct ScenarioFlags {
  std::string file;
  scenario::QuickOptions quick;
  std::vector<std::string> overrides;
  scenario::CapacityFlags capacity;           ///< --sweep, --search, --slo
  std::string out;                            ///< --out, also the quick scenario's report.dir
  std::vector<std::string> quick_flags_given; ///< quick flags seen, to refuse them with a file
};

struct LoadedScenario {
  scenario::Scenario scenario;
  std::string text; ///< the bytes decoded: the file's, or the quick flags' document
};

/// Which quick flags a command offers: the target's alone, or the load's as well.
enum class QuickFlags { target, target_and_load };

/// Adds the scenario positional, --set and the quick flags to `cmd` (with the load's, the
/// capacity flags); `flags` must outlive it.
void add_scenario_flags(CLI::App *cmd, ScenarioFlags &flags, QuickFlags which);

/// The scenario the flags name; ErrorCode::invalid_argument (flags) or invalid_scenario (file).
/// `command` ("run") names the command in the message when neither a file nor --target is given.
Result<LoadedScenario> load_scenario(const ScenarioFlags &flags, std::string_view command);

/// Colours and the terminal's width when stdout is a terminal; plain 100 columns otherwise.
report::ConsoleOptions console_options();

} // namespace chatbench::cli
