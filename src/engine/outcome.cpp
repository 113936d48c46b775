#include "engine/outcome.hpp"

#include <curl/curl.h>

namespace chatbench::engine {

using metrics::FailureKind;

namespace {

bool is_2xx(int status) noexcept {
  return status >= 200 && status < 300;
}

bool is_tls_error(int code) noexcept {
  switch (code) {
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_USE_SSL_FAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_CLIENTCERT:
    return true;
  default:
    return false;
  }
}

bool is_client_error(int code) noexcept {
  switch (code) {
  case CURLE_FAILED_INIT:
  case CURLE_URL_MALFORMAT:
  case CURLE_NOT_BUILT_IN:
  case CURLE_OUT_OF_MEMORY:
  case CURLE_BAD_FUNCTION_ARGUMENT:
  case CURLE_UNKNOWN_OPTION:
  case CURLE_UNSUPPORTED_PROTOCOL:
    return true;
  default:
    return false;
  }
}

} // namespace

FailureKind classify_curl_error(int curl_code, bool request_sent, int http_status) noexcept {
  switch (curl_code) {
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_CONNECT:
    return FailureKind::connect;
  case CURLE_OPERATION_TIMEDOUT:
    return request_sent ? FailureKind::timeout_total : FailureKind::timeout_connect;
  default:
    break;
  }
  if (is_tls_error(curl_code)) {
    return FailureKind::tls;
  }
  if (is_client_error(curl_code)) {
    return FailureKind::internal;
  }
  if (http_status > 0) {
    // The response had begun: a 2xx body cut short is a truncated stream; for an error status
    // the status is the finding.
    return is_2xx(http_status) ? FailureKind::stream_truncated : FailureKind::http_status;
  }
  return FailureKind::transport;
}

FailureKind classify_end(const EndFacts &f) noexcept {
  const bool reset_after_response =
      f.curl_code == CURLE_HTTP2_STREAM && f.http_status > 0 && f.response_complete;
  if (f.curl_code != CURLE_OK && !reset_after_response) {
    if (f.body_too_large) {
      return FailureKind::body_too_large;
    }
    if (f.write_failed) {
      return FailureKind::internal;
    }
    return classify_curl_error(f.curl_code, f.request_sent, f.http_status);
  }
  if (!is_2xx(f.http_status)) {
    return FailureKind::http_status;
  }
  if (f.event_too_large) {
    return FailureKind::body_too_large;
  }
  if (f.error_event) {
    return FailureKind::stream_error_event;
  }
  if (f.invalid_json) {
    return FailureKind::invalid_json;
  }
  if (f.stream && !f.event_stream_type) {
    return FailureKind::invalid_sse;
  }
  if (f.stream && !f.done_marker && !f.finish_seen) {
    return FailureKind::stream_truncated;
  }
  return FailureKind::ok;
}

} // namespace chatbench::engine
