#pragma once
// The JSON payloads of successful answers, per provider, built as strings (no JSON objects on the
// hot path): the non-streamed completion and the stream chunks (OpenAI's chunk format). These
// functions produce payloads only; SSE and HTTP framing are the generation's.
//
// Shapes: openai follows the official spec (refusal, annotations, logprobs, usage details,
// service_tier, system_fingerprint). infera: OpenAI-like (its seed's 200 schema is `{}`).
// fortytwo: only the fields its schema requires plus model (no id, created or object).
// interactive: `created` in fractional seconds and index and token counts written as doubles
// ("12.0"), `reasoning`/`refusal` null. 8080: `usage.total_time` (seconds). solidrust: vLLM's
// extras (stop_reason, reasoning_content, tool_calls [], prompt_logprobs, kv_transfer_params).
// Thread-safe: a BodyWriter is immutable after construction.
#include "openai/provider.hpp"
#include "util/text.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatbench::mock {

using util::append_json_string;

/// A deliberate defect in one payload (fault injection).
enum class Corruption { none, malformed_json, missing_field, wrong_type };

struct Usage {
  std::uint32_t prompt_tokens = 0;
  std::uint32_t completion_tokens = 0;
  double total_time_s = 0; ///< 8080 only: generation time
};

struct BodyContext {
  openai::Provider provider = openai::Provider::openai;
  std::string model;           ///< echoed; escaped on output
  std::int64_t created_ms = 0; ///< Unix time of arrival in milliseconds
  std::uint64_t seed = 0;
  std::uint64_t request_index = 0;
  bool include_usage = false; ///< OpenAI then sends `"usage":null` in every chunk
};

/// "chatcmpl-" (or "gen-" for interactive) and 24 hex digits from (seed, request index).
std::string completion_id(const BodyContext &context);

class BodyWriter {
public:
  explicit BodyWriter(const BodyContext &context);

  /// The non-streamed answer carrying the first `usage.completion_tokens` tokens.
  void completion(std::string &out, const Usage &usage, std::string_view finish_reason,
                  Corruption corruption) const;
  /// The first chunk: role assistant, empty content.
  void role_chunk(std::string &out) const;
  /// A content chunk with tokens [first, first + count).
  void content_chunk(std::string &out, std::uint32_t first, std::uint32_t count,
                     Corruption corruption) const;
  /// The chunk with an empty delta and the finish reason.
  void finish_chunk(std::string &out, std::string_view finish_reason) const;
  /// The usage chunk (`choices: []`), sent when stream_options.include_usage is set.
  void usage_chunk(std::string &out, const Usage &usage) const;
  /// A mid-stream error event: `{"error":{...}}` (interactive: OpenRouter's chunk with
  /// finish_reason "error" and an `error` member).
  void error_event(std::string &out) const;

private:
  void append_usage(std::string &out, const Usage &usage) const;
  void append_choice_tail(std::string &out, std::string_view finish_reason) const;

  BodyContext m_context;
  std::string m_chunk_head; ///< `{"id":...,"object":"chat.completion.chunk",...,"model":...`
  std::string m_chunk_tail; ///< what follows "choices" in every chunk, then `}`
};

} // namespace chatbench::mock
