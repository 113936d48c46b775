#pragma once
// Deterministic completion text and token accounting. Each output token is one word of a fixed
// vocabulary chosen by hashing (seed, request index, token position): the same request index
// under the same seed always reads the same. Words need no JSON escaping. Pure; thread-safe.
//
// Prompt tokens are estimated as an OpenAI-style chat overhead plus about four bytes per token:
//   prompt_tokens = 3 + sum over messages of (3 + ceil(bytes of the message's text / 4))
// where a message's text is its string content, or the `text` of its content parts.
#include <cstdint>
#include <string>
#include <string_view>

namespace chatbench::mock {

/// Token `position` of the completion for `request_index` ("Lorem", " ipsum", ...): the first
/// token has no leading space, later ones start with one.
std::string_view token_text(std::uint64_t seed, std::uint64_t request_index,
                            std::uint32_t position) noexcept;

/// Appends tokens [first, first + count) to `out`.
void append_tokens(std::string &out, std::uint64_t seed, std::uint64_t request_index,
                   std::uint32_t first, std::uint32_t count);

/// The estimate above, for a message whose text has `text_bytes` bytes.
constexpr std::uint32_t message_tokens(std::size_t text_bytes) noexcept {
  return 3 + static_cast<std::uint32_t>((text_bytes + 3) / 4);
}
inline constexpr std::uint32_t k_prompt_overhead_tokens = 3;

} // namespace chatbench::mock
