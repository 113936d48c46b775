#pragma once
// What happened to one request: identity, phase, timestamps, counts and exactly one outcome. The
// engine fills one per arrival it handles (sent or not) and hands it to a sink (run/ writes
// requests.jsonl) and to the worker's Recorder. Plain data; no I/O, no clock.
//
// Timestamps are steady_clock nanoseconds since its epoch (std::chrono::steady_clock::now()
// .time_since_epoch()), so they compare across the workers of one run; -1 means "did not
// happen". Durations derived from them use the helpers below, which return -1 when either end is
// missing.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::metrics {

/// Every request ends in exactly one of these. Only `ok` is a success; the error rate counts all
/// the others, including `cut_off` and `not_sent`.
enum class FailureKind : std::uint8_t {
  ok,
  connect,             ///< name resolution or TCP connect failed (refused, unreachable)
  tls,                 ///< TLS handshake or certificate verification failed
  timeout_connect,     ///< connecting (TCP and TLS) took longer than the connect timeout
  timeout_first_token, ///< no token-bearing event within the first-token timeout after sending
  timeout_idle,        ///< after the first token, no event within the idle timeout
  timeout_total,       ///< the whole request took longer than the total timeout
  http_status,         ///< a non-2xx status (see http_status and retry_after_s)
  transport,           ///< the connection failed before a response (reset, protocol error, ...)
  stream_truncated,    ///< the response began but ended early: no [DONE] and no finish_reason, or
                       ///< a transport error in the middle of the body
  stream_error_event,  ///< an error object inside a 2xx response (SSE error event or error body)
  invalid_json,        ///< the classifier could not parse an event's data or the body
  invalid_sse,         ///< a streamed 2xx response whose Content-Type is not text/event-stream
  body_too_large,      ///< the response, or one SSE event, exceeded the configured limit
  cut_off,             ///< still in flight at the drain deadline, or when the run was aborted
  not_sent,            ///< a measured arrival that could not start before the phase ended
  internal,            ///< the client could not set up or run the request (see detail)
};

inline constexpr std::size_t k_failure_kind_count = 17;

/// "ok", "connect", "tls", "timeout_connect", ..., as in the enumerator names.
std::string_view to_string(FailureKind kind) noexcept;

/// The phase a request belongs to, fixed when it is scheduled: by its intended send time (or
/// arrival index) against the warmup boundary. Requests still in flight after the measured phase
/// ends keep their phase; the drain only lets them finish.
enum class Phase : std::uint8_t { warmup, measure };

std::string_view to_string(Phase phase) noexcept;

struct RequestRecord {
  // --- Identity.
  std::uint64_t id = 0;     ///< arrival index; unique within a run (see engine/worker.hpp)
  std::uint32_t worker = 0; ///< the worker that handled it
  std::uint32_t target = 0; ///< index of the engine target it was sent to
  Phase phase = Phase::measure;
  bool stream = false; ///< a streamed (SSE) request

  // --- Timestamps (steady_clock ns, -1 = absent).
  std::int64_t intended_ns = -1;    ///< when the schedule wanted it sent
  std::int64_t sent_ns = -1;        ///< when it was handed to libcurl (the actual send)
  std::int64_t connected_ns = -1;   ///< TCP connect done; -1 when the connection was reused
  std::int64_t tls_done_ns = -1;    ///< TLS handshake done; -1 without a new TLS connection
  std::int64_t first_byte_ns = -1;  ///< first response byte (libcurl's STARTTRANSFER time)
  std::int64_t first_event_ns = -1; ///< first SSE event dispatched (any data event)
  std::int64_t first_role_ns = -1;  ///< first event the classifier called a role chunk
  std::int64_t first_token_ns = -1; ///< first token-bearing event; non-streamed: body complete
  std::int64_t last_token_ns = -1;  ///< last token-bearing event
  std::int64_t done_ns = -1;        ///< the request ended (any outcome)

  // --- Counts.
  std::uint32_t events = 0;       ///< SSE data events, [DONE] included
  std::uint32_t comments = 0;     ///< SSE comment lines (keep-alives)
  std::uint32_t token_events = 0; ///< events that carried at least one token
  std::uint64_t tokens = 0;       ///< tokens as counted by the classifier, summed over events
  std::uint64_t output_bytes = 0; ///< decoded bytes of generated text (content and reasoning)
  std::int64_t usage_completion_tokens = -1; ///< from a usage object, -1 when none was seen
  std::uint64_t bytes_sent = 0;              ///< request body bytes
  std::uint64_t bytes_received = 0;          ///< response body bytes (headers excluded)

  // --- Response.
  int http_status = 0;             ///< 0 when no status line arrived
  int http_version = 0;            ///< negotiated: 10, 11, 20, 30; 0 when unknown
  std::int64_t retry_after_s = -1; ///< Retry-After (seconds, or an HTTP date made relative)
  bool connection_reused = false;
  bool done_marker = false; ///< `data: [DONE]` seen
  bool finish_seen = false; ///< the classifier reported a finish_reason
  bool late = false;        ///< sent later than the worker's late threshold after intended

  // --- Outcome.
  FailureKind outcome = FailureKind::ok;
  std::string detail; ///< short, human: curl's message, the error event's text, ... ("" for ok)

  // --- Stream shape.
  std::vector<std::int64_t> itl_ns;   ///< gaps between consecutive token events (ITL samples)
  std::int64_t longest_stall_ns = -1; ///< longest gap between two body reads after the first

  bool ok() const noexcept { return outcome == FailureKind::ok; }
  /// Output tokens: usage_completion_tokens when reported, else the classifier's count.
  std::uint64_t output_tokens() const noexcept;
  /// Empties the record for reuse, keeping the capacity of detail and itl_ns.
  void clear() noexcept;
};

/// to - from, or -1 when either is -1.
constexpr std::int64_t span_ns(std::int64_t from, std::int64_t to) noexcept {
  return from < 0 || to < 0 ? -1 : to - from;
}

/// Time per output token after the first: (last_token - first_token) / (output_tokens - 1), as
/// vLLM's TPOT; -1 with fewer than two output tokens or missing timestamps.
std::int64_t tpot_ns(const RequestRecord &record) noexcept;

} // namespace chatbench::metrics
