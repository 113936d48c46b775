#pragma once
// HTTP/1.1 response framing written by hand (the mock needs byte-level control for faults such as
// events split across chunks): the status line and headers, and chunked-encoding frames. Requests
// are parsed by Boost.Beast in the session. Pure; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatbench::mock {

struct Head {
  unsigned status = 200;
  std::string_view content_type = "application/json";
  std::optional<std::size_t> content_length; ///< nullopt: Transfer-Encoding: chunked
  bool keep_alive = true;
  std::string_view request_id; ///< x-request-id, when not empty
  std::optional<std::uint32_t> retry_after_s;
  bool event_stream = false; ///< adds Cache-Control: no-cache
};

/// "OK", "Too Many Requests", ...; "Unknown" for codes the mock never sends.
std::string_view reason_phrase(unsigned status) noexcept;

/// Appends the status line, headers and the blank line.
void append_head(std::string &out, const Head &head);

/// Appends one chunk of chunked transfer encoding (nothing for an empty payload, which would
/// end the body).
void append_chunk(std::string &out, std::string_view payload);

/// The last chunk: "0\r\n\r\n".
inline constexpr std::string_view k_last_chunk = "0\r\n\r\n";

} // namespace chatbench::mock
