#include "engine/curl_info.hpp"

#include <curl/curl.h>

namespace chatbench::engine {

CurlInfo curl_info() {
  const curl_version_info_data *data = curl_version_info(CURLVERSION_NOW);
  CurlInfo info;
  info.curl_version = data->version != nullptr ? data->version : "";
  info.tls_backend = data->ssl_version != nullptr ? data->ssl_version : "";
  info.http2 = (data->features & CURL_VERSION_HTTP2) != 0;
  if (data->age >= CURLVERSION_FOURTH && data->nghttp2_version != nullptr) {
    info.nghttp2 = data->nghttp2_version;
  }
  // curl PR #10643 fixed reuse of h2c prior-knowledge connections (curl issue #10634); the next
  // release after 7.88.1 was 8.0.0. With 7.88.1 every request after the first on such a
  // connection fails with CURLE_HTTP2.
  info.h2c_reuse_broken = data->version_num < 0x080000;
  return info;
}

} // namespace chatbench::engine
