#include "util/text.hpp"

#include <array>
#include <gtest/gtest.h>

namespace u = chatbench::util;

TEST(EditDistance, CountsTranspositionAsOne) {
  EXPECT_EQ(u::edit_distance("rate", "rate"), 0u);
  EXPECT_EQ(u::edit_distance("rat", "rate"), 1u);
  EXPECT_EQ(u::edit_distance("rtae", "rate"), 1u);
  EXPECT_EQ(u::edit_distance("", "abc"), 3u);
}

TEST(ClosestMatch, SuggestsOnlyLikelyTypos) {
  constexpr std::array<std::string_view, 4> keys{"rate", "concurrency", "duration", "requests"};
  EXPECT_EQ(u::closest_match("rat", keys), "rate");
  EXPECT_EQ(u::closest_match("concurency", keys), "concurrency");
  EXPECT_EQ(u::closest_match("duraton", keys), "duration");
  EXPECT_FALSE(u::closest_match("banana", keys).has_value());
}

TEST(DidYouMean, NamesTheLikelyTypoElseTheFallback) {
  constexpr std::array<std::string_view, 2> keys{"rate", "duration"};
  EXPECT_EQ(u::did_you_mean("rat", keys, "; expected ..."), "; did you mean \"rate\"?");
  EXPECT_EQ(u::did_you_mean("banana", keys, "; expected ..."), "; expected ...");
  EXPECT_EQ(u::did_you_mean("banana", keys), "");
}

TEST(Quoted, EscapesAndShortens) {
  EXPECT_EQ(u::quoted("a\"b\n"), "\"a\\\"b\\n\"");
  EXPECT_EQ(u::quoted("abcdef", 3), "\"abc...\"");
}

TEST(OneOf, ListsWithCommasAndOr) {
  constexpr std::array<std::string_view, 3> items{"a", "b", "c"};
  EXPECT_EQ(u::one_of(items), "\"a\", \"b\" or \"c\"");
  EXPECT_EQ(u::one_of(std::span(items).first(1)), "\"a\"");
}

TEST(CaseInsensitive, EqualsAndPrefix) {
  EXPECT_TRUE(u::iequals("Content-Type", "content-type"));
  EXPECT_FALSE(u::iequals("Content-Type", "content-typ"));
  EXPECT_TRUE(u::starts_with_ignoring_case("Retry-After: 3", "retry-after:"));
  EXPECT_FALSE(u::starts_with_ignoring_case("Retry", "retry-after:"));
}

TEST(AppendJsonString, EscapesWhatJsonRequires) {
  std::string out = "x=";
  u::append_json_string(out, "a\"b\\c\n\x01é");
  EXPECT_EQ(out, "x=\"a\\\"b\\\\c\\n\\u0001é\"");
}
