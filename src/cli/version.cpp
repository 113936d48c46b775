#include "cli/version.hpp"

#include "engine/curl_info.hpp"
#include "util/build_info.hpp"

namespace chatbench::cli {

std::string version_text() {
  const engine::CurlInfo curl = engine::curl_info();
  std::string text = "chatbench " + std::string(util::version()) + " (" +
                     std::string(util::git_revision()) + ")\n";
  text += "libcurl " + curl.curl_version;
  text += ", TLS " + (curl.tls_backend.empty() ? std::string("none") : curl.tls_backend);
  if (curl.http2) {
    text += ", HTTP/2 (nghttp2 " + curl.nghttp2 + ")";
    if (curl.h2c_reuse_broken) {
      text += "; h2c prior knowledge cannot reuse connections in this libcurl (curl #10634)";
    }
  } else {
    text += ", no HTTP/2";
  }
  return text;
}

} // namespace chatbench::cli
