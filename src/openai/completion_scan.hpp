#pragma once
// Internal to the openai module: the choices/usage/error reading shared by stream chunks (whose
// choices carry `delta`) and full responses (whose choices carry `message`), in two
// implementations that must agree: a scanner over the text (completion_fast.cpp) and a walk over
// a parsed value (completion_json.cpp). Thread-safe.
#include "openai/chunk.hpp"

#include <string_view>

namespace chatbench::openai::detail {

enum class ChoiceField : std::uint8_t { delta, message };

/// Classifies `text`; kind invalid_json when nlohmann would reject it.
ChunkInfo scan_completion(std::string_view text, ChoiceField field) noexcept;
/// Classifies a parsed value; never invalid_json.
ChunkInfo walk_completion(const nlohmann::json &value, ChoiceField field) noexcept;
/// Sets info.kind from the other fields (both implementations end with it).
void finish_kind(ChunkInfo &info) noexcept;

} // namespace chatbench::openai::detail
