#include "run/manifest.hpp"

#include "engine/curl_info.hpp"
#include "util/build_info.hpp"

#include <cstdint>
#include <thread>

namespace chatbench::run {
namespace {

struct Fnv1a64 {
  std::uint64_t state = 0xcbf29ce484222325ULL;
  void add(std::string_view bytes) noexcept {
    for (const char c : bytes) {
      state ^= static_cast<unsigned char>(c);
      state *= 0x100000001b3ULL;
    }
  }
  std::string hex() const {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
      out[static_cast<std::size_t>(i)] = k_digits[(state >> (4 * (15 - i))) & 0xf];
    }
    return out;
  }
};

} // namespace

std::string fnv1a64_hex(std::string_view bytes) {
  Fnv1a64 hash;
  hash.add(bytes);
  return hash.hex();
}

Manifest make_manifest(const scenario::Scenario &scenario, const ManifestInput &input) {
  Manifest m;
  m.version = std::string(util::version());
  m.git_revision = std::string(util::git_revision());
  const engine::CurlInfo curl = engine::curl_info();
  m.libcurl = curl.curl_version;
  m.tls = curl.tls_backend;
  m.nghttp2 = curl.nghttp2;
  m.cores = std::thread::hardware_concurrency();
  m.scenario_file = scenario.file;
  m.scenario_name = scenario.name;
  Fnv1a64 hash;
  hash.add(input.scenario_text);
  for (const std::string &override_text : input.overrides) {
    hash.add(override_text);
    hash.add("\n");
  }
  m.scenario_hash = "fnv1a64:" + hash.hex();
  m.overrides = input.overrides;
  m.command_line = input.command_line;
  m.seed = scenario.seed;
  return m;
}

} // namespace chatbench::run
