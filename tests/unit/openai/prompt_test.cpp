// Prompt generators: substitution, determinism by (seed, index), conversation order and the
// synthetic token-length rule.
#include "openai/prompt.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace chatbench::openai {
namespace {

using nlohmann::json;

std::string text_of(const PromptGenerator &g, std::uint64_t index) {
  std::string out;
  (void)g.append_messages(index, out);
  return out;
}

std::string user_content(const json &messages) {
  return messages.back()["content"].get<std::string>();
}

TEST(Prompt, FixedMessagesAreTheSameEveryTime) {
  const json messages = json::parse(R"([{"role":"user","content":"Say \"hi\"\n"}])");
  const auto g = fixed_prompts(messages);
  EXPECT_EQ(g->messages(0), messages);
  EXPECT_EQ(text_of(*g, 0), text_of(*g, 12345));
  std::string out;
  EXPECT_FALSE(g->append_messages(3, out).max_tokens);
}

const json k_template = json::parse(
    R"([{"role":"system","content":"You answer about {{city}}."},)"
    R"({"role":"user","content":"Weather in {{city}} on {{day}}? {{city}}! {{unknown}} {{day"}])");
const TemplateVariables k_variables{{"city", {"Paris", "Oslo", "Quito \"Q\""}},
                                    {"day", {"Monday", "Friday"}}};

TEST(Prompt, TemplateSubstitutesEveryPlaceholderWithOneValuePerRequest) {
  const auto g = template_prompts(k_template, k_variables, 7);
  std::set<std::string> cities;
  for (std::uint64_t i = 0; i < 200; ++i) {
    const json m = g->messages(i);
    const std::string system = m[0]["content"];
    const std::string city = system.substr(17, system.size() - 18);
    cities.insert(city);
    std::string day;
    for (const char *d : {"Monday", "Friday"}) {
      if (user_content(m).find(d) != std::string::npos) {
        day = d;
      }
    }
    ASSERT_FALSE(day.empty());
    // Repeated placeholders take the same value; unknown names and "{{day" stay verbatim.
    EXPECT_EQ(user_content(m),
              "Weather in " + city + " on " + day + "? " + city + "! {{unknown}} {{day");
  }
  EXPECT_EQ(cities, (std::set<std::string>{"Paris", "Oslo", "Quito \"Q\""}));
}

TEST(Prompt, TemplateIsDeterministicBySeedAndIndex) {
  const auto a = template_prompts(k_template, k_variables, 7);
  const auto b = template_prompts(k_template, k_variables, 7);
  const auto c = template_prompts(k_template, k_variables, 8);
  int differs = 0;
  for (std::uint64_t i = 0; i < 64; ++i) {
    EXPECT_EQ(text_of(*a, i), text_of(*b, i));
    differs += text_of(*a, i) != text_of(*c, i) ? 1 : 0;
  }
  EXPECT_GT(differs, 10);
  // Order of building does not matter: index 40 built first or last is the same prompt.
  EXPECT_EQ(text_of(*a, 40), text_of(*b, 40));
}

TEST(Prompt, TemplateValuesAreRoughlyUniform) {
  const auto g = template_prompts(k_template, k_variables, 1);
  std::map<std::string, int> counts;
  for (std::uint64_t i = 0; i < 3000; ++i) {
    counts[g->messages(i)[0]["content"].get<std::string>()]++;
  }
  ASSERT_EQ(counts.size(), 3U);
  for (const auto &[text, n] : counts) {
    EXPECT_NEAR(n, 1000, 150) << text;
  }
}

TEST(Prompt, TemplateWithoutPlaceholdersOrWithNonStringValues) {
  const json messages = json::parse(
      R"([{"role":"user","content":[{"type":"text","text":"{{city}} {{city}}"}],"n":1.5,"x":null}])");
  const auto g = template_prompts(messages, k_variables, 3);
  const json m = g->messages(0);
  const std::string text = m[0]["content"][0]["text"];
  EXPECT_EQ(text.substr(0, text.size() / 2), text.substr(text.size() / 2 + 1));
  EXPECT_EQ(m[0]["n"], 1.5);
  EXPECT_TRUE(m[0]["x"].is_null());
  // An empty variable list leaves its placeholders verbatim.
  const auto empty = template_prompts(messages, {{"city", {}}}, 3);
  EXPECT_EQ(empty->messages(0), messages);
}

TEST(Prompt, ConversationsInOrderAndShuffled) {
  std::vector<json> conversations;
  for (int i = 0; i < 5; ++i) {
    conversations.push_back(json::array({{{"role", "user"}, {"content", std::to_string(i)}}}));
  }
  const auto seq = conversation_prompts(conversations, ConversationOrder::sequential, 1);
  ASSERT_TRUE(seq);
  for (std::uint64_t i = 0; i < 12; ++i) {
    EXPECT_EQ(user_content((*seq)->messages(i)), std::to_string(i % 5));
  }
  const auto shuffled = conversation_prompts(conversations, ConversationOrder::shuffled, 1);
  std::vector<std::string> order;
  for (std::uint64_t i = 0; i < 5; ++i) {
    order.push_back(user_content((*shuffled)->messages(i)));
    EXPECT_EQ(text_of(**shuffled, i), text_of(**shuffled, i + 5)); // one permutation, repeated
  }
  std::vector<std::string> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  const auto again = conversation_prompts(conversations, ConversationOrder::shuffled, 1);
  EXPECT_EQ(text_of(**again, 3), text_of(**shuffled, 3));
  EXPECT_FALSE(conversation_prompts({}, ConversationOrder::sequential, 1));
}

std::size_t word_count(const std::string &text) {
  std::istringstream in(text);
  std::size_t n = 0;
  for (std::string word; in >> word;) {
    ++n;
  }
  return n;
}

TEST(Prompt, SyntheticPromptHasOneWordPerEstimatedToken) {
  SyntheticPrompt spec;
  spec.input_tokens = util::Distribution::constant(300);
  spec.system_prompt = "You are terse.";
  const auto g = synthetic_prompts(spec, 42);
  const std::set<std::string_view> vocabulary(synthetic_words().begin(), synthetic_words().end());
  EXPECT_EQ(vocabulary.size(), 256U);
  for (std::uint64_t i = 0; i < 20; ++i) {
    std::string text;
    const PromptDraw draw = g->append_messages(i, text);
    const json m = json::parse(text);
    ASSERT_EQ(m.size(), 2U);
    EXPECT_EQ(m[0], (json{{"role", "system"}, {"content", "You are terse."}}));
    EXPECT_EQ(m[1]["role"], "user");
    const std::string content = user_content(m);
    EXPECT_EQ(word_count(content), 300U);
    EXPECT_EQ(draw.input_words, 300U);
    EXPECT_FALSE(draw.max_tokens);
    std::istringstream words(content);
    for (std::string word; words >> word;) {
      EXPECT_TRUE(vocabulary.count(word) == 1) << word;
    }
    EXPECT_EQ(content.find("  "), std::string::npos);
  }
  EXPECT_NE(text_of(*g, 0), text_of(*g, 1)); // no shared prefix to cache
}

TEST(Prompt, SyntheticLengthsFollowTheirDistributions) {
  SyntheticPrompt spec;
  spec.input_tokens = {util::Distribution::Kind::uniform, 0, 0, 50, 150};
  spec.output_tokens = util::Distribution{util::Distribution::Kind::normal, 64, 8, 1, 1e9};
  const auto g = synthetic_prompts(spec, 9);
  const auto same = synthetic_prompts(spec, 9);
  double sum_in = 0;
  double sum_out = 0;
  for (std::uint64_t i = 0; i < 2000; ++i) {
    std::string text;
    const PromptDraw draw = g->append_messages(i, text);
    ASSERT_TRUE(draw.max_tokens);
    ASSERT_TRUE(draw.input_words);
    EXPECT_GE(*draw.input_words, 50U);
    EXPECT_LE(*draw.input_words, 150U);
    EXPECT_EQ(word_count(user_content(json::parse(text))), *draw.input_words);
    sum_in += static_cast<double>(*draw.input_words);
    sum_out += static_cast<double>(*draw.max_tokens);
    if (i < 50) {
      std::string again;
      EXPECT_EQ(same->append_messages(i, again).max_tokens, draw.max_tokens);
      EXPECT_EQ(again, text);
    }
  }
  EXPECT_NEAR(sum_in / 2000, 100, 3);
  EXPECT_NEAR(sum_out / 2000, 64, 1);
}

TEST(Prompt, SyntheticDrawsAreClampedToAtLeastOne) {
  SyntheticPrompt spec;
  spec.input_tokens = util::Distribution::constant(0);
  spec.output_tokens = util::Distribution::constant(0.2);
  const auto g = synthetic_prompts(spec, 1);
  std::string text;
  const PromptDraw draw = g->append_messages(0, text);
  EXPECT_EQ(draw.input_words, 1U);
  EXPECT_EQ(draw.max_tokens, 1);
  EXPECT_EQ(json::parse(text).size(), 1U); // no system prompt
}

} // namespace
} // namespace chatbench::openai
