// Output-token accounting: usage first, chunk count otherwise, both recorded.
#include "openai/tokens.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace chatbench::openai {
namespace {

Usage completion(double tokens) {
  Usage u;
  u.completion_tokens = tokens;
  return u;
}

TEST(Tokens, UsageWinsOverChunks) {
  const OutputTokens t = count_output_tokens(7, completion(12));
  EXPECT_EQ(t, (OutputTokens{12, TokenSource::usage, 7, 12.0}));
}

TEST(Tokens, DoublesAreRounded) {
  EXPECT_EQ(count_output_tokens(0, completion(41.0)).count, 41U);
  EXPECT_EQ(count_output_tokens(0, completion(2.5)).count, 3U);
}

TEST(Tokens, ChunksWhenUsageIsMissingOrUnusable) {
  EXPECT_EQ(count_output_tokens(5, std::nullopt), (OutputTokens{5, TokenSource::chunks, 5, {}}));
  EXPECT_EQ(count_output_tokens(5, Usage{}).source, TokenSource::chunks);
  for (const double bad : {-1.0, 1e300, std::numeric_limits<double>::infinity()}) {
    const OutputTokens t = count_output_tokens(5, completion(bad));
    EXPECT_EQ(t.source, TokenSource::chunks) << bad;
    EXPECT_EQ(t.count, 5U);
    EXPECT_EQ(t.usage_completion_tokens, bad); // still recorded as sent
  }
}

TEST(Tokens, UnstreamedWithoutUsageIsNone) {
  EXPECT_EQ(count_output_tokens(0, std::nullopt, false).source, TokenSource::none);
  EXPECT_EQ(count_output_tokens(0, completion(3), false).source, TokenSource::usage);
  EXPECT_EQ(to_string(TokenSource::chunks), "chunks");
}

TEST(Tokens, TallyKeepsTheLastUsageWithCompletionTokens) {
  StreamTally t;
  ChunkInfo with_usage;
  with_usage.kind = ChunkKind::usage;
  with_usage.usage = completion(9);
  ChunkInfo empty_usage;
  empty_usage.kind = ChunkKind::usage;
  empty_usage.usage = Usage{};
  t.add(with_usage);
  t.add(empty_usage); // a later usage without completion_tokens does not erase the count
  EXPECT_EQ(t.output_tokens().count, 9U);
  ChunkInfo later;
  later.kind = ChunkKind::usage;
  later.usage = completion(11);
  t.add(later);
  EXPECT_EQ(t.output_tokens().count, 11U);
  EXPECT_EQ(t.chunks(), 3U);
  EXPECT_FALSE(t.first_token_chunk());
}

} // namespace
} // namespace chatbench::openai
