#pragma once
// A scenario from command-line flags alone (`chatbench run --target URL --provider P ...`), built
// as a JSON document and decoded by the same loader as files, so flags get the same checks and
// messages (origin "command line"). Values stay strings until decoding, so "30s", "10k" and
// "50/s" mean what they mean in a file.
#include "scenario/loader.hpp"

#include <optional>
#include <string>
#include <vector>

namespace chatbench::scenario {

struct QuickOptions {
  std::string target; ///< base URL, or "mock"
  std::string provider = "openai";
  std::string model;       ///< required unless the target is "mock"
  std::string api_key_env; ///< environment variable holding the key ("" = the provider's default
                           ///< variable when it is set in the environment, else no key)
  std::string prompt = "Write a haiku about latency.";
  bool stream = false;
  /// "sweep" or "search" (--sweep, --search): the steps' levels come from the capacity flags
  /// (LoadOptions::capacity) and `duration` is each step's; "" for a single run.
  std::string capacity_mode;
  std::optional<std::string> concurrency;
  std::optional<std::string> rate;
  std::optional<std::string> requests;
  std::optional<std::string> duration;
  std::optional<std::string> max_tokens;
  std::vector<std::string> thresholds;
  std::string out; ///< report folder, relative to the current directory
};

/// The scenario document the flags describe (before --set overrides).
nlohmann::json quick_scenario_document(const QuickOptions &options);

/// quick_scenario_document() decoded with `load` (overrides apply as for files).
Result<Scenario> load_quick_scenario(const QuickOptions &options, const LoadOptions &load = {});

} // namespace chatbench::scenario
