#include "mock/content.hpp"

#include "mock/latency_model.hpp"

#include <array>

namespace chatbench::mock {
namespace {

// Each word twice: capitalised without a space (first token) and lower case with a space.
constexpr std::array<std::string_view, 32> k_first{
    "The",    "A",     "Load",   "Every",   "Latency", "Streams", "Tokens",  "Servers",
    "Models", "Each",  "Time",   "Queues",  "Chunks",  "Clients", "Some",    "Many",
    "Fast",   "Slow",  "Steady", "Careful", "Small",   "Large",   "Simple",  "Quiet",
    "Early",  "Later", "Under",  "Before",  "After",   "While",   "Because", "Often"};
constexpr std::array<std::string_view, 64> k_words{
    " the",     " a",       " load",     " test",     " measures", " latency",  " of",
    " every",   " stream",  " token",    " arrives",  " on",       " time",     " server",
    " model",   " queue",   " grows",    " when",     " capacity", " is",       " reached",
    " and",     " clients", " wait",     " for",      " first",    " chunk",    " while",
    " others",  " finish",  " quickly",  " under",    " steady",   " pressure", " with",
    " careful", " pacing",  " requests", " complete", " in",       " order",    " through",
    " sockets", " buffers", " flush",    " bytes",    " events",   " carry",    " small",
    " deltas",  " that",    " add",      " up",       " to",       " answers",  " from",
    " seeds",   " which",   " repeat",   " exactly",  " across",   " runs",     " here",
    " today"};

} // namespace

std::string_view token_text(std::uint64_t seed, std::uint64_t request_index,
                            std::uint32_t position) noexcept {
  const std::uint64_t h = mix(seed, request_index, position);
  if (position == 0) {
    return k_first[h % k_first.size()];
  }
  return k_words[h % k_words.size()];
}

void append_tokens(std::string &out, std::uint64_t seed, std::uint64_t request_index,
                   std::uint32_t first, std::uint32_t count) {
  for (std::uint32_t i = 0; i < count; ++i) {
    out += token_text(seed, request_index, first + i);
  }
}

} // namespace chatbench::mock
