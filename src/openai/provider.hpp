#pragma once
// The providers chatbench knows, as their documentation describes them (the seeds): where the
// chat-completions route lives, how a key is sent, and what the API documents about streaming.
// Static, immutable data; thread-safe.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace chatbench::openai {

enum class Provider {
  openai,      ///< OpenAI, strict reading of the official spec
  infera,      ///< Infera: FastAPI, `api_key` header, no /v1, no streaming
  fortytwo,    ///< Fortytwo: only choices and usage required
  interactive, ///< Interactive AI: OpenRouter-like, doubles for counts, nullable finish_reason
  p8080,       ///< 8080: usage.total_time, reasoning_effort
  solidrust,   ///< solidrust: vLLM behind a gateway
};

enum class AuthStyle {
  bearer,         ///< `Authorization: Bearer <key>`
  api_key_header, ///< `api_key: <key>` (Infera; underscore in the header name)
};

struct ProviderInfo {
  Provider id;
  std::string_view name;          ///< as written in scenarios: "openai", "8080", ...
  std::string_view base_url;      ///< the production origin, without the route
  std::string_view path;          ///< the chat-completions route, e.g. "/v1/chat/completions"
  AuthStyle auth;                 ///< how the key travels
  std::string_view key_env;       ///< the environment variable the shipped scenarios read
  std::string_view example_model; ///< a model id the documentation shows, or "" when none
  bool documents_streaming;       ///< the seed accepts `stream: true`
  bool documents_include_usage;   ///< the seed documents `stream_options.include_usage`
};

/// All providers, in the order of the enum.
std::span<const ProviderInfo> providers() noexcept;
const ProviderInfo &info(Provider provider) noexcept;
/// "openai", "infera", "fortytwo", "interactive", "8080", "solidrust"; nullopt otherwise.
std::optional<Provider> provider_from_name(std::string_view name) noexcept;

/// Joins a base URL and a route with exactly one '/' between them (Infera's spec writes
/// "https://api.infera.org/" + "/chat/completions").
std::string join_url(std::string_view base, std::string_view path);

} // namespace chatbench::openai
