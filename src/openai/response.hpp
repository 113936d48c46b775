#pragma once
// Decoding a full (non-streamed) chat-completions response body: what the load engine records for
// each reply (token usage, finish reasons, output size) and, for error bodies, the family and
// fields a report shows. The choices and usage are read by the same scanner as stream chunks
// (chunk.hpp), with `message` in place of `delta`, so decoding does not build a DOM; only an error
// body is parsed whole. Thread-safe.
#include "openai/chunk.hpp"
#include "openai/error_body.hpp"

#include <optional>
#include <string_view>

namespace chatbench::openai {

struct ResponseSummary {
  bool valid_json = false;
  bool is_object = false;
  /// The choices, usage and sizes, read as for a chunk but from `choices[].message`:
  /// content/reasoning/refusal/tool_calls flags and bytes, finish_reasons, choices, usage.
  ChunkInfo body;
  /// Set when the HTTP status is not 2xx or the body has an error shape (a top-level `error`
  /// that is not null, FastAPI `detail`, ...): the summary for the report.
  std::optional<ErrorSummary> error;
};

/// Decodes a response body. `http_status` and `content_type` (the header value, may be empty)
/// decide whether the body is read as an error: any status outside 200..299 is, and so is a 2xx
/// body with a top-level `error`, `detail` or `object: "error"`. Never throws except bad_alloc.
ResponseSummary decode_response(std::string_view body, int http_status = 200,
                                std::string_view content_type = {});

/// The full-parse path for conformance checks: the parsed body (discarded when not JSON) and the
/// same summary.
struct ParsedResponse {
  nlohmann::json value;
  ResponseSummary summary;
};
ParsedResponse parse_response(std::string_view body, int http_status = 200,
                              std::string_view content_type = {});

} // namespace chatbench::openai
