#pragma once
// Output-token accounting for one request. Two counts exist: the server's
// usage.completion_tokens (exact, but optional, and a double at Interactive AI) and the number of
// token-bearing chunks (always available on a stream, exact only when each chunk is one token).
// The rule, as vLLM's and guidellm's benchmarks do (anchors-llm-bench.md section 1): use
// completion_tokens when the reply reports a usable one (a finite number in [0, 2^53], rounded to
// the nearest integer), else the chunk count; both are kept so reports can show the gap.
// Pure values; a StreamTally belongs to one stream (not thread-safe, cheap to copy).
#include "openai/chunk.hpp"
#include "openai/usage.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace chatbench::openai {

enum class TokenSource : std::uint8_t {
  usage,  ///< usage.completion_tokens
  chunks, ///< the count of token-bearing chunks
  none,   ///< neither: a non-streamed reply without usage
};

/// "usage", "chunks", "none".
std::string_view to_string(TokenSource source) noexcept;

struct OutputTokens {
  std::uint64_t count = 0; ///< the figure to use
  TokenSource source = TokenSource::none;
  std::uint64_t token_chunks = 0;                ///< token-bearing chunks seen (0 unstreamed)
  std::optional<double> usage_completion_tokens; ///< as the server sent it, if it did

  bool operator==(const OutputTokens &) const = default;
};

/// Applies the rule. `streamed` false means chunk counts do not exist (source none without usage).
OutputTokens count_output_tokens(std::uint64_t token_chunks, const std::optional<Usage> &usage,
                                 bool streamed = true) noexcept;

/// What one stream's chunks added up to, fed chunk by chunk in arrival order.
class StreamTally {
public:
  /// Adds one event's classification (not `[DONE]`).
  void add(const ChunkInfo &chunk) noexcept;

  std::uint64_t chunks() const noexcept { return m_chunks; }
  std::uint64_t token_chunks() const noexcept { return m_token_chunks; }
  /// Chunks that announce a role and carry no tokens (vLLM's first chunk).
  std::uint64_t role_chunks() const noexcept { return m_role_chunks; }
  std::uint64_t error_events() const noexcept { return m_error_events; }
  std::uint64_t invalid_chunks() const noexcept { return m_invalid_chunks; }
  /// The 0-based position of the first token-bearing chunk (for TTFT), if any.
  std::optional<std::uint64_t> first_token_chunk() const noexcept { return m_first_token; }
  std::uint64_t content_bytes() const noexcept { return m_content_bytes; }
  std::uint64_t reasoning_bytes() const noexcept { return m_reasoning_bytes; }
  FinishReasons finish_reasons() const noexcept { return m_finish_reasons; }
  /// The last usage object that had a completion_tokens number, else the last usage object.
  const std::optional<Usage> &usage() const noexcept { return m_usage; }

  OutputTokens output_tokens() const noexcept {
    return count_output_tokens(m_token_chunks, m_usage);
  }

private:
  std::uint64_t m_chunks = 0;
  std::uint64_t m_token_chunks = 0;
  std::uint64_t m_role_chunks = 0;
  std::uint64_t m_error_events = 0;
  std::uint64_t m_invalid_chunks = 0;
  std::optional<std::uint64_t> m_first_token;
  std::uint64_t m_content_bytes = 0;
  std::uint64_t m_reasoning_bytes = 0;
  FinishReasons m_finish_reasons;
  std::optional<Usage> m_usage;
};

} // namespace chatbench::openai
