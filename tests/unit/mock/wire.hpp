#pragma once
// Test helpers: take HTTP responses and SSE streams apart.
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::mock::test {

struct Response {
  std::string head;                ///< status line and headers, without the blank line
  std::string body;                ///< de-chunked when chunked
  std::vector<std::string> chunks; ///< the chunk payloads, in order
  bool complete = false;           ///< a chunked body ended with the last chunk
};

/// Parses one HTTP response from `bytes` (all of it).
inline Response parse_response(std::string_view bytes) {
  Response r;
  const std::size_t end = bytes.find("\r\n\r\n");
  r.head = std::string(bytes.substr(0, end));
  std::string_view rest = end == std::string_view::npos ? "" : bytes.substr(end + 4);
  if (r.head.find("Transfer-Encoding: chunked") == std::string::npos) {
    r.body = std::string(rest);
    r.complete = true;
    return r;
  }
  while (!rest.empty()) {
    const std::size_t line = rest.find("\r\n");
    const std::size_t size = std::stoul(std::string(rest.substr(0, line)), nullptr, 16);
    rest.remove_prefix(line + 2);
    if (size == 0) {
      r.complete = true;
      break;
    }
    r.chunks.emplace_back(rest.substr(0, size));
    r.body += r.chunks.back();
    rest.remove_prefix(size + 2);
  }
  return r;
}

/// The SSE events of a body: each is "data: ..." payload or ": comment" (prefix kept for
/// comments, stripped for data), separated by blank lines; CRLF is accepted.
inline std::vector<std::string> sse_events(std::string body) {
  std::string normalized;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n') {
      continue;
    }
    normalized += body[i];
  }
  std::vector<std::string> events;
  std::size_t at = 0;
  while (at < normalized.size()) {
    const std::size_t end = normalized.find("\n\n", at);
    const std::string event = normalized.substr(at, end - at);
    events.push_back(event.rfind("data: ", 0) == 0 ? event.substr(6) : event);
    if (end == std::string::npos) {
      break;
    }
    at = end + 2;
  }
  return events;
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

} // namespace chatbench::mock::test
