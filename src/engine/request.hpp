#pragma once
// What the engine sends and the seams through which run/ feeds and reads it. The engine moves
// bytes, splits SSE events and timestamps them; it knows nothing of OpenAI. These headers carry
// no libcurl types.
//
// - Target: everything fixed per endpoint (URL, headers, HTTP version, TLS, timeouts, limits),
//   prepared once per worker (one prebuilt header list), so a request costs only its body.
// - Request: what varies per request (target, body, stream flag), filled by a RequestSource.
// - EventClassifier: told each SSE event's data (or a non-streamed body) and says whether it is a
//   role chunk, carries tokens, reports usage, finishes, is an error, or is not valid JSON.
// - RecordSink: receives every finished RequestRecord.
// All three are called on the worker's thread only; each worker has its own instances.
#include "metrics/request_record.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatbench::engine {

enum class HttpVersion : std::uint8_t {
  http1_1, ///< HTTP/1.1, one request per connection at a time, connections reused
  http2,   ///< HTTP/2 over TLS, negotiated by ALPN (https:// only), streams multiplexed
  h2c,     ///< HTTP/2 over cleartext with prior knowledge (http:// only); needs libcurl >= 8.0.0
};

/// Zero means "no limit" (connect: libcurl's default of 300 s).
struct Timeouts {
  std::chrono::nanoseconds connect = std::chrono::seconds(10); ///< TCP + TLS
  /// Streamed requests: from the send to the first token-bearing event.
  std::chrono::nanoseconds first_token = std::chrono::seconds(60);
  /// Streamed requests, after the first token: the longest gap between two SSE events.
  std::chrono::nanoseconds idle = std::chrono::seconds(30);
  std::chrono::nanoseconds total = std::chrono::seconds(300); ///< the whole request
};

struct Limits {
  /// Response body bytes (a streamed response counts all its bytes); more is body_too_large.
  std::size_t max_body_bytes = std::size_t{64} << 20;
  /// One SSE event; more is body_too_large.
  std::size_t max_event_bytes = std::size_t{1} << 20;
  /// Body bytes of a non-2xx response kept for the record's detail (the rest is read, unkept).
  std::size_t error_body_bytes = 512;
};

struct Target {
  std::string url; ///< full URL of the chat-completions route
  /// Sent with every request, e.g. {"Authorization", "Bearer ..."}. Content-Type defaults to
  /// application/json; "Expect:" is always suppressed (no 100-continue round trip).
  std::vector<std::pair<std::string, std::string>> headers;
  HttpVersion http_version = HttpVersion::http1_1;
  bool verify_tls = true; ///< verify the peer's certificate and host name
  std::string ca_file;    ///< PEM bundle to verify with; "" = the system store
  Timeouts timeouts;
  Limits limits;
};

struct Request {
  std::uint32_t target = 0; ///< index into the worker's targets
  bool stream = false;      ///< parse the 2xx response as SSE
  /// The body: `shared_body` when set (an immutable buffer shared by many requests), else
  /// `body` (the source may assign into it; its capacity is kept between requests).
  std::string body;
  std::shared_ptr<const std::string> shared_body;

  std::string_view body_bytes() const noexcept {
    return shared_body ? std::string_view(*shared_body) : std::string_view(body);
  }
};

/// Produces requests. `id` is the arrival index (see engine/pacer.hpp), so a deterministic
/// source gives request i the same body whatever the number of workers. `request` is a reused
/// slot: the previous request's values are still in it.
class RequestSource {
public:
  virtual ~RequestSource() = default;
  /// An error stops the worker and fails the run (it is a set-up problem, not a request failure).
  virtual Result<void> next(std::uint64_t id, Request &request) = 0;
};

/// What one SSE event's data (or one non-streamed body) carries.
struct EventClass {
  bool role = false;        ///< a role chunk (the assistant turn starts)
  std::uint32_t tokens = 0; ///< token pieces (content, reasoning, tool-call); > 0: token-bearing
  /// Decoded UTF-8 bytes of generated text (content and reasoning) it carries: a count every
  /// provider's answer can be compared by, whatever its tokenizer.
  std::uint32_t output_bytes = 0;
  std::int64_t usage_completion_tokens = -1; ///< from a usage object; -1 when absent
  bool finish = false;                       ///< a finish_reason was set
  bool error = false;   ///< an error object (the request fails as stream_error_event)
  bool invalid = false; ///< not parseable (the request fails as invalid_json)
  /// For error and invalid: a short explanation; must stay valid until the call returns.
  std::string_view detail;
};

class EventClassifier {
public:
  virtual ~EventClassifier() = default;
  /// One SSE data event of request `id` (never the [DONE] marker); `type` is the SSE event
  /// field ("" when absent). Must not throw.
  virtual EventClass on_event(std::uint64_t id, std::string_view type,
                              std::string_view data) noexcept = 0;
  /// The whole body of a non-streamed 2xx response. Must not throw.
  virtual EventClass on_body(std::uint64_t id, std::string_view body) noexcept = 0;

  // Optional hooks for inspecting the whole exchange (conformance checks). Per request, in this
  // order: on_response (when a final status arrived), then on_event / on_done for a streamed
  // 2xx, on_body for a non-streamed 2xx, on_error_body for any other status, and on_end last,
  // for every request that was sent, whatever its outcome.

  /// The final response's status and Content-Type ("" when absent).
  virtual void on_response(std::uint64_t id, int status, std::string_view content_type) noexcept {
    static_cast<void>(id), static_cast<void>(status), static_cast<void>(content_type);
  }
  /// The `data: [DONE]` marker of a streamed response.
  virtual void on_done(std::uint64_t id) noexcept { static_cast<void>(id); }
  /// The body of a non-2xx response as kept (Limits::error_body_bytes); `complete` is false
  /// when bytes were dropped.
  virtual void on_error_body(std::uint64_t id, std::string_view body, bool complete) noexcept {
    static_cast<void>(id), static_cast<void>(body), static_cast<void>(complete);
  }
  /// The request ended: `record` is final (outcome, counts, timestamps). `sse_clean` is false
  /// when a stream ended inside an event (an unterminated line or event was discarded).
  virtual void on_end(const metrics::RequestRecord &record, bool sse_clean) noexcept {
    static_cast<void>(record), static_cast<void>(sse_clean);
  }
};

class RecordSink {
public:
  virtual ~RecordSink() = default;
  /// Called once, before any record, with the run's t = 0 (steady ns; may still be ahead).
  virtual void on_start(std::int64_t start_ns) { static_cast<void>(start_ns); }
  /// Every request's record, in completion order, warmup included. The record is reused after
  /// the call returns: copy what you keep.
  virtual void on_record(const metrics::RequestRecord &record) = 0;
};

/// One worker's instances of the seams.
struct WorkerPlugins {
  std::unique_ptr<RequestSource> source;
  std::unique_ptr<EventClassifier> classifier;
  std::unique_ptr<RecordSink> sink; ///< optional
};

} // namespace chatbench::engine
