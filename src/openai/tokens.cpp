#include "openai/tokens.hpp"

#include <cmath>

namespace chatbench::openai {
namespace {

constexpr double k_max_exact = 9007199254740992.0; // 2^53

bool usable(const std::optional<double> &count) {
  return count && std::isfinite(*count) && *count >= 0 && *count <= k_max_exact;
}

} // namespace

std::string_view to_string(TokenSource source) noexcept {
  switch (source) {
  case TokenSource::usage:
    return "usage";
  case TokenSource::chunks:
    return "chunks";
  case TokenSource::none:
    break;
  }
  return "none";
}

OutputTokens count_output_tokens(std::uint64_t token_chunks, const std::optional<Usage> &usage,
                                 bool streamed) noexcept {
  OutputTokens out;
  out.token_chunks = token_chunks;
  if (usage) {
    out.usage_completion_tokens = usage->completion_tokens;
  }
  if (usage && usable(usage->completion_tokens)) {
    out.count = static_cast<std::uint64_t>(std::llround(*usage->completion_tokens));
    out.source = TokenSource::usage;
  } else if (streamed) {
    out.count = token_chunks;
    out.source = TokenSource::chunks;
  }
  return out;
}

void StreamTally::add(const ChunkInfo &chunk) noexcept {
  ++m_chunks;
  if (!chunk.valid_json()) {
    ++m_invalid_chunks;
    return;
  }
  if (chunk.error) {
    ++m_error_events;
  }
  if (chunk.carries_tokens()) {
    if (!m_first_token) {
      m_first_token = m_chunks - 1;
    }
    ++m_token_chunks;
  } else if (chunk.role) {
    ++m_role_chunks;
  }
  m_content_bytes += chunk.content_bytes;
  m_reasoning_bytes += chunk.reasoning_bytes;
  m_finish_reasons.merge(chunk.finish_reasons);
  if (chunk.usage && (chunk.usage->completion_tokens || !m_usage || !m_usage->completion_tokens)) {
    m_usage = chunk.usage;
  }
}

} // namespace chatbench::openai
