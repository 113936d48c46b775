#pragma once
// Checked reads of libcurl information (engine-internal): transfer information as the value, or a
// fallback when libcurl reports an error for it (an option this libcurl lacks, a handle in the
// wrong state); the library's version information, read once.
#include "engine/curl_info.hpp"

#include <curl/curl.h>

#include <cstdint>

namespace chatbench::engine {

inline long info_long(CURL *easy, CURLINFO info, long fallback) noexcept {
  long value = 0;
  return curl_easy_getinfo(easy, info, &value) == CURLE_OK ? value : fallback;
}

inline std::int64_t info_off(CURL *easy, CURLINFO info, std::int64_t fallback) noexcept {
  curl_off_t value = 0;
  return curl_easy_getinfo(easy, info, &value) == CURLE_OK ? static_cast<std::int64_t>(value)
                                                           : fallback;
}

/// curl_info(), read once: curl_version_info fills static buffers on every call, so threads
/// must not call it at the same time. Engine::create reads it first, before any worker runs.
inline const CurlInfo &cached_curl_info() {
  static const CurlInfo info = curl_info();
  return info;
}

} // namespace chatbench::engine
