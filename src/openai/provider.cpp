#include "openai/provider.hpp"

#include <array>

namespace chatbench::openai {
namespace {

constexpr std::array<ProviderInfo, 6> k_providers{{
    {Provider::openai, "openai", "https://api.openai.com", "/v1/chat/completions",
     AuthStyle::bearer, "OPENAI_API_KEY", "gpt-4o-mini", true, true},
    {Provider::infera, "infera", "https://api.infera.org", "/chat/completions",
     AuthStyle::api_key_header, "INFERA_API_KEY", "", false, false},
    {Provider::fortytwo, "fortytwo", "https://api.fortytwo.network", "/v1/chat/completions",
     AuthStyle::bearer, "FORTYTWO_API_KEY", "fortytwo-prime", true, false},
    {Provider::interactive, "interactive", "https://app.interactive.ai", "/api/v1/chat/completions",
     AuthStyle::bearer, "INTERACTIVE_API_KEY", "", true, true},
    {Provider::p8080, "8080", "https://api.8080.io", "/v1/chat/completions", AuthStyle::bearer,
     "API_8080_KEY", "8080/taalas/llama3.1-8b-instruct", true, true},
    {Provider::solidrust, "solidrust", "https://api.solidrust.ai", "/v1/chat/completions",
     AuthStyle::bearer, "SOLIDRUST_API_KEY", "vllm-primary", true, false},
}};

} // namespace

std::span<const ProviderInfo> providers() noexcept {
  return k_providers;
}

const ProviderInfo &info(Provider provider) noexcept {
  return k_providers[static_cast<std::size_t>(provider)];
}

std::optional<Provider> provider_from_name(std::string_view name) noexcept {
  for (const ProviderInfo &p : k_providers) {
    if (p.name == name) {
      return p.id;
    }
  }
  return std::nullopt;
}

std::string join_url(std::string_view base, std::string_view path) {
  while (!base.empty() && base.back() == '/') {
    base.remove_suffix(1);
  }
  while (!path.empty() && path.front() == '/') {
    path.remove_prefix(1);
  }
  std::string url(base);
  url += '/';
  url += path;
  return url;
}

} // namespace chatbench::openai
