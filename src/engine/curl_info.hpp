#pragma once
// What the linked libcurl can do, for `chatbench --version` and the run manifest.
// Reads curl_version_info(), which is thread-safe after curl_global_init.
#include <string>

namespace chatbench::engine {

struct CurlInfo {
  std::string curl_version; ///< e.g. "7.88.1"
  std::string tls_backend;  ///< e.g. "OpenSSL/3.0.19", or "" without TLS
  std::string nghttp2;      ///< e.g. "1.52.0", or "" without HTTP/2
  bool http2 = false;       ///< built with HTTP/2 support
  bool h2c_reuse_broken =
      false; ///< < 7.89: reusing an h2c prior-knowledge connection fails (curl #10634)
};

CurlInfo curl_info();

} // namespace chatbench::engine
