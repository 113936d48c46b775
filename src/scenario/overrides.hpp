#pragma once
// "--set PATH=VALUE" overrides applied to a scenario document before it is decoded.
#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace chatbench::scenario {

struct AppliedOverride {
  std::string text;    ///< the flag as given, for messages: "--set load.rate=50"
  std::string pointer; ///< where it landed: "/load/rate"
};

/// Applies each "a.b.c=value" in order: the path is dotted, array items by index
/// ("targets.0.model"), missing objects are created; the value is read as JSON if it parses
/// ("50", "true", "[1,2]", "\"x\"") and as a plain string otherwise ("30s", "gpt-4o").
/// Fails (ErrorCode::invalid_argument) on a malformed override or a path through a non-object.
Result<std::vector<AppliedOverride>> apply_overrides(nlohmann::json &document,
                                                     const std::vector<std::string> &overrides);

} // namespace chatbench::scenario
