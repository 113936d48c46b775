#pragma once
// A Target checked and turned into what libcurl needs, once per worker (engine-internal). The
// checks here are where HTTP/2 either works or fails clearly before any request is sent:
// - http2 (ALPN) needs an https:// URL (over http:// libcurl would silently fall back to
//   HTTP/1.1) and a libcurl built with HTTP/2;
// - h2c (prior knowledge) needs an http:// URL and libcurl >= 8.0.0: libcurl 7.88.1 (Debian 12)
//   fails every request after the first on a reused h2c connection with CURLE_HTTP2 (curl issue
//   #10634, fixed by curl PR #10643), which would show up as a storm of per-request failures.
#include "engine/request.hpp"
#include "util/result.hpp"

#include <curl/curl.h>

namespace chatbench::engine {

/// A Target checked and prepared for libcurl once per worker: its header list and the
/// HTTP-version constant. Move-only (owns the curl_slist).
class PreparedTarget {
public:
  /// ErrorCode::invalid_argument for a URL whose scheme does not fit the HTTP version, or a
  /// header with CR or LF; ErrorCode::unsupported for HTTP/2 without libcurl HTTP/2 support and
  /// for h2c with a libcurl that cannot reuse h2c connections (curl #10634, libcurl < 8.0.0).
  static Result<PreparedTarget> create(const Target &target);

  PreparedTarget(PreparedTarget &&other) noexcept;
  PreparedTarget &operator=(PreparedTarget &&other) noexcept;
  PreparedTarget(const PreparedTarget &) = delete;
  PreparedTarget &operator=(const PreparedTarget &) = delete;
  ~PreparedTarget();

  const Target &target() const noexcept { return m_target; }
  curl_slist *headers() const noexcept { return m_headers; }
  long curl_http_version() const noexcept;

private:
  explicit PreparedTarget(Target target) : m_target(std::move(target)) {}

  Target m_target;
  curl_slist *m_headers = nullptr;
};

} // namespace chatbench::engine
