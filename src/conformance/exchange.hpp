#pragma once
// All the checks of one request/response exchange, fed in the order the engine sees it (see
// engine::EventClassifier): the status and Content-Type, then the stream's events or the body,
// then the end. Used by the run's conformance plugin (one per in-flight request) and by the
// data-driven cases in tests/conformance/, so both judge a response the same way.
//
// Thread-safety: none; reusable after begin().
#include "conformance/finding.hpp"
#include "conformance/response_check.hpp"
#include "conformance/stream_check.hpp"

#include <cstdint>
#include <string_view>

namespace chatbench::conformance {

class ExchangeChecker {
public:
  ExchangeChecker(const Profile &profile, Severity cap) : m_findings(profile, cap) {}

  /// A new request `id` that asked for `expect`.
  void begin(std::uint64_t id, const Expectation &expect);
  /// The final status and Content-Type.
  void on_response(int status, std::string_view content_type);
  /// Events of a streamed 2xx response.
  void on_event(std::string_view type, std::string_view data);
  void on_done();
  /// The body of a non-streamed 2xx response, or of any other status (`complete` false when it
  /// was cut short by the client's limit).
  void on_body(std::string_view body, bool complete = true);
  /// The exchange ended; `server_ended` false when the client cut it short (see StreamChecker).
  void end(bool server_ended, bool sse_clean);

  /// A response arrived (on_response was called): only then does the exchange count as checked.
  bool responded() const noexcept { return m_status > 0; }
  const ResponseFindings &findings() const noexcept { return m_findings; }

private:
  ResponseFindings m_findings;
  StreamChecker m_stream;
  Expectation m_expect;
  int m_status = 0;
  bool m_streaming = false; // a streamed 2xx: events go to m_stream
  bool m_json_body = true;  // the Content-Type allows judging the body as JSON
};

} // namespace chatbench::conformance
