#pragma once
// Prompt generators: the `messages` array of request i, as JSON text appended to the body being
// built. Every generator is deterministic in (seed, request index): a run is reproducible, and the
// same prompt set goes to every target of a comparison whatever worker builds a request or when.
// Generators are immutable once made; append_messages() is const, allocation-free beyond `out`'s
// growth, and thread-safe (its random draws use a SplitMix64 seeded from (seed, index) on the
// stack, seeding.hpp). The serialised messages come from nlohmann::json's dump(), so their keys
// are in its (sorted) order.
//
// Kinds (scenario workloads map onto them one to one):
// - fixed: the same messages every request.
// - template: `{{name}}` in every string value (not in object keys) is replaced by one value of
//   that variable's list, drawn per request: value k of the list with k = draw mod size, one draw
//   per variable in declaration order from the request's generator. A variable used several times
//   takes the same value everywhere in one request. A placeholder whose name is not a variable (the
//   scenario loader rejects those) and an unclosed "{{" are left verbatim; values are inserted as
//   they are (a "{{x}}" inside a value is not expanded again). Placeholders are found as the
//   loader finds them: from each "{{" to the next "}}".
// - conversations: each conversation is a whole messages array (a multi-turn history sent as
//   is). Order `sequential`: request i takes conversation i mod N, so N consecutive requests use
//   each exactly once. Order `shuffled`: the same, through one permutation of the N conversations
//   fixed by the seed (Fisher-Yates over SplitMix64).
// - synthetic: an optional system message, then one user message of N words drawn uniformly
//   from a fixed list of 256 common English words (synthetic_words.cpp), separated by spaces. N is
//   round(input_tokens draw), at least 1. Token estimate rule: one word = one token. Every word
//   of the list, with or without a leading space, is one token in OpenAI's cl100k_base and
//   o200k_base encodings, and space-separated sequences of them encode to exactly N tokens there
//   (checked on random sequences up to 2,000 words); Llama 3's tokenizer extends cl100k_base.
//   The chat template adds a few tokens per message, and the system prompt is not part of N.
//   max_tokens is round(output_tokens draw), at least 1, when that distribution is given.
#include "util/distribution.hpp"
#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace chatbench::openai {

/// What the workload decided for one request besides its messages.
struct PromptDraw {
  std::optional<std::int64_t> max_tokens;   ///< synthetic output length; overrides the options'
  std::optional<std::uint64_t> input_words; ///< synthetic: N, the prompt's token estimate
};

class PromptGenerator {
public:
  virtual ~PromptGenerator() = default;
  /// Appends request `index`'s messages array (JSON text) to `out`.
  virtual PromptDraw append_messages(std::uint64_t index, std::string &out) const = 0;
  /// The same messages as a value (for tests and conformance checks; slower).
  nlohmann::json messages(std::uint64_t index) const;
};

using TemplateVariables = std::vector<std::pair<std::string, std::vector<std::string>>>;

enum class ConversationOrder : std::uint8_t { sequential, shuffled };

struct SyntheticPrompt {
  util::Distribution input_tokens = util::Distribution::constant(128);
  std::optional<util::Distribution> output_tokens;
  std::string system_prompt; ///< "" for none
};

std::unique_ptr<const PromptGenerator> fixed_prompts(const nlohmann::json &messages);
std::unique_ptr<const PromptGenerator> template_prompts(const nlohmann::json &messages,
                                                        const TemplateVariables &variables,
                                                        std::uint64_t seed);
/// Fails (invalid_argument) when there is no conversation.
Result<std::unique_ptr<const PromptGenerator>>
conversation_prompts(std::span<const nlohmann::json> conversations, ConversationOrder order,
                     std::uint64_t seed);
std::unique_ptr<const PromptGenerator> synthetic_prompts(const SyntheticPrompt &prompt,
                                                         std::uint64_t seed);

/// The synthetic vocabulary (256 words, lowercase ASCII).
std::span<const std::string_view> synthetic_words() noexcept;

} // namespace chatbench::openai
