#pragma once
// Recognising error bodies, for reports: which family a body belongs to and the few fields a
// reader needs. The families the seeds and their servers use (research/seeds-and-conformance.md
// 1.7): OpenAI's `{"error":{message,type,param,code}}` (OpenRouter and vLLM send a numeric code),
// `{"error":"text"}`, older vLLM's flat `{"object":"error","message":...}`, FastAPI's
// `{"detail":[{loc,msg,type}]}` (Infera, Fortytwo's 422) and `{"detail":"text"}`, RFC 9457
// problem details (application/problem+json), and bodies that are not JSON (proxy HTML pages).
// Pure functions; thread-safe.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace chatbench::openai {

enum class ErrorFamily : std::uint8_t {
  openai,             ///< {"error": {"message", "type", "param", "code"}}, any subset
  error_string,       ///< {"error": "text"}
  flat,               ///< {"object": "error", "message", "type", "code"} (older vLLM)
  fastapi_validation, ///< {"detail": [{"loc", "msg", "type"}, ...]}
  fastapi_detail,     ///< {"detail": "text"} (or any non-array detail)
  problem_json,       ///< RFC 9457: {"type", "title", "status", "detail"}
  unknown_json,       ///< JSON of another shape
  non_json,           ///< not JSON: HTML from a proxy, plain text
  empty,              ///< no body (or only whitespace)
};

/// "openai", "error_string", "flat", "fastapi_validation", "fastapi_detail", "problem_json",
/// "unknown_json", "non_json", "empty".
std::string_view to_string(ErrorFamily family) noexcept;

/// What a report shows. Strings are cut to about 300 bytes (on a UTF-8 boundary, marked "...").
struct ErrorSummary {
  ErrorFamily family = ErrorFamily::empty;
  std::string message; ///< error.message, detail[0] as "loc: msg", title/detail, HTML <title>, text
  std::string type;    ///< error.type, detail[0].type, problem type
  std::string code;    ///< error.code as text ("429", "rate_limit_exceeded"), problem status

  bool operator==(const ErrorSummary &) const = default;
};

/// Summarises a response body. `content_type` (the header value, may be empty) only decides
/// problem_json for bodies that would otherwise be FastAPI's {"detail": "..."}.
ErrorSummary summarize_error(std::string_view body, std::string_view content_type = {});
/// The same for a parsed body.
ErrorSummary summarize_error_json(const nlohmann::json &body, std::string_view content_type = {});

/// True when `body` has one of the error shapes (openai, error_string, flat, fastapi_*,
/// problem_json): used to tell an error body from a success body on a 200.
bool is_error_shape(const nlohmann::json &body) noexcept;

} // namespace chatbench::openai
