#pragma once
// The `usage` object of a response or of a stream's usage chunk. Counts are doubles because
// Interactive AI types them as `number` (and may send 12.0); integers convert exactly up to
// 2^53. A field that is missing, null or not a number is nullopt. Pure values; thread-safe.
#include <nlohmann/json_fwd.hpp>

#include <optional>

namespace chatbench::openai {

struct Usage {
  std::optional<double> prompt_tokens;
  std::optional<double> completion_tokens;
  std::optional<double> total_tokens;
  std::optional<double> reasoning_tokens; ///< completion_tokens_details.reasoning_tokens
  std::optional<double> total_time_s;     ///< 8080's usage.total_time (server-side seconds)

  bool operator==(const Usage &) const = default;
};

/// Reads a `usage` value: nullopt unless it is an object.
std::optional<Usage> usage_from_json(const nlohmann::json &usage);

} // namespace chatbench::openai
