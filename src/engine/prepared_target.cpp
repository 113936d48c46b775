#include "engine/prepared_target.hpp"

#include "engine/curl_get.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

namespace chatbench::engine {
namespace {

bool has_line_break(std::string_view text) noexcept {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

Result<void> check_version(const Target &target) {
  const bool https = util::starts_with_ignoring_case(target.url, "https://");
  const bool http = util::starts_with_ignoring_case(target.url, "http://");
  if (!https && !http) {
    return make_error(ErrorCode::invalid_argument,
                      "target URL '" + target.url + "' must start with http:// or https://");
  }
  if (target.http_version == HttpVersion::http1_1) {
    return {};
  }
  const CurlInfo &info = cached_curl_info();
  if (!info.http2) {
    return make_error(ErrorCode::unsupported, "HTTP/2 requested for '" + target.url +
                                                  "' but libcurl " + info.curl_version +
                                                  " was built without HTTP/2 support");
  }
  if (target.http_version == HttpVersion::http2 && !https) {
    return make_error(ErrorCode::invalid_argument,
                      "HTTP/2 over TLS (ALPN) needs an https:// URL, not '" + target.url +
                          "' (over http:// libcurl would fall back to HTTP/1.1); for cleartext "
                          "HTTP/2 use h2c");
  }
  if (target.http_version == HttpVersion::h2c) {
    if (!http) {
      return make_error(ErrorCode::invalid_argument,
                        "h2c (HTTP/2 with prior knowledge over cleartext) needs an http:// URL, "
                        "not '" +
                            target.url + "'; for https:// use http2");
    }
    if (info.h2c_reuse_broken) {
      return make_error(
          ErrorCode::unsupported,
          "h2c (HTTP/2 prior knowledge over cleartext) needs libcurl >= 8.0.0, this is libcurl " +
              info.curl_version +
              ": it fails every request after the first on a reused h2c connection with "
              "CURLE_HTTP2 (curl issue #10634, fixed by curl PR #10643 in 8.0.0). Use HTTP/2 "
              "over https:// (ALPN, works with this libcurl) or HTTP/1.1");
    }
  }
  return {};
}

} // namespace

Result<PreparedTarget> PreparedTarget::create(const Target &target) {
  if (Result<void> ok = check_version(target); !ok) {
    return Unexpected(std::move(ok).error());
  }
  PreparedTarget prepared(target);
  bool has_content_type = false;
  const auto append = [&prepared](const std::string &line) {
    curl_slist *extended = curl_slist_append(prepared.m_headers, line.c_str());
    if (extended == nullptr) {
      return false;
    }
    prepared.m_headers = extended;
    return true;
  };
  for (const auto &[name, value] : target.headers) {
    if (name.empty() || has_line_break(name) || has_line_break(value) ||
        name.find(':') != std::string::npos) {
      return make_error(ErrorCode::invalid_argument,
                        "header '" + name + "' for '" + target.url +
                            "': names must be non-empty without ':', CR or LF; values without "
                            "CR or LF");
    }
    has_content_type = has_content_type || util::starts_with_ignoring_case(name, "content-type");
    // "Name;" is libcurl's way to send a header with an empty value.
    if (!append(value.empty() ? name + ";" : name + ": " + value)) {
      return make_error(ErrorCode::internal, "curl_slist_append failed (out of memory)");
    }
  }
  if ((!has_content_type && !append("Content-Type: application/json")) || !append("Expect:")) {
    return make_error(ErrorCode::internal, "curl_slist_append failed (out of memory)");
  }
  return prepared;
}

PreparedTarget::PreparedTarget(PreparedTarget &&other) noexcept
    : m_target(std::move(other.m_target)), m_headers(std::exchange(other.m_headers, nullptr)) {}

PreparedTarget &PreparedTarget::operator=(PreparedTarget &&other) noexcept {
  if (this != &other) {
    curl_slist_free_all(m_headers);
    m_target = std::move(other.m_target);
    m_headers = std::exchange(other.m_headers, nullptr);
  }
  return *this;
}

PreparedTarget::~PreparedTarget() {
  curl_slist_free_all(m_headers);
}

long PreparedTarget::curl_http_version() const noexcept {
  switch (m_target.http_version) {
  case HttpVersion::http1_1:
    return CURL_HTTP_VERSION_1_1;
  case HttpVersion::http2:
    return CURL_HTTP_VERSION_2TLS;
  case HttpVersion::h2c:
    return CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
  }
  return CURL_HTTP_VERSION_1_1;
}

} // namespace chatbench::engine
