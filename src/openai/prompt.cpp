// Fixed and conversation prompts, and what every generator shares.
#include "openai/prompt.hpp"
#include "openai/seeding.hpp"

#include <numeric>

namespace chatbench::openai {
namespace {

std::string dump(const nlohmann::json &value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class FixedPrompts final : public PromptGenerator {
public:
  explicit FixedPrompts(const nlohmann::json &messages) : m_text(dump(messages)) {}
  PromptDraw append_messages(std::uint64_t, std::string &out) const override {
    out += m_text;
    return {};
  }

private:
  std::string m_text;
};

class ConversationPrompts final : public PromptGenerator {
public:
  ConversationPrompts(std::span<const nlohmann::json> conversations, ConversationOrder order,
                      std::uint64_t seed)
      : m_order(conversations.size()) {
    m_texts.reserve(conversations.size());
    for (const nlohmann::json &conversation : conversations) {
      m_texts.push_back(dump(conversation));
    }
    std::iota(m_order.begin(), m_order.end(), std::size_t{0});
    if (order == ConversationOrder::shuffled) {
      SplitMix64 rng(request_seed(seed, Stream::conversation_order, 0));
      for (std::size_t i = m_order.size(); i > 1; --i) {
        std::swap(m_order[i - 1], m_order[rng.below(i)]);
      }
    }
  }
  PromptDraw append_messages(std::uint64_t index, std::string &out) const override {
    out += m_texts[m_order[index % m_order.size()]];
    return {};
  }

private:
  std::vector<std::string> m_texts;
  std::vector<std::size_t> m_order;
};

} // namespace

nlohmann::json PromptGenerator::messages(std::uint64_t index) const {
  std::string text;
  (void)append_messages(index, text);
  return nlohmann::json::parse(text);
}

std::unique_ptr<const PromptGenerator> fixed_prompts(const nlohmann::json &messages) {
  return std::make_unique<FixedPrompts>(messages);
}

Result<std::unique_ptr<const PromptGenerator>>
conversation_prompts(std::span<const nlohmann::json> conversations, ConversationOrder order,
                     std::uint64_t seed) {
  if (conversations.empty()) {
    return make_error(ErrorCode::invalid_argument, "no conversation to send");
  }
  return std::unique_ptr<const PromptGenerator>(
      std::make_unique<ConversationPrompts>(conversations, order, seed));
}

} // namespace chatbench::openai
