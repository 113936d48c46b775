#pragma once
// How a finished transfer is classified: the facts a transfer gathered, in, one FailureKind out.
// Pure (engine-internal; tested without a network).
//
// Precedence, first match wins:
// 1. a libcurl error (connect, TLS, timeouts, transport; a transport error after a 2xx status
//    line is stream_truncated; the write callback refusing bytes over the limit is
//    body_too_large);
// 2. a non-2xx status: http_status;
// 3. an SSE event over the limit: body_too_large;
// 4. an error event or error body: stream_error_event;
// 5. an event or body the classifier could not parse: invalid_json;
// 6. a streamed response that is not text/event-stream: invalid_sse;
// 7. a stream with neither [DONE] nor a finish_reason: stream_truncated;
// 8. ok.
// One libcurl error is not a failure: CURLE_HTTP2_STREAM after a complete response. A server may
// answer before it has read the request body and then reset the stream with NO_ERROR (RFC 9113
// section 8.1: "clients MUST NOT discard responses as a result"; nginx does this for locations
// that do not read the body). libcurl 7.88.1 then fails its pending upload with
// CURLE_HTTP2_STREAM although the response arrived whole; libcurl 8 reports success. Complete
// means: every byte of a declared Content-Length, or a stream that reached [DONE]. (Sometimes
// libcurl 7.88.1 drops such a response altogether; that request is a transport failure whose
// detail says so. Real inference servers read the prompt before answering, so this is mostly a
// property of test servers such as nginx `return` locations: 0.5-7% of HTTP/2 requests there.)
#include "metrics/request_record.hpp"

namespace chatbench::engine {

struct EndFacts {
  int curl_code = 0;           ///< the CURLcode the transfer ended with
  bool body_too_large = false; ///< the write callback refused bytes over Limits::max_body_bytes
  bool write_failed = false;   ///< the write callback failed otherwise (out of memory)
  int http_status = 0;         ///< 0: no status line
  bool request_sent = false;   ///< connected and past libcurl's PRETRANSFER point
  bool stream = false;
  bool event_stream_type = false; ///< Content-Type was text/event-stream
  bool event_too_large = false;
  bool error_event = false;
  bool invalid_json = false;
  bool done_marker = false;
  bool finish_seen = false;
  bool response_complete = false; ///< Content-Length bytes all received, or [DONE] seen
};

metrics::FailureKind classify_end(const EndFacts &facts) noexcept;

/// The kind a libcurl error code stands for (curl_code != CURLE_OK), given what was reached.
metrics::FailureKind classify_curl_error(int curl_code, bool request_sent,
                                         int http_status) noexcept;

} // namespace chatbench::engine
