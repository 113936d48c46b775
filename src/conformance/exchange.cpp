#include "conformance/exchange.hpp"

#include "sse/content_type.hpp"

namespace chatbench::conformance {

void ExchangeChecker::begin(std::uint64_t id, const Expectation &expect) {
  m_findings.reset(id);
  m_expect = expect;
  m_status = 0;
  m_streaming = false;
}

void ExchangeChecker::on_response(int status, std::string_view content_type) {
  m_status = status;
  m_json_body = json_or_unlabelled(content_type);
  // A streamed request answered with something other than an event stream gets its
  // content_type_conformance finding; its bytes are not judged as a stream.
  m_streaming =
      m_expect.stream && status >= 200 && status < 300 && sse::is_event_stream(content_type);
  if (m_streaming) {
    m_stream.reset(m_expect);
  }
  check_status(status, content_type, m_expect, m_findings);
}

void ExchangeChecker::on_event(std::string_view type, std::string_view data) {
  if (m_streaming) {
    m_stream.on_event(type, data, m_findings);
  }
}

void ExchangeChecker::on_done() {
  if (m_streaming) {
    m_stream.on_done(m_findings);
  }
}

void ExchangeChecker::on_body(std::string_view body, bool complete) {
  if (m_status > 0 && !m_streaming && m_json_body) {
    check_body(m_status, body, complete, m_findings);
  }
}

void ExchangeChecker::end(bool server_ended, bool sse_clean) {
  if (m_streaming) {
    m_stream.on_end(server_ended, sse_clean, m_findings);
  }
}

} // namespace chatbench::conformance
