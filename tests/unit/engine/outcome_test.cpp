#include "engine/outcome.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

using namespace chatbench::engine;
using chatbench::metrics::FailureKind;

namespace {

EndFacts ok_stream() {
  EndFacts f;
  f.http_status = 200;
  f.request_sent = true;
  f.stream = true;
  f.event_stream_type = true;
  f.done_marker = true;
  return f;
}

} // namespace

TEST(Outcome, CurlErrorsByKind) {
  EXPECT_EQ(classify_curl_error(CURLE_COULDNT_CONNECT, false, 0), FailureKind::connect);
  EXPECT_EQ(classify_curl_error(CURLE_COULDNT_RESOLVE_HOST, false, 0), FailureKind::connect);
  EXPECT_EQ(classify_curl_error(CURLE_OPERATION_TIMEDOUT, false, 0), FailureKind::timeout_connect);
  EXPECT_EQ(classify_curl_error(CURLE_OPERATION_TIMEDOUT, true, 200), FailureKind::timeout_total);
  EXPECT_EQ(classify_curl_error(CURLE_PEER_FAILED_VERIFICATION, false, 0), FailureKind::tls);
  EXPECT_EQ(classify_curl_error(CURLE_SSL_CONNECT_ERROR, false, 0), FailureKind::tls);
  EXPECT_EQ(classify_curl_error(CURLE_GOT_NOTHING, true, 0), FailureKind::transport);
  EXPECT_EQ(classify_curl_error(CURLE_RECV_ERROR, true, 0), FailureKind::transport);
  EXPECT_EQ(classify_curl_error(CURLE_HTTP2, true, 0), FailureKind::transport);
  EXPECT_EQ(classify_curl_error(CURLE_PARTIAL_FILE, true, 200), FailureKind::stream_truncated);
  EXPECT_EQ(classify_curl_error(CURLE_RECV_ERROR, true, 200), FailureKind::stream_truncated);
  EXPECT_EQ(classify_curl_error(CURLE_RECV_ERROR, true, 503), FailureKind::http_status);
  EXPECT_EQ(classify_curl_error(CURLE_OUT_OF_MEMORY, false, 0), FailureKind::internal);
}

TEST(Outcome, Precedence) {
  EXPECT_EQ(classify_end(ok_stream()), FailureKind::ok);

  EndFacts f = ok_stream();
  f.curl_code = CURLE_WRITE_ERROR;
  f.body_too_large = true;
  EXPECT_EQ(classify_end(f), FailureKind::body_too_large);
  f.body_too_large = false;
  f.write_failed = true;
  EXPECT_EQ(classify_end(f), FailureKind::internal);

  f = ok_stream();
  f.http_status = 429;
  f.error_event = true; // an error body on an error status is the status
  EXPECT_EQ(classify_end(f), FailureKind::http_status);

  f = ok_stream();
  f.event_too_large = true;
  f.error_event = true;
  EXPECT_EQ(classify_end(f), FailureKind::body_too_large);
  f.event_too_large = false;
  f.invalid_json = true;
  EXPECT_EQ(classify_end(f), FailureKind::stream_error_event);
  f.error_event = false;
  EXPECT_EQ(classify_end(f), FailureKind::invalid_json);
  f.invalid_json = false;
  f.event_stream_type = false;
  EXPECT_EQ(classify_end(f), FailureKind::invalid_sse);
}

TEST(Outcome, StreamEndings) {
  EndFacts f = ok_stream();
  f.done_marker = false;
  EXPECT_EQ(classify_end(f), FailureKind::stream_truncated);
  f.finish_seen = true;
  EXPECT_EQ(classify_end(f), FailureKind::ok);
  // A non-streamed body needs neither.
  f = ok_stream();
  f.stream = false;
  f.done_marker = false;
  f.event_stream_type = false;
  EXPECT_EQ(classify_end(f), FailureKind::ok);
}

TEST(Outcome, Http2ResetAfterACompleteResponseIsNotAFailure) {
  EndFacts f = ok_stream();
  f.curl_code = CURLE_HTTP2_STREAM;
  f.response_complete = true;
  EXPECT_EQ(classify_end(f), FailureKind::ok);
  f.done_marker = false;
  f.finish_seen = false;
  EXPECT_EQ(classify_end(f), FailureKind::stream_truncated); // complete by length, no [DONE]
  f.response_complete = false;
  EXPECT_EQ(classify_end(f), FailureKind::stream_truncated);
  f.http_status = 0;
  EXPECT_EQ(classify_end(f), FailureKind::transport);
  f = ok_stream();
  f.curl_code = CURLE_RECV_ERROR; // only the HTTP/2 stream error is forgiven
  f.response_complete = true;
  EXPECT_EQ(classify_end(f), FailureKind::stream_truncated);
}
