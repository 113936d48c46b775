#pragma once
// The timing of one generation, decided up front from (seed, request index) so that a run can be
// repeated exactly: time to first content, output length and the gap before each later chunk.
//
// Chunk c carries tokens [c*k, min((c+1)*k, n)) for k = tokens_per_chunk and n output tokens.
// Chunk 0 is due `ttft` after the generation starts (admission); chunk c >= 1 is due the sum of
// the inter-token gaps of its own tokens after chunk c-1. A non-streamed answer is due when its
// last chunk would be. Pure functions and value types; thread-safe.
#include "mock/config.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace chatbench::mock {

class LatencyPlan {
public:
  std::chrono::nanoseconds ttft() const noexcept { return m_ttft; }
  std::uint32_t output_tokens() const noexcept { return m_output_tokens; }
  std::uint32_t tokens_per_chunk() const noexcept { return m_tokens_per_chunk; }
  /// true when a request's max_tokens cut the drawn length short (finish_reason "length").
  bool truncated() const noexcept { return m_truncated; }
  std::uint32_t chunks() const noexcept;
  /// Tokens in chunk c (the last chunk may be short).
  std::uint32_t chunk_tokens(std::uint32_t c) const noexcept;
  /// Delay of chunk c after the previous one; chunk 0's is ttft().
  std::chrono::nanoseconds chunk_delay(std::uint32_t c) const noexcept;
  /// From generation start to the last chunk.
  std::chrono::nanoseconds total() const noexcept;

private:
  friend LatencyPlan make_plan(const LatencyConfig &, std::uint64_t, std::uint64_t,
                               std::optional<std::uint32_t>);
  std::chrono::nanoseconds m_ttft{};
  std::uint32_t m_output_tokens = 1;
  std::uint32_t m_tokens_per_chunk = 1;
  bool m_truncated = false;
  std::chrono::nanoseconds m_constant_gap{};    ///< chunk gap when the ITL is constant
  std::vector<std::chrono::nanoseconds> m_gaps; ///< chunk gaps (index c-1) otherwise
};

/// Draws a plan. Output length is at least 1 token and at most `max_tokens` when given (and at
/// most 1,000,000). Negative draws are clamped to 0.
LatencyPlan make_plan(const LatencyConfig &config, std::uint64_t seed, std::uint64_t request_index,
                      std::optional<std::uint32_t> max_tokens);

/// A 64-bit mix of (seed, stream, index): the source of every per-request random choice.
std::uint64_t mix(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) noexcept;

} // namespace chatbench::mock
