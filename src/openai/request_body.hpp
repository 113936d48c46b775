#pragma once
// Request bodies: the JSON bytes of one chat-completions request, built per request on the
// engine's worker threads. Everything that does not change between requests (model, sampling
// fields, stream options, extra fields) is serialised once by create(); build() appends the
// prompt generator's messages and the request's token limit around it, so a body costs about one
// copy of its bytes.
//
// Field rules (research/seeds-and-conformance.md 1.2 and 1.8), recorded as notes() for the console:
// - Order: model, messages, the token limit, then the other fields in nlohmann's key order.
// - `model` is sent when not empty; it may be empty only for Interactive AI (optional there).
// - `stream`: `"stream":true` when streaming, omitted otherwise (false is every provider's
//   default). Infera documents no streaming: there `stream` is dropped and stream() is false.
// - `stream_options`: `{"include_usage":true}` when streaming and include_usage is true. Unset
//   include_usage means true for providers that document it (OpenAI, Interactive AI, 8080), so
//   that token counts come from usage, and false for the others (Fortytwo, solidrust), which do not
//   document the field; an explicit true is sent to them anyway. Never sent without `stream`
//   (OpenAI rejects stream_options on a non-streamed request).
// - The token limit is `max_tokens`, except for 8080, whose API reference documents only
//   `max_completion_tokens`. Its value is the workload's draw (synthetic output_tokens) if any,
//   else options.max_tokens, else omitted; Infera requires it: 256 is sent there when neither
//   gives one (k_infera_default_max_tokens).
// - `temperature` and `top_p` as given. Infera requires temperature: 1.0 (OpenAI's default) when
//   unset. Infera documents no top_p or stop: both are dropped there.
// - `stop`: a string or an array of strings. 8080's API reference takes arrays only: a string is
//   sent as a one-element array there.
// - `extra` is merged last, key by key: its members replace any field above (including messages
//   and the token limit) and add any other, for every provider: it is the user's explicit choice.
// Thread-safety: a built RequestBodyBuilder is immutable; build() is const and may run
// concurrently on any number of threads.
#include "openai/prompt.hpp"
#include "openai/provider.hpp"
#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::openai {

inline constexpr std::int64_t k_infera_default_max_tokens = 256;
inline constexpr double k_infera_default_temperature = 1.0;

/// The body fields a scenario configures (scenario::RequestOptions plus the target's model).
struct RequestBodyOptions {
  std::string model;
  bool stream = false;
  std::optional<std::int64_t> max_tokens;
  std::optional<double> temperature;
  std::optional<double> top_p;
  nlohmann::json stop;                             ///< null (none), a string or an array of strings
  std::optional<bool> include_usage;               ///< nullopt: the provider's default (see above)
  nlohmann::json extra = nlohmann::json::object(); ///< merged last
};

class RequestBodyBuilder {
public:
  /// Fails (invalid_argument) when: the model is empty and the provider requires one; extra is
  /// not an object; stop is not null, a string or an array of strings; max_tokens < 1;
  /// temperature or top_p is not finite.
  static Result<RequestBodyBuilder> create(Provider provider, const RequestBodyOptions &options);

  /// Replaces `out` with the body of request `index`, its messages from `prompts`, and returns
  /// what the workload drew. `out` keeps its capacity, so a reused buffer does not allocate.
  PromptDraw build(const PromptGenerator &prompts, std::uint64_t index, std::string &out) const;
  std::string build(const PromptGenerator &prompts, std::uint64_t index) const;

  Provider provider() const noexcept { return m_provider; }
  /// Whether requests stream (false at Infera even if asked): what the engine should expect.
  bool stream() const noexcept { return m_stream; }
  /// Whether stream_options.include_usage is sent (unless extra replaces stream_options).
  bool include_usage() const noexcept { return m_include_usage; }
  /// "max_tokens" or "max_completion_tokens".
  std::string_view token_limit_field() const noexcept { return m_token_field; }
  /// The rules that changed what the options asked for, one sentence each (for the console).
  const std::vector<std::string> &notes() const noexcept { return m_notes; }

private:
  RequestBodyBuilder() = default;

  Provider m_provider = Provider::openai;
  bool m_stream = false;
  bool m_include_usage = false;
  std::string_view m_token_field = "max_tokens";
  std::string m_model;                      ///< `"model":"..."`, or empty
  std::string m_tail;                       ///< the other constant members, `"key":value,...`
  bool m_messages = true;                   ///< false: extra supplies messages
  bool m_token_limit = true;                ///< false: extra supplies the token limit
  std::optional<std::int64_t> m_max_tokens; ///< the options' (or Infera's default) limit
  std::vector<std::string> m_notes;
};

} // namespace chatbench::openai
