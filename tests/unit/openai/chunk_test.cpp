// Chunk classification on transcripts of each provider style: kinds, flags, sizes, usage, and the
// stream tally a request would record. Every chunk is also classified by the full-parse path,
// which must agree.
#include "openai/chunk.hpp"
#include "openai/tokens.hpp"
#include "transcript.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatbench::openai {
namespace {

using test::read_events;

std::vector<ChunkInfo> classify_all(const std::vector<std::string> &events) {
  std::vector<ChunkInfo> out;
  for (const std::string &event : events) {
    const ChunkInfo fast = classify_chunk(event);
    EXPECT_EQ(fast, parse_chunk(event).info) << event;
    out.push_back(fast);
  }
  return out;
}

std::vector<ChunkKind> kinds(const std::vector<ChunkInfo> &infos) {
  std::vector<ChunkKind> out;
  for (const ChunkInfo &info : infos) {
    out.push_back(info.kind);
  }
  return out;
}

StreamTally tally(const std::vector<ChunkInfo> &infos) {
  StreamTally t;
  for (const ChunkInfo &info : infos) {
    t.add(info);
  }
  return t;
}

using K = ChunkKind;

TEST(Chunk, OpenAiRoleChunkWithEmptyContentDoesNotCarryTokens) {
  const auto infos = classify_all(read_events("openai.sse"));
  EXPECT_EQ(kinds(infos),
            (std::vector<K>{K::role, K::tokens, K::tokens, K::tokens, K::finish, K::usage}));
  EXPECT_TRUE(infos[0].role);
  EXPECT_FALSE(infos[0].content);
  EXPECT_FALSE(infos[0].refusal); // refusal: null
  EXPECT_FALSE(infos[0].usage);   // usage: null
  EXPECT_EQ(infos[3].content_bytes, 16U);
  EXPECT_TRUE(infos[4].finish_reasons.has(FinishReason::stop));
  EXPECT_TRUE(infos[5].choices_array);
  EXPECT_EQ(infos[5].choices, 0U);
  ASSERT_TRUE(infos[5].usage);
  EXPECT_EQ(infos[5].usage->completion_tokens, 10.0);
  EXPECT_EQ(infos[5].usage->prompt_tokens, 19.0);
  EXPECT_EQ(infos[5].usage->reasoning_tokens, 0.0);

  const StreamTally t = tally(infos);
  EXPECT_EQ(t.first_token_chunk(), 1U);
  EXPECT_EQ(t.token_chunks(), 3U);
  EXPECT_EQ(t.role_chunks(), 1U);
  EXPECT_EQ(t.content_bytes(), 22U);
  EXPECT_EQ(t.output_tokens().count, 10U);
  EXPECT_EQ(t.output_tokens().source, TokenSource::usage);
  EXPECT_EQ(t.output_tokens().token_chunks, 3U);
}

TEST(Chunk, VllmEmptyFinishContentAndUsageOnlyChunk) {
  const auto infos = classify_all(read_events("vllm_solidrust.sse"));
  EXPECT_EQ(kinds(infos),
            (std::vector<K>{K::role, K::tokens, K::tokens, K::tokens, K::finish, K::usage}));
  EXPECT_FALSE(infos[4].content); // content "" with finish_reason length
  EXPECT_TRUE(infos[4].finish_reasons.has(FinishReason::length));
  EXPECT_EQ(infos[5].usage->total_tokens, 29.0);
  const StreamTally t = tally(infos);
  EXPECT_EQ(t.output_tokens().count, 4U);
  EXPECT_EQ(t.token_chunks(), 3U);
}

TEST(Chunk, OpenRouterDoublesErrorEventAndFinishReasonError) {
  const auto infos = classify_all(read_events("openrouter_interactive.sse"));
  EXPECT_EQ(kinds(infos), (std::vector<K>{K::role, K::tokens, K::tokens, K::error, K::usage}));
  EXPECT_TRUE(infos[1].role); // every delta repeats the role
  EXPECT_TRUE(infos[3].error);
  EXPECT_TRUE(infos[3].finish_reasons.has(FinishReason::error));
  EXPECT_FALSE(infos[3].content);
  ASSERT_TRUE(infos[4].usage);
  EXPECT_EQ(infos[4].usage->completion_tokens, 3.0);
  EXPECT_EQ(infos[4].usage->reasoning_tokens, 0.0);
  const StreamTally t = tally(infos);
  EXPECT_EQ(t.error_events(), 1U);
  EXPECT_EQ(t.output_tokens().count, 3U);
  EXPECT_TRUE(t.finish_reasons().has(FinishReason::error));
}

TEST(Chunk, P8080TotalTimeAndContentWithFinish) {
  const auto infos = classify_all(read_events("p8080.sse"));
  EXPECT_EQ(kinds(infos), (std::vector<K>{K::role, K::tokens, K::tokens}));
  ASSERT_TRUE(infos[2].usage);
  EXPECT_EQ(infos[2].usage->total_time_s, 0.0125);
  EXPECT_TRUE(infos[2].finish_reasons.has(FinishReason::stop));
  EXPECT_EQ(tally(infos).output_tokens().count, 2U);
}

TEST(Chunk, ToolCallDeltasCarryTokens) {
  const auto infos = classify_all(read_events("tool_calls.sse"));
  EXPECT_EQ(kinds(infos), (std::vector<K>{K::tokens, K::tokens, K::tokens, K::finish}));
  EXPECT_TRUE(infos[0].tool_calls);
  EXPECT_TRUE(infos[0].role);
  EXPECT_FALSE(infos[0].content); // content: null
  EXPECT_EQ(infos[1].tool_call_deltas, 1U);
  EXPECT_TRUE(infos[3].finish_reasons.has(FinishReason::tool_calls));
  const StreamTally t = tally(infos);
  EXPECT_EQ(t.output_tokens().source, TokenSource::chunks);
  EXPECT_EQ(t.output_tokens().count, 3U);
  EXPECT_EQ(t.first_token_chunk(), 0U);
}

TEST(Chunk, ReasoningDeltasCarryTokens) {
  const auto infos = classify_all(read_events("reasoning.sse"));
  EXPECT_EQ(kinds(infos), (std::vector<K>{K::role, K::tokens, K::tokens, K::tokens, K::finish}));
  EXPECT_FALSE(infos[0].reasoning); // reasoning_content ""
  EXPECT_TRUE(infos[1].reasoning);
  EXPECT_FALSE(infos[1].content);
  EXPECT_EQ(infos[1].reasoning_bytes, 14U);
  // Both fields mirror one text: counted once (" wants été" is 12 bytes).
  EXPECT_EQ(infos[2].reasoning_bytes, 12U);
  EXPECT_EQ(infos[4].usage->reasoning_tokens, 38.0);
  const StreamTally t = tally(infos);
  EXPECT_EQ(t.first_token_chunk(), 1U);
  EXPECT_EQ(t.reasoning_bytes(), 26U);
}

TEST(Chunk, EscapedContentKeyOrderAndUnicode) {
  const auto infos = classify_all(read_events("escaped.sse"));
  ASSERT_EQ(infos.size(), 6U);
  for (const ChunkInfo &info : infos) {
    EXPECT_EQ(info.kind, K::tokens);
  }
  EXPECT_EQ(infos[0].content_bytes, 3U);  // "}{
  EXPECT_EQ(infos[1].content_bytes, 14U); // \"choices":[]\  (no choices reset)
  EXPECT_EQ(infos[1].choices, 1U);
  EXPECT_EQ(infos[2].content_bytes, 14U); // surrogate pair, two-byte and three-byte escapes
  EXPECT_TRUE(infos[3].content);          // an escaped key is the same key
  EXPECT_EQ(infos[4].content_bytes, 7U);  // raw UTF-8
  EXPECT_EQ(infos[5].usage->completion_tokens, 100.0);
}

TEST(Chunk, MalformedChunksAreInvalidJson) {
  const auto infos = classify_all(read_events("malformed.sse"));
  EXPECT_EQ(kinds(infos), (std::vector<K>{K::invalid_json, K::invalid_json, K::invalid_json,
                                          K::tokens, K::invalid_json}));
  const StreamTally t = tally(infos);
  EXPECT_EQ(t.invalid_chunks(), 4U);
  EXPECT_EQ(t.first_token_chunk(), 3U);
  EXPECT_EQ(t.output_tokens().count, 1U);
}

TEST(Chunk, SeveralChoicesAreSummed) {
  const ChunkInfo info =
      classify_chunk(R"({"choices":[{"index":0,"delta":{"content":"ab"},"finish_reason":null},)"
                     R"({"index":1,"delta":{"content":"cde"},"finish_reason":"length"},"junk",)"
                     R"({"index":2,"delta":null,"finish_reason":"abort"}]})");
  EXPECT_EQ(info.choices, 4U);
  EXPECT_EQ(info.content_bytes, 5U);
  EXPECT_TRUE(info.finish_reasons.has(FinishReason::length));
  EXPECT_TRUE(info.finish_reasons.has(FinishReason::other));
  EXPECT_FALSE(info.finish_reasons.has(FinishReason::stop));
}

TEST(Chunk, DuplicateKeysKeepTheLastValue) {
  EXPECT_EQ(classify_chunk(R"({"choices":[{"delta":{"content":"x","content":""}}]})").kind,
            K::empty);
  EXPECT_EQ(
      classify_chunk(R"({"choices":[{"delta":{"content":""},"delta":{"content":"y"}}]})").kind,
      K::tokens);
  const ChunkInfo twice =
      classify_chunk(R"({"choices":[{"delta":{"content":"x"}}],"choices":[],"usage":{}})");
  EXPECT_EQ(twice.kind, K::usage);
  EXPECT_EQ(classify_chunk(R"({"error":{"message":"x"},"error":null})").kind, K::empty);
  EXPECT_EQ(classify_chunk(R"({"usage":{"completion_tokens":3,"completion_tokens":"3"}})")
                .usage->completion_tokens,
            std::nullopt);
}

TEST(Chunk, EdgeShapes) {
  EXPECT_EQ(classify_chunk("[]").kind, K::not_object);
  EXPECT_EQ(classify_chunk(" \"text\" ").kind, K::not_object);
  EXPECT_EQ(classify_chunk("{}").kind, K::empty);
  EXPECT_EQ(classify_chunk("").kind, K::invalid_json);
  EXPECT_EQ(classify_chunk("{} {}").kind, K::invalid_json);
  EXPECT_EQ(classify_chunk("\xEF\xBB\xBF{}").kind, K::empty); // nlohmann skips a leading BOM
  EXPECT_EQ(classify_chunk(" \xEF\xBB\xBF{}").kind, K::invalid_json);
  EXPECT_EQ(classify_chunk(R"({"error":"overloaded"})").kind, K::error);
  EXPECT_EQ(classify_chunk(R"({"choices":{"delta":{"content":"x"}}})").kind, K::empty);
  EXPECT_EQ(classify_chunk(R"({"choices":[{"delta":{"tool_calls":[]}}]})").kind, K::empty);
  EXPECT_EQ(classify_chunk(R"({"choices":[{"delta":{"content":["x"]}}]})").kind, K::empty);
  EXPECT_EQ(classify_chunk(R"({"choices":[{"delta":{"refusal":"no"}}]})").kind, K::tokens);
  EXPECT_EQ(classify_chunk(R"({"choices":[{"delta":{"role":null}}]})").kind, K::empty);
  EXPECT_EQ(classify_chunk(R"({"usage":null,"choices":[]})").kind, K::empty);
  EXPECT_EQ(classify_chunk(R"({"created":1e400})").kind, K::invalid_json); // double overflow
  EXPECT_EQ(classify_chunk(R"({"created":1e-400})").kind, K::empty);       // underflow is 0
  EXPECT_EQ(classify_chunk(R"({"a":"\ud800"})").kind, K::invalid_json);    // lone surrogate
  EXPECT_EQ(classify_chunk("{\"a\":\"\xC0\xAF\"}").kind, K::invalid_json); // overlong UTF-8
  EXPECT_EQ(classify_chunk("{\"a\":\"\t\"}").kind, K::invalid_json);       // raw control character
  EXPECT_EQ(classify_chunk(R"({"a":01})").kind, K::invalid_json);
  EXPECT_EQ(classify_chunk(R"({"a":tru})").kind, K::invalid_json);
  EXPECT_EQ(classify_chunk(R"({"a":[1,]})").kind, K::invalid_json);
}

TEST(Chunk, DeepNestingIsSkippedWithoutRecursion) {
  const std::string deep = R"({"choices":[{"delta":{"content":"x"}}],"logprobs":)" +
                           std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(classify_chunk(deep).kind, K::tokens);
  EXPECT_EQ(classify_chunk(deep.substr(0, deep.size() - 2)).kind, K::invalid_json);
}

TEST(Chunk, KindNames) {
  EXPECT_EQ(to_string(K::invalid_json), "invalid_json");
  EXPECT_EQ(to_string(K::usage), "usage");
  EXPECT_EQ(to_string(FinishReason::content_filter), "content_filter");
  EXPECT_EQ(parse_finish_reason("tool_calls"), FinishReason::tool_calls);
  EXPECT_EQ(parse_finish_reason("eos"), FinishReason::other);
}

} // namespace
} // namespace chatbench::openai
