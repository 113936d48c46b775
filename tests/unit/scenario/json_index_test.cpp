#include "scenario/json_index.hpp"

#include <gtest/gtest.h>

namespace sc = chatbench::scenario;

TEST(JsonIndex, PositionsOfKeysAndValues) {
  const std::string text =
      "{\n  \"a\": {\"b\": [10, {\"c\": true}]},\n  // note\n  \"d/e\": \"x\"\n}";
  const auto index = sc::JsonIndex::build(text);
  const auto check = [](std::optional<sc::TextPosition> p, std::size_t line, std::size_t column) {
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->line, line);
    EXPECT_EQ(p->column, column);
  };
  check(index.value_position(""), 1, 1);
  check(index.key_position("/a"), 2, 3);
  check(index.value_position("/a"), 2, 8);
  check(index.value_position("/a/b/0"), 2, 15);
  check(index.value_position("/a/b/1/c"), 2, 25);
  check(index.key_position("/d~1e"), 4, 3);
  EXPECT_FALSE(index.value_position("/zzz").has_value());
  EXPECT_TRUE(index.duplicates().empty());
}

TEST(JsonIndex, FindsDuplicateKeys) {
  const auto index = sc::JsonIndex::build("{\"a\": 1,\n \"a\": 2}");
  ASSERT_EQ(index.duplicates().size(), 1u);
  EXPECT_EQ(index.duplicates()[0].pointer, "/a");
  EXPECT_EQ(index.duplicates()[0].first.line, 1u);
  EXPECT_EQ(index.duplicates()[0].second.line, 2u);
}

TEST(JsonIndex, SurvivesGarbage) {
  for (const char *text : {"", "{", "[", "{\"a\"", "\"unterminated", "{\"a\": [1, 2", "/* open"}) {
    const auto index = sc::JsonIndex::build(text);
    (void)index.value_position("/a");
  }
}

TEST(JsonIndex, PointerEscaping) {
  EXPECT_EQ(sc::pointer_append("/x", "a/b~c"), "/x/a~1b~0c");
}
