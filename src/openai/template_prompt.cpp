// Template prompts. The messages are compiled once into literal JSON text and slots: a request
// then appends the literals and, in each slot, the pre-escaped text of its variable's value.
#include "openai/prompt.hpp"
#include "openai/seeding.hpp"

#include <map>

namespace chatbench::openai {
namespace {

using nlohmann::json;

std::string dump(const json &value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The JSON string literal of `text` without its quotes.
std::string escaped(std::string_view text) {
  std::string quoted = dump(json(std::string(text)));
  return quoted.substr(1, quoted.size() - 2);
}

class TemplatePrompts final : public PromptGenerator {
public:
  TemplatePrompts(const json &messages, const TemplateVariables &variables, std::uint64_t seed)
      : m_seed(seed) {
    for (const auto &[name, values] : variables) {
      if (values.empty()) {
        continue; // its placeholders stay verbatim
      }
      m_index.emplace(name, m_values.size());
      std::vector<std::string> texts;
      texts.reserve(values.size());
      for (const std::string &value : values) {
        texts.push_back(escaped(value));
      }
      m_values.push_back(std::move(texts));
    }
    m_literals.emplace_back();
    compile(messages);
  }

  PromptDraw append_messages(std::uint64_t index, std::string &out) const override {
    const std::uint64_t rs = request_seed(m_seed, Stream::template_values, index);
    out += m_literals[0];
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
      const std::vector<std::string> &values = m_values[m_slots[i]];
      // The (v+1)-th output of SplitMix64(rs) for variable v: one draw per variable, in order.
      const std::uint64_t draw = mix64(rs + (m_slots[i] + 1) * 0x9E3779B97F4A7C15ULL);
      out += values[draw % values.size()];
      out += m_literals[i + 1];
    }
    return {};
  }

private:
  void literal(std::string_view text) { m_literals.back() += text; }

  void compile(const json &value) {
    if (value.is_object()) {
      literal("{");
      bool first = true;
      for (const auto &[key, member] : value.items()) {
        literal(first ? "" : ",");
        first = false;
        literal(dump(json(key)));
        literal(":");
        compile(member);
      }
      literal("}");
    } else if (value.is_array()) {
      literal("[");
      for (std::size_t i = 0; i < value.size(); ++i) {
        literal(i == 0 ? "" : ",");
        compile(value[i]);
      }
      literal("]");
    } else if (value.is_string()) {
      compile_string(value.get_ref<const std::string &>());
    } else {
      literal(dump(value));
    }
  }

  // Splits a string at its placeholders, scanning as the scenario loader does.
  void compile_string(const std::string &text) {
    literal("\"");
    std::size_t done = 0;
    std::size_t open = text.find("{{");
    while (open != std::string::npos) {
      const std::size_t close = text.find("}}", open + 2);
      if (close == std::string::npos) {
        break;
      }
      const auto it = m_index.find(text.substr(open + 2, close - open - 2));
      if (it == m_index.end()) {
        open = text.find("{{", open + 2);
        continue;
      }
      literal(escaped(std::string_view(text).substr(done, open - done)));
      m_slots.push_back(it->second);
      m_literals.emplace_back();
      done = close + 2;
      open = text.find("{{", done);
    }
    literal(escaped(std::string_view(text).substr(done)));
    literal("\"");
  }

  std::uint64_t m_seed;
  std::map<std::string, std::size_t, std::less<>> m_index;
  std::vector<std::vector<std::string>> m_values; ///< escaped, per variable
  std::vector<std::string> m_literals;            ///< m_slots.size() + 1 pieces of JSON text
  std::vector<std::size_t> m_slots;               ///< the variable of each slot
};

} // namespace

std::unique_ptr<const PromptGenerator>
template_prompts(const json &messages, const TemplateVariables &variables, std::uint64_t seed) {
  return std::make_unique<TemplatePrompts>(messages, variables, seed);
}

} // namespace chatbench::openai
