// The hot-path scanner against nlohmann: on every transcript event, every prefix of it, and
// single-byte mutations of it, the scanner must call a text JSON exactly when nlohmann does and
// then classify it as the full-parse path does. (fuzz_openai_chunk runs the same check on
// arbitrary bytes.)
#include "openai/chunk.hpp"
#include "transcript.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatbench::openai {
namespace {

void expect_agreement(const std::string &text) {
  const ChunkInfo fast = classify_chunk(text);
  const ParsedChunk full = parse_chunk(text);
  ASSERT_EQ(fast.valid_json(), !full.value.is_discarded()) << text;
  ASSERT_EQ(fast, full.info) << text;
}

std::vector<std::string> corpus() {
  std::vector<std::string> all;
  for (const char *name :
       {"openai.sse", "vllm_solidrust.sse", "openrouter_interactive.sse", "p8080.sse",
        "tool_calls.sse", "reasoning.sse", "escaped.sse", "malformed.sse"}) {
    for (std::string &event : test::read_events(name)) {
      all.push_back(std::move(event));
    }
  }
  return all;
}

TEST(ChunkAgreement, TranscriptEvents) {
  for (const std::string &event : corpus()) {
    expect_agreement(event);
  }
}

TEST(ChunkAgreement, EveryPrefix) {
  for (const std::string &event : corpus()) {
    for (std::size_t n = 0; n <= event.size(); ++n) {
      expect_agreement(event.substr(0, n));
    }
  }
}

TEST(ChunkAgreement, SingleByteMutations) {
  // The first event of each transcript, each byte replaced by a structural or odd byte (kept
  // small: nlohmann parses are slow in sanitizer builds; the fuzz target goes further).
  const std::string replacements = "\"\\}],:\x01\xC3";
  for (const char *name : {"openai.sse", "vllm_solidrust.sse", "openrouter_interactive.sse",
                           "p8080.sse", "tool_calls.sse", "reasoning.sse", "escaped.sse"}) {
    const std::string event = test::read_events(name).front();
    for (std::size_t i = 0; i < event.size(); ++i) {
      for (const char c : replacements) {
        std::string mutated = event;
        mutated[i] = c;
        expect_agreement(mutated);
      }
    }
  }
}

TEST(ChunkAgreement, TrickyTexts) {
  const std::vector<std::string> texts = {
      "{}",
      "[]",
      "null",
      "0",
      "-0",
      "1.5e3",
      "\"s\"",
      " \t\r\n{}\n",
      "\xEF\xBB\xBF[1]",
      "\xEF\xBB",
      "{\"a\":1e308}",
      "{\"a\":1.8e308}",
      "{\"a\":-1e309}",
      "{\"a\":1e-324}",
      "{\"a\":" + std::string(320, '9') + "}",
      "{\"a\":0." + std::string(400, '0') + "1e330}",
      "{\"usage\":{\"completion_tokens\":1e-400}}",
      "{\"usage\":{\"completion_tokens\":-0}}",
      "{\"usage\":{\"completion_tokens\":18446744073709551617}}",
      "{\"usage\":{\"prompt_tokens\":true,\"total_tokens\":null,\"total_time\":1E-3}}",
      R"({"choices":[{"delta":{"content":"\u0000"}}]})",
      R"({"choices":[{"delta":{"content":"\uDBFF\uDFFF"}}]})",
      R"({"choices":[{"delta":{"content":"\uDBFF\u0041"}}]})",
      R"({"choices":[{"delta":{"content":"\uD800x"}}]})",
      R"({"a":"\x"})",
      R"({"a":"\u12G4"})",
      "{\"a\":\"\xF4\x90\x80\x80\"}",
      "{\"a\":\"\xED\xA0\x80\"}",
      "{\"a\":\"\xF0\x9F\x98\x80\"}",
      "{\"a\":\"\xE0\x9F\xBF\"}",
      "{\"a\":\"\x7F\"}",
      R"({"choices":[{"finish_reason":"stop","finish_reason":null}]})",
      R"({"choices":[{"finish_reason":"sto\u0070"}]})",
      R"({"choices":[{"message":{"content":"m"}}]})",
      R"({"choices":[{"delta":{"reasoning":"ab","reasoning_content":"abc"}}]})",
      R"({"usage":{"completion_tokens_details":{"reasoning_tokens":2},"completion_tokens_details":null}})",
      R"({"usage":{"completion_tokens_details":{"reasoning_tokens":2,"reasoning_tokens":"x"}}})",
      R"({"choices":[{"delta":{"content":"a"}}],"choices":null})",
      R"({"\u0063hoices":[{"delta":{"content":"a"}}]})",
      R"({"error":{}})",
      R"({"error":false})",
      R"({"error":nul})",
      "{\"a\"\n:\n[\n]\n}",
      "{,}",
      "{\"a\":1,}",
      "[1 2]",
      "{\"a\" 1}",
      "\"\xFF\"",
      "tru",
      "nulls",
      "-",
      "1.",
      ".1",
      "1e",
      "1e+",
      "+1",
      "0x1",
      "\"\\",
      R"({"choices":[{"delta":{"tool_calls":[{},{},{}]}}]})",
      std::string("8\0x", 3),
      std::string("{} \0{", 5),
      std::string("\0", 1),
      std::string("{\"a\":\0}", 7),
      std::string("\"\0\"", 3)};
  for (const std::string &text : texts) {
    expect_agreement(text);
  }
}

} // namespace
} // namespace chatbench::openai
