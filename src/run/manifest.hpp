#pragma once
// The run manifest (run/result.hpp): versions of chatbench, libcurl and TLS, the machine's
// cores, and what identifies the scenario input. Pure apart from reading the library versions.
#include "run/result.hpp"
#include "scenario/scenario.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace chatbench::run {

struct ManifestInput {
  std::string scenario_text;             ///< the bytes that were loaded (file or flag document)
  std::vector<std::string> overrides;    ///< --set values
  std::vector<std::string> command_line; ///< argv
};

/// Everything but `started` and `duration_ns`, which the run fills in.
Manifest make_manifest(const scenario::Scenario &scenario, const ManifestInput &input);

/// 64-bit FNV-1a of `bytes` as 16 lowercase hex digits.
std::string fnv1a64_hex(std::string_view bytes);

} // namespace chatbench::run
