#include "mock/http_wire.hpp"

#include <charconv>

namespace chatbench::mock {

std::string_view reason_phrase(unsigned status) noexcept {
  switch (status) {
  case 200:
    return "OK";
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 413:
    return "Payload Too Large";
  case 422:
    return "Unprocessable Entity";
  case 429:
    return "Too Many Requests";
  case 500:
    return "Internal Server Error";
  case 503:
    return "Service Unavailable";
  default:
    return "Unknown";
  }
}

void append_head(std::string &out, const Head &head) {
  char number[24];
  out += "HTTP/1.1 ";
  auto end = std::to_chars(number, number + sizeof number, head.status).ptr;
  out.append(number, end);
  out += ' ';
  out += reason_phrase(head.status);
  out += "\r\nContent-Type: ";
  out += head.content_type;
  if (head.content_length) {
    out += "\r\nContent-Length: ";
    end = std::to_chars(number, number + sizeof number, *head.content_length).ptr;
    out.append(number, end);
  } else {
    out += "\r\nTransfer-Encoding: chunked";
  }
  if (head.event_stream) {
    out += "\r\nCache-Control: no-cache";
  }
  if (!head.request_id.empty()) {
    out += "\r\nx-request-id: ";
    out += head.request_id;
  }
  if (head.retry_after_s) {
    out += "\r\nRetry-After: ";
    end = std::to_chars(number, number + sizeof number, *head.retry_after_s).ptr;
    out.append(number, end);
  }
  out += head.keep_alive ? "\r\nConnection: keep-alive" : "\r\nConnection: close";
  out += "\r\n\r\n";
}

void append_chunk(std::string &out, std::string_view payload) {
  if (payload.empty()) {
    return;
  }
  char size[20];
  const auto end = std::to_chars(size, size + sizeof size, payload.size(), 16).ptr;
  out.append(size, end);
  out += "\r\n";
  out += payload;
  out += "\r\n";
}

} // namespace chatbench::mock
