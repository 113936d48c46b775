#pragma once
// Why a choice ended, as chunks and responses report it, and a small set of them (a chunk with
// several choices may carry several). Pure values; thread-safe.
#include <cstdint>
#include <string_view>

namespace chatbench::openai {

enum class FinishReason : std::uint8_t {
  stop,           ///< natural end or a stop sequence
  length,         ///< max_tokens or the context limit
  tool_calls,     ///< the model called tools
  content_filter, ///< output withheld by a filter
  function_call,  ///< legacy function calling
  error,          ///< OpenRouter / Interactive AI: the generation failed mid-stream
  other,          ///< any other string (vLLM's "abort", a provider's own word, ...)
};

/// The reason a finish_reason string names; strings outside the list are FinishReason::other.
FinishReason parse_finish_reason(std::string_view text) noexcept;
/// "stop", "length", "tool_calls", "content_filter", "function_call", "error", "other".
std::string_view to_string(FinishReason reason) noexcept;

class FinishReasons {
public:
  constexpr void add(FinishReason reason) noexcept { m_bits |= bit(reason); }
  constexpr bool has(FinishReason reason) const noexcept { return (m_bits & bit(reason)) != 0; }
  constexpr bool empty() const noexcept { return m_bits == 0; }
  constexpr void merge(FinishReasons other) noexcept { m_bits |= other.m_bits; }
  constexpr std::uint8_t bits() const noexcept { return m_bits; }
  constexpr bool operator==(const FinishReasons &) const noexcept = default;

private:
  static constexpr std::uint8_t bit(FinishReason reason) noexcept {
    return static_cast<std::uint8_t>(1U << static_cast<unsigned>(reason));
  }
  std::uint8_t m_bits = 0;
};

} // namespace chatbench::openai
