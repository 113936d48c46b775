#include "openai/chunk.hpp"
#include "openai/completion_scan.hpp"

#include <array>

namespace chatbench::openai {
namespace {

constexpr std::array<std::string_view, 8> k_kind_names{
    "invalid_json", "not_object", "error", "tokens", "role", "finish", "usage", "empty"};

} // namespace

std::string_view to_string(ChunkKind kind) noexcept {
  const auto i = static_cast<std::size_t>(kind);
  return i < k_kind_names.size() ? k_kind_names[i] : "invalid_json";
}

ChunkInfo classify_chunk(std::string_view data) noexcept {
  return detail::scan_completion(data, detail::ChoiceField::delta);
}

ChunkInfo classify_chunk_json(const nlohmann::json &chunk) noexcept {
  return detail::walk_completion(chunk, detail::ChoiceField::delta);
}

ParsedChunk parse_chunk(std::string_view data) {
  ParsedChunk out;
  out.value = nlohmann::json::parse(data, nullptr, false);
  if (!out.value.is_discarded()) {
    out.info = classify_chunk_json(out.value);
  }
  return out;
}

} // namespace chatbench::openai
