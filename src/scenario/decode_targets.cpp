#include "scenario/decode.hpp"
#include "scenario/json_index.hpp"

#include "util/text.hpp"

#include <array>
#include <cctype>
#include <set>

namespace chatbench::scenario::detail {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 10> k_target_keys{"name",  "provider",   "base_url", "path",
                                                         "model", "headers",    "api_key",  "http",
                                                         "mock",  "description"};

std::vector<std::string_view> provider_names() {
  std::vector<std::string_view> names;
  for (const openai::ProviderInfo &p : openai::providers()) {
    names.push_back(p.name);
  }
  return names;
}

ApiKey decode_api_key(const DecodeContext &ctx, const ObjectReader &target) {
  const json *value = target.get("api_key");
  if (value == nullptr) {
    return {};
  }
  if (value->is_string()) {
    target.error("api_key", "a literal key is not allowed in a scenario; write {\"env\": "
                            "\"VARIABLE\"} or {\"file\": \"path/to/key\"}");
    return {};
  }
  static constexpr std::array<std::string_view, 2> k_keys{"env", "file"};
  const ObjectReader reader(ctx.decoder, *value, target.at("api_key"), k_keys);
  if (!reader.is_object()) {
    return {};
  }
  const auto env = reader.string("env");
  const auto file = reader.string("file");
  if (env.has_value() == file.has_value()) {
    ctx.decoder.error(reader.pointer(), "expected exactly one of \"env\" or \"file\"");
    return {};
  }
  if (env) {
    const bool valid = !env->empty() && std::isdigit(static_cast<unsigned char>((*env)[0])) == 0 &&
                       env->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                              "0123456789_") == std::string::npos;
    if (!valid) {
      reader.error("env", "expected an environment variable name such as \"OPENAI_API_KEY\", "
                          "found " +
                              util::quoted(*env));
    }
    return {ApiKey::Source::env, *env};
  }
  return {ApiKey::Source::file, resolve_path(ctx, *file)};
}

std::vector<std::pair<std::string, std::string>> decode_headers(const DecodeContext &ctx,
                                                                const ObjectReader &target) {
  std::vector<std::pair<std::string, std::string>> headers;
  const json *value = target.get("headers");
  if (value == nullptr) {
    return headers;
  }
  if (!value->is_object()) {
    expected(ctx.decoder, target.at("headers"), "an object of header names to strings", *value);
    return headers;
  }
  for (const auto &[name, header_value] : value->items()) {
    const std::string pointer = pointer_append(target.at("headers"), name);
    if (!header_value.is_string()) {
      expected(ctx.decoder, pointer, "a string", header_value);
      continue;
    }
    if (util::iequals(name, "authorization") || util::iequals(name, "api_key") ||
        util::iequals(name, "api-key")) {
      ctx.decoder.error(pointer,
                        "credentials do not belong in headers; use \"api_key\": "
                        "{\"env\": \"VARIABLE\"}, which sends them as the provider expects");
      continue;
    }
    if (name.empty() || name.find_first_of(" :\r\n") != std::string::npos ||
        header_value.get_ref<const std::string &>().find_first_of("\r\n") != std::string::npos) {
      ctx.decoder.error(pointer, "not a valid HTTP header: " + util::quoted(name));
      continue;
    }
    headers.emplace_back(name, header_value.get<std::string>());
  }
  return headers;
}

void decode_http(const DecodeContext &ctx, const ObjectReader &target, Target &out) {
  const json *value = target.get("http");
  if (value == nullptr) {
    return;
  }
  static constexpr std::array<std::string_view, 3> k_keys{"version", "verify_tls", "ca_file"};
  const ObjectReader reader(ctx.decoder, *value, target.at("http"), k_keys);
  static constexpr std::array<std::string_view, 3> k_versions{"1.1", "2", "h2c"};
  if (const auto version = reader.choice("version", k_versions)) {
    const bool https = out.base_url.rfind("https://", 0) == 0;
    if (*version == "2") {
      out.http_version = HttpVersion::http2;
      if (!https) {
        reader.error("version",
                     "HTTP/2 \"2\" is negotiated by TLS (ALPN) and needs an https:// "
                     "base_url; for cleartext HTTP/2 with prior knowledge write \"h2c\"");
      }
    } else if (*version == "h2c") {
      out.http_version = HttpVersion::h2c;
      if (https) {
        reader.error("version", "\"h2c\" is HTTP/2 over cleartext; with https:// write \"2\"");
      }
    }
  }
  out.verify_tls = reader.boolean("verify_tls").value_or(true);
  if (const auto ca = reader.string("ca_file")) {
    out.ca_file = resolve_path(ctx, *ca);
  }
}

// Fault rules stay text here: their syntax belongs to the mock, which checks them at run start.
std::vector<std::string> decode_faults(const DecodeContext &ctx, const ObjectReader &mock) {
  std::vector<std::string> faults;
  const json *value = mock.get("faults");
  if (value == nullptr) {
    return faults;
  }
  if (!value->is_array()) {
    expected(ctx.decoder, mock.at("faults"), "an array of fault rules such as \"rate_limit:p=0.1\"",
             *value);
    return faults;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json &rule = (*value)[i];
    if (!rule.is_string() || rule.get_ref<const std::string &>().empty()) {
      expected(ctx.decoder, mock.at("faults") + "/" + std::to_string(i),
               "a fault rule such as \"server_error:every=10\"", rule);
      continue;
    }
    faults.push_back(rule.get<std::string>());
  }
  return faults;
}

MockOptions decode_mock(const DecodeContext &ctx, const ObjectReader &target) {
  MockOptions mock;
  const json *value = target.get("mock");
  if (value == nullptr) {
    return mock;
  }
  static constexpr std::array<std::string_view, 7> k_keys{
      "ttft",       "itl",   "output_tokens", "tokens_per_chunk", "max_concurrency",
      "token_rate", "faults"};
  const ObjectReader reader(ctx.decoder, *value, target.at("mock"), k_keys);
  if (auto d = decode_distribution(reader, "ttft", Quantity::duration)) {
    mock.ttft_ns = *d;
  }
  if (auto d = decode_distribution(reader, "itl", Quantity::duration)) {
    mock.itl_ns = *d;
  }
  if (auto d = decode_distribution(reader, "output_tokens", Quantity::tokens)) {
    mock.output_tokens = *d;
  }
  if (auto n = reader.integer("tokens_per_chunk", 1, 4096)) {
    mock.tokens_per_chunk = static_cast<std::uint32_t>(*n);
  }
  if (auto n = reader.integer("max_concurrency", 1, 1000000)) {
    mock.max_concurrency = static_cast<std::uint32_t>(*n);
  }
  mock.token_rate_per_s = reader.rate("token_rate");
  mock.faults = decode_faults(ctx, reader);
  return mock;
}

Target decode_target(const DecodeContext &ctx, const json &value, const std::string &pointer) {
  Target target;
  const ObjectReader reader(ctx.decoder, value, pointer, k_target_keys);
  if (!reader.is_object()) {
    return target;
  }
  const std::vector<std::string_view> names = provider_names();
  if (const auto provider = reader.choice("provider", names)) {
    target.provider = *openai::provider_from_name(*provider);
  } else if (!reader.has("provider")) {
    reader.require("provider");
  }
  const openai::ProviderInfo &info = openai::info(target.provider);
  target.name = reader.string("name").value_or(std::string(info.name));
  if (const auto url = reader.string("base_url", true)) {
    target.base_url = *url;
    const bool http = url->rfind("http://", 0) == 0 || url->rfind("https://", 0) == 0;
    if (*url != "mock" && (!http || url->size() <= 8)) {
      reader.error("base_url", "expected \"mock\" or a URL starting with http:// or https://, "
                               "found " +
                                   util::quoted(*url));
    }
  }
  target.path = reader.string("path").value_or(std::string(info.path));
  if (target.path.empty() || target.path[0] != '/') {
    reader.error("path", "expected a route starting with '/', found " + util::quoted(target.path));
  }
  if (auto model = reader.string("model", !target.is_mock())) {
    target.model = *model;
  } else if (target.is_mock()) {
    target.model = "chatbench-mock";
  }
  target.headers = decode_headers(ctx, reader);
  target.api_key = decode_api_key(ctx, reader);
  decode_http(ctx, reader, target);
  if (reader.has("mock") && !target.is_mock()) {
    reader.error("mock", "mock settings apply only to a target whose base_url is \"mock\"");
  }
  target.mock = decode_mock(ctx, reader);
  target.description = reader.string("description").value_or("");
  return target;
}

} // namespace

std::vector<Target> decode_targets(const DecodeContext &ctx, const json &value,
                                   const std::string &pointer) {
  std::vector<Target> targets;
  if (!value.is_array() || value.empty()) {
    expected(ctx.decoder, pointer, "a non-empty array of targets", value);
    return targets;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string item = pointer + "/" + std::to_string(i);
    targets.push_back(decode_target(ctx, value[i], item));
    if (!value[i].is_object()) {
      continue;
    }
    const std::string &name = targets.back().name;
    if (name.empty() || name.find_first_of(": \t") != std::string::npos) {
      ctx.decoder.error(item + "/name",
                        "expected a name without spaces or ':', found " + util::quoted(name));
    } else if (!names.insert(name).second) {
      ctx.decoder.error(item + (value[i].contains("name") ? "/name" : ""),
                        "target name " + util::quoted(name) +
                            " is used twice; give each target a distinct \"name\"");
    }
  }
  return targets;
}

} // namespace chatbench::scenario::detail
