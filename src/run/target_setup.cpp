#include "run/target_setup.hpp"

#include "util/text.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace chatbench::run {
namespace {

engine::HttpVersion http_version(scenario::HttpVersion version) {
  switch (version) {
  case scenario::HttpVersion::http2:
    return engine::HttpVersion::http2;
  case scenario::HttpVersion::h2c:
    return engine::HttpVersion::h2c;
  case scenario::HttpVersion::http1_1:
    break;
  }
  return engine::HttpVersion::http1_1;
}

Unexpected key_error(const scenario::Target &target, const std::string &what) {
  return make_error(ErrorCode::invalid_scenario,
                    "target " + util::quoted(target.name) + ": " + what);
}

} // namespace

Result<std::string> read_api_key(const scenario::Target &target) {
  const scenario::ApiKey &key = target.api_key;
  switch (key.source) {
  case scenario::ApiKey::Source::none:
    return std::string();
  case scenario::ApiKey::Source::env: {
    const char *value = std::getenv(key.name.c_str());
    if (value == nullptr || *value == '\0') {
      return key_error(target, "the API key variable " + key.name + " is " +
                                   (value == nullptr ? "not set" : "empty") +
                                   " (api_key.env); export it, or remove api_key for no key");
    }
    return std::string(value);
  }
  case scenario::ApiKey::Source::file: {
    std::ifstream in(key.name, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      return key_error(target, "cannot read the API key file " + util::quoted(key.name));
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' ||
                             text.back() == '\t')) {
      text.pop_back();
    }
    if (text.empty()) {
      return key_error(target, "the API key file " + util::quoted(key.name) +
                                   " is empty or unreadable (api_key.file)");
    }
    return text;
  }
  }
  return std::string();
}

engine::Target engine_target(const scenario::Target &target, const scenario::Load &load,
                             std::string_view api_key, std::string_view base_url) {
  engine::Target out;
  out.url = openai::join_url(base_url.empty() ? std::string_view(target.base_url) : base_url,
                             target.path);
  if (!api_key.empty()) {
    if (openai::info(target.provider).auth == openai::AuthStyle::api_key_header) {
      out.headers.emplace_back("api_key", std::string(api_key));
    } else {
      out.headers.emplace_back("Authorization", "Bearer " + std::string(api_key));
    }
  }
  out.headers.insert(out.headers.end(), target.headers.begin(), target.headers.end());
  out.http_version = http_version(target.http_version);
  out.verify_tls = target.verify_tls;
  out.ca_file = target.ca_file;
  out.timeouts.connect = load.timeouts.connect;
  out.timeouts.first_token = load.timeouts.first_token;
  out.timeouts.idle = load.timeouts.idle;
  out.timeouts.total = load.timeouts.total;
  return out;
}

} // namespace chatbench::run
