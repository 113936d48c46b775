#pragma once
// Loads a scenario: JSON with comments -> Scenario, with every relative path resolved against
// the file's folder, every unit parsed and every default filled in.
//
// On failure the error (ErrorCode::invalid_scenario) lists one problem per line, each naming
// where it is and what was expected and found:
//   scenarios/x.json:12:5: /load/rate: expected a rate such as "50/s", ..., found "fast"
//   scenarios/x.json:7:5: /load/rat: unknown key "rat"; did you mean "rate"?
//   --set load.rat=5: /load/rat: unknown key "rat"; did you mean "rate"?
// Overrides ("--set PATH=VALUE") and the capacity flags (--sweep, --search, --slo:
// capacity_flags.hpp) are applied to the document before decoding, so they are checked exactly
// like the file. Thread-safe (no shared state); reads the files it names.
#include "scenario/capacity_flags.hpp"
#include "scenario/scenario.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::scenario {

struct LoadOptions {
  /// "load.rate=50", "targets.0.model=gpt-4o": a dotted path (array items by index) and a value
  /// read as JSON when it parses as JSON, else as a string ("30s").
  std::vector<std::string> overrides;
  /// --sweep, --search and --slo, applied before the overrides.
  CapacityFlags capacity;
};

Result<Scenario> load_scenario_file(const std::string &path, const LoadOptions &options = {});

/// The file's bytes (ErrorCode::invalid_scenario naming the path when it cannot be read), for
/// callers that keep the text, e.g. to hash it; load_scenario_text() then decodes it.
Result<std::string> read_scenario_file(const std::string &path);

/// `origin` names the text in messages (a file name); relative paths resolve against base_dir.
Result<Scenario> load_scenario_text(std::string_view text, const std::string &origin,
                                    const std::filesystem::path &base_dir,
                                    const LoadOptions &options = {});

/// For scenarios built in memory (the quick-run flags): no positions, messages name `origin`.
Result<Scenario> load_scenario_json(nlohmann::json document, const std::string &origin,
                                    const std::filesystem::path &base_dir,
                                    const LoadOptions &options = {});

} // namespace chatbench::scenario
