#pragma once
// Decoding one streamed chat-completions chunk: the `data` of one SSE event other than `[DONE]`.
//
// classify_chunk(text) is the hot path. The load engine calls it for every event to timestamp the
// first token and count token-bearing chunks, so it reads the text once without building a DOM
// or allocating (a validating scanner; see benchmarks in tests/bench/openai_chunk_bench.cpp). It
// accepts exactly the texts nlohmann::json::parse accepts and, for those, agrees field by field
// with classify_chunk_json(parsed value), the full-parse path that conformance checks use (the fuzz
// target fuzz_openai_chunk checks both claims).
//
// What counts (anchors-llm-bench.md section 1; research/seeds-and-conformance.md 1.10):
// - A chunk carries tokens when some choice's `delta` has a non-empty string `content`,
//   `reasoning` or `reasoning_content` (vLLM, OpenRouter), `refusal`, or a non-empty `tool_calls`
//   array. A role chunk (`{"role":"assistant","content":""}`, vLLM's first) does not; neither
//   does a finish chunk with an empty delta nor the include_usage chunk with `choices: []`.
// - An error event is an object whose top-level `error` is present and not null (OpenRouter's
//   mid-stream error, which may also carry `finish_reason: "error"`).
// - Keys may come in any order; a duplicate key counts with its last value, as nlohmann keeps it.
//   Escapes are decoded before comparing keys and measuring lengths.
// All functions are thread-safe (no shared state).
#include "openai/finish_reason.hpp"
#include "openai/usage.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace chatbench::openai {

/// One word for what a chunk means to timing, by priority (the first that applies).
enum class ChunkKind : std::uint8_t {
  invalid_json, ///< not JSON (truncated, malformed, invalid UTF-8): a failed request's cause
  not_object,   ///< valid JSON that is not an object
  error,        ///< a top-level `error` that is not null: a mid-stream error event
  tokens,       ///< some delta carries content, reasoning, refusal or tool calls
  role,         ///< a delta announces a role and nothing carries tokens
  finish,       ///< a finish_reason without tokens
  usage,        ///< a usage object and no choices (the include_usage final chunk)
  empty,        ///< none of these (an empty delta, metadata only)
};

/// "invalid_json", "not_object", "error", "tokens", "role", "finish", "usage", "empty".
std::string_view to_string(ChunkKind kind) noexcept;

struct ChunkInfo {
  ChunkKind kind = ChunkKind::invalid_json;
  bool error = false;                 ///< top-level `error` present and not null
  bool choices_array = false;         ///< top-level `choices` is an array (possibly empty)
  std::uint32_t choices = 0;          ///< its elements
  bool role = false;                  ///< some delta has a string `role`
  bool content = false;               ///< some delta has a non-empty string `content`
  bool reasoning = false;             ///< ... a non-empty string `reasoning` or `reasoning_content`
  bool refusal = false;               ///< ... a non-empty string `refusal`
  bool tool_calls = false;            ///< ... a non-empty `tool_calls` array
  FinishReasons finish_reasons;       ///< the string finish_reasons of the choices
  std::uint64_t content_bytes = 0;    ///< decoded UTF-8 bytes of `content`, over the choices
  std::uint64_t reasoning_bytes = 0;  ///< per choice the longer of the two reasoning fields
  std::uint32_t tool_call_deltas = 0; ///< elements of the `tool_calls` arrays
  std::optional<Usage> usage;         ///< top-level `usage` when it is an object

  bool valid_json() const noexcept { return kind != ChunkKind::invalid_json; }
  /// Counts for TTFT and for the chunk-based token count.
  bool carries_tokens() const noexcept { return content || reasoning || refusal || tool_calls; }
  bool operator==(const ChunkInfo &) const = default;
};

/// The hot path: classifies one event's data without allocating. Never throws.
ChunkInfo classify_chunk(std::string_view data) noexcept;

/// The same classification from a parsed value (kind is never invalid_json).
ChunkInfo classify_chunk_json(const nlohmann::json &chunk) noexcept;

/// The full-parse path for conformance checks: the value (discarded when the text is not JSON)
/// and its classification.
struct ParsedChunk {
  nlohmann::json value;
  ChunkInfo info;
};
ParsedChunk parse_chunk(std::string_view data);

} // namespace chatbench::openai
