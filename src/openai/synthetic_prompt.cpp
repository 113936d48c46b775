// Synthetic prompts: words from a fixed list, so that a prompt's token count is known without a
// tokenizer (the rule is in prompt.hpp).
#include "openai/prompt.hpp"
#include "openai/seeding.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

namespace chatbench::openai {
namespace {

// 256 common English words, each a single token with and without a leading space in cl100k_base
// and o200k_base (checked with the gpt-tokenizer package). 256 entries: a draw is one byte.
constexpr std::array<std::string_view, 256> k_words{{
    "the",    "of",      "and",    "to",      "in",      "is",      "it",      "you",
    "that",   "he",      "was",    "for",     "on",      "are",     "with",    "as",
    "his",    "they",    "be",     "at",      "one",     "have",    "this",    "from",
    "or",     "had",     "by",     "word",    "but",     "what",    "some",    "we",
    "can",    "out",     "other",  "were",    "all",     "there",   "when",    "up",
    "use",    "your",    "how",    "said",    "an",      "each",    "she",     "which",
    "do",     "their",   "time",   "if",      "will",    "way",     "about",   "many",
    "then",   "them",    "write",  "would",   "like",    "so",      "these",   "her",
    "long",   "make",    "thing",  "see",     "him",     "two",     "has",     "look",
    "more",   "day",     "could",  "go",      "come",    "did",     "number",  "sound",
    "no",     "most",    "people", "my",      "over",    "know",    "water",   "than",
    "call",   "first",   "who",    "may",     "down",    "side",    "been",    "now",
    "find",   "any",     "new",    "work",    "part",    "take",    "get",     "place",
    "made",   "live",    "where",  "after",   "back",    "little",  "only",    "round",
    "man",    "year",    "came",   "show",    "every",   "good",    "me",      "give",
    "our",    "under",   "name",   "very",    "through", "just",    "form",    "sentence",
    "great",  "think",   "say",    "help",    "low",     "line",    "turn",    "cause",
    "much",   "mean",    "before", "move",    "right",   "boy",     "old",     "too",
    "same",   "tell",    "does",   "set",     "three",   "want",    "air",     "well",
    "also",   "play",    "small",  "end",     "put",     "home",    "read",    "hand",
    "port",   "large",   "spell",  "add",     "even",    "land",    "here",    "must",
    "big",    "high",    "such",   "follow",  "act",     "why",     "ask",     "men",
    "change", "went",    "light",  "kind",    "off",     "need",    "house",   "picture",
    "try",    "us",      "again",  "animal",  "point",   "mother",  "world",   "near",
    "build",  "self",    "earth",  "father",  "head",    "stand",   "own",     "page",
    "should", "country", "found",  "answer",  "school",  "grow",    "study",   "still",
    "learn",  "plant",   "cover",  "food",    "sun",     "four",    "between", "state",
    "keep",   "eye",     "never",  "last",    "let",     "thought", "city",    "tree",
    "cross",  "farm",    "hard",   "start",   "might",   "story",   "far",     "sea",
    "draw",   "left",    "late",   "run",     "while",   "press",   "close",   "night",
    "real",   "life",    "few",    "north",   "open",    "next",    "white",   "children",
    "begin",  "got",     "walk",   "example", "ease",    "paper",   "group",   "always",
}};

// Bounds on draws, so that a heavy-tailed distribution cannot ask for gigabytes.
constexpr std::string_view k_tail = R"(","role":"user"}])";

constexpr double k_max_words = 1 << 24;
constexpr double k_max_output_tokens = 1 << 30;

std::int64_t whole(double value, double max) {
  if (!(value >= 1)) { // also NaN
    return 1;
  }
  return std::llround(std::min(value, max));
}

std::string dump(const nlohmann::json &value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class SyntheticPrompts final : public PromptGenerator {
public:
  SyntheticPrompts(const SyntheticPrompt &prompt, std::uint64_t seed)
      : m_input(prompt.input_tokens), m_output(prompt.output_tokens), m_seed(seed) {
    // "[", the system message, and the user message up to its text, in one JSON array.
    nlohmann::json head = nlohmann::json::array();
    if (!prompt.system_prompt.empty()) {
      head.push_back({{"role", "system"}, {"content", prompt.system_prompt}});
    }
    head.push_back({{"content", ""}, {"role", "user"}});
    m_head = dump(head);
    m_head.resize(m_head.size() - k_tail.size());
    m_needs_engine = m_input.kind != util::Distribution::Kind::constant ||
                     (m_output && m_output->kind != util::Distribution::Kind::constant);
  }

  PromptDraw append_messages(std::uint64_t index, std::string &out) const override {
    SplitMix64 rng(request_seed(m_seed, Stream::synthetic, index));
    double input = m_input.mean;
    std::optional<double> output;
    if (m_output) {
      output = m_output->mean;
    }
    // Constants need no engine (sample() returns the mean); seeding a Mersenne Twister costs more
    // than a short prompt's words.
    if (m_needs_engine) {
      std::mt19937_64 engine(rng.next());
      input = m_input.sample(engine);
      if (m_output) {
        output = m_output->sample(engine);
      }
    }
    PromptDraw draw;
    const auto words = static_cast<std::uint64_t>(whole(input, k_max_words));
    draw.input_words = words;
    if (output) {
      draw.max_tokens = whole(*output, k_max_output_tokens);
    }
    out.reserve(out.size() + m_head.size() + words * 6 + 24);
    out += m_head;
    std::uint64_t bits = 0;
    for (std::uint64_t i = 0; i < words; ++i) {
      if (i % 8 == 0) {
        bits = rng.next();
      }
      if (i != 0) {
        out += ' ';
      }
      out += k_words[bits & 0xFF];
      bits >>= 8;
    }
    out += k_tail;
    return draw;
  }

private:
  util::Distribution m_input;
  std::optional<util::Distribution> m_output;
  std::uint64_t m_seed;
  std::string m_head; ///< "[", the system message if any, and the user message up to its text
  bool m_needs_engine = false;
};

} // namespace

std::span<const std::string_view> synthetic_words() noexcept {
  return k_words;
}

std::unique_ptr<const PromptGenerator> synthetic_prompts(const SyntheticPrompt &prompt,
                                                         std::uint64_t seed) {
  return std::make_unique<SyntheticPrompts>(prompt, seed);
}

} // namespace chatbench::openai
