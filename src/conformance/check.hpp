#pragma once
// The conformance checks chatbench makes, named in the style of Schemathesis
// (`status_code_conformance`, `response_schema_conformance`, ...), and how much a finding of each
// weighs. Pure values; thread-safe.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chatbench::conformance {

enum class Check : std::uint8_t {
  // Per response
  status_code,     ///< the status is one the profile documents (or covers by a default)
  content_type,    ///< the Content-Type is the documented media type for that status
  response_schema, ///< a 2xx JSON body against the profile's response schema
  error_schema,    ///< a non-2xx body against the schema of its status
  finish_reason,   ///< allowed values; in a stream exactly once per choice, and last for it
  usage,           ///< total = prompt + completion; a usage chunk only with include_usage
  integral_number, ///< a count or timestamp that should be whole is fractional
  // Per stream
  sse_framing,        ///< every event is `data:` + JSON (comments allowed), events terminated
  chunk_schema,       ///< each chunk against the profile's chunk schema
  stream_termination, ///< `[DONE]` ends the stream and nothing follows it
  stream_consistency, ///< id, created and model are the same in every chunk
  tool_call,          ///< tool-call deltas assemble into calls with an id, a name, JSON arguments
  stream_error_event, ///< an error object inside a 2xx stream
  // Probes (chatbench check)
  positive_data_acceptance, ///< a valid request is answered with 2xx
  negative_data_rejection,  ///< an invalid request is answered with the documented 4xx
  ignored_auth,             ///< missing or wrong credentials are answered with 401 or 403
};

inline constexpr std::size_t k_check_count = 16;

/// "status_code_conformance", ..., "stream_error_event", "positive_data_acceptance", ...
std::string_view to_string(Check check) noexcept;
std::optional<Check> check_from_name(std::string_view name) noexcept;

/// How a finding counts: `fail` fails the run (exit code 1) at conformance level "fail";
/// `warn` is reported only; `off` is not reported. Ordered: off < warn < fail.
enum class Severity : std::uint8_t { off, warn, fail };

/// "off", "warn", "fail".
std::string_view to_string(Severity severity) noexcept;
std::optional<Severity> severity_from_name(std::string_view name) noexcept;

} // namespace chatbench::conformance
