// How a Transfer ends: libcurl's connection timings, the outcome and its detail.
#include "engine/curl_get.hpp"
#include "engine/outcome.hpp"
#include "engine/transfer.hpp"

#include <algorithm>
#include <string>

namespace chatbench::engine {

using metrics::FailureKind;

namespace {

constexpr std::size_t k_detail_bytes = 240;

// Keeps details one short printable line.
void append_clean(std::string &out, std::string_view text) {
  for (const char c : text) {
    if (out.size() >= k_detail_bytes) {
      return;
    }
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? ' ' : c);
  }
}

int version_number(long curl_version) noexcept {
  switch (curl_version) {
  case CURL_HTTP_VERSION_1_0:
    return 10;
  case CURL_HTTP_VERSION_1_1:
    return 11;
  case CURL_HTTP_VERSION_2_0:
    return 20;
  case CURL_HTTP_VERSION_3:
    return 30;
  default:
    return 0;
  }
}

} // namespace

void Transfer::collect_info() noexcept {
  metrics::RequestRecord &r = m_record;
  r.http_status = static_cast<int>(info_long(m_easy, CURLINFO_RESPONSE_CODE, 0));
  r.http_version =
      r.http_status > 0 ? version_number(info_long(m_easy, CURLINFO_HTTP_VERSION, 0)) : 0;
  const long connects = info_long(m_easy, CURLINFO_NUM_CONNECTS, 0);
  // libcurl's times are microseconds from the transfer's start, which is the send.
  const std::int64_t pretransfer_us = info_off(m_easy, CURLINFO_PRETRANSFER_TIME_T, 0);
  const std::int64_t connect_us = info_off(m_easy, CURLINFO_CONNECT_TIME_T, 0);
  const std::int64_t tls_us = info_off(m_easy, CURLINFO_APPCONNECT_TIME_T, 0);
  const std::int64_t first_byte_us = info_off(m_easy, CURLINFO_STARTTRANSFER_TIME_T, 0);
  r.connection_reused = connects == 0 && pretransfer_us > 0;
  const auto at = [&r](std::int64_t us) {
    return us > 0 ? r.sent_ns + us * 1000 : -1;
  };
  r.connected_ns = r.connection_reused ? -1 : at(connect_us);
  r.tls_done_ns = r.connection_reused ? -1 : at(tls_us);
  r.first_byte_ns = r.http_status > 0 ? at(first_byte_us) : -1;
}

void Transfer::complete(CURLcode result, std::int64_t now_ns) {
  metrics::RequestRecord &r = m_record;
  r.done_ns = now_ns;
  collect_info();
  // CURLE_HTTP2_STREAM may still carry a complete body (see engine/outcome.hpp).
  const bool success = (result == CURLE_OK || result == CURLE_HTTP2_STREAM) &&
                       r.http_status >= 200 && r.http_status < 300;
  if (success && !r.stream) {
    const EventClass c = m_context.classifier->on_body(r.id, m_body);
    r.tokens = c.tokens;
    r.output_bytes = c.output_bytes;
    r.token_events = c.tokens > 0 ? 1 : 0;
    r.usage_completion_tokens = c.usage_completion_tokens;
    r.finish_seen = c.finish;
    if (c.tokens > 0 || c.usage_completion_tokens > 0) {
      // The whole answer arrives with the body's last byte.
      r.first_token_ns = r.last_token_ns = m_last_data_ns >= 0 ? m_last_data_ns : now_ns;
    }
    m_error_event = c.error;
    m_invalid_json = c.invalid;
    m_event_detail.assign(c.detail.substr(0, 200));
  }
  if (r.stream && m_mode == Mode::sse) {
    m_sse_clean = m_parser.finish() == sse::Ending::clean;
  }
  if (!success && r.http_status > 0) {
    const std::size_t kept = m_target->target().limits.error_body_bytes;
    m_context.classifier->on_error_body(r.id, m_body, r.bytes_received <= kept);
  }
  EndFacts facts;
  facts.curl_code = static_cast<int>(result);
  facts.body_too_large = m_body_too_large;
  facts.write_failed = m_write_failed;
  facts.http_status = r.http_status;
  facts.request_sent = info_off(m_easy, CURLINFO_PRETRANSFER_TIME_T, 0) > 0;
  facts.stream = r.stream;
  facts.event_stream_type = m_event_stream_type;
  facts.event_too_large = m_event_too_large;
  facts.error_event = m_error_event;
  facts.invalid_json = m_invalid_json;
  facts.done_marker = r.done_marker;
  facts.finish_seen = r.finish_seen;
  const std::int64_t content_length = info_off(m_easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, -1);
  facts.response_complete =
      (content_length >= 0 && r.bytes_received == static_cast<std::uint64_t>(content_length)) ||
      (r.stream && r.done_marker);
  r.outcome = classify_end(facts);
  r.detail.clear();
  if (r.outcome != FailureKind::ok) {
    set_detail(r.outcome);
    if (result != CURLE_OK && !facts.response_complete &&
        r.outcome != FailureKind::body_too_large && r.outcome != FailureKind::internal) {
      r.detail.clear();
      append_clean(r.detail,
                   m_error_buffer[0] != '\0' ? m_error_buffer.data() : curl_easy_strerror(result));
      if (result == CURLE_HTTP2_STREAM && cached_curl_info().h2c_reuse_broken) {
        // Seen with nginx locations that answer without reading the body (engine/outcome.hpp).
        append_clean(r.detail, " (libcurl < 8 drops a response if the server resets the stream "
                               "after answering before reading the request body)");
      }
    }
  }
}

void Transfer::abort(FailureKind kind, std::string_view detail, std::int64_t now_ns) {
  metrics::RequestRecord &r = m_record;
  r.done_ns = now_ns;
  if (r.sent_ns >= 0) {
    collect_info();
  }
  r.outcome = kind;
  r.detail.clear();
  append_clean(r.detail, detail);
}

void Transfer::set_detail(FailureKind kind) {
  std::string &d = m_record.detail;
  const Limits &limits = m_target->target().limits;
  switch (kind) {
  case FailureKind::http_status:
    d = "HTTP " + std::to_string(m_record.http_status);
    if (!m_body.empty()) {
      d += ": ";
      append_clean(d, m_body);
    }
    return;
  case FailureKind::body_too_large:
    d = m_event_too_large && !m_body_too_large
            ? "an SSE event exceeded " + std::to_string(limits.max_event_bytes) + " bytes"
            : "the response exceeded " + std::to_string(limits.max_body_bytes) + " bytes";
    return;
  case FailureKind::stream_error_event:
  case FailureKind::invalid_json:
    append_clean(d, m_event_detail.empty() ? std::string_view("(no detail)") : m_event_detail);
    return;
  case FailureKind::invalid_sse:
    d = "Content-Type '";
    append_clean(d, std::string_view(m_content_type.data(), m_content_type_size));
    d += "' is not text/event-stream";
    return;
  case FailureKind::stream_truncated:
    d = "the stream ended without [DONE] or a finish_reason";
    return;
  case FailureKind::internal:
    d = m_write_failed ? "out of memory while reading the response" : "internal error";
    return;
  default:
    return;
  }
}

} // namespace chatbench::engine
