#include "report/console_table.hpp"

#include <gtest/gtest.h>

namespace chatbench::report {
namespace {

TEST(ConsoleText, WidthCountsCodePoints) {
  EXPECT_EQ(display_width("212 ms"), 6u);
  EXPECT_EQ(display_width("850 µs"), 6u); // µ is two bytes, one column
  EXPECT_EQ(display_width("✓"), 1u);
  EXPECT_EQ(pad_left("µs", 4), "  µs");
  EXPECT_EQ(pad_right("µs", 3), "µs ");
  EXPECT_EQ(pad_right("long", 2), "long");
}

TEST(ConsoleText, TruncateEndsInAnEllipsis) {
  EXPECT_EQ(truncate("abcdef", 6), "abcdef");
  EXPECT_EQ(truncate("abcdef", 4), "abc…");
  EXPECT_EQ(display_width(truncate("µµµµµµ", 3)), 3u);
  EXPECT_EQ(truncate("µµµµµµ", 3), "µµ…");
  EXPECT_EQ(truncate("abc", 0), "");
}

TEST(ConsoleText, WrapBreaksAtSpaces) {
  EXPECT_EQ(wrap("one two three four", 9), (std::vector<std::string>{"one two", "three", "four"}));
  EXPECT_EQ(wrap("averyveryverylongword x", 5),
            (std::vector<std::string>{"averyveryverylongword", "x"}));
  EXPECT_TRUE(wrap("", 10).empty());
}

TEST(ConsoleTable, AlignsLabelsLeftAndCellsRight) {
  Table table({"a", "bbbbbb"});
  table.add_row("first", {"1", "22"});
  table.add_section("more");
  table.add_row("second row", {"333 ms"}); // the missing cell is blank
  // Labels take 12 columns ("  second row"); the first column is as wide as "333 ms".
  const std::string spaces12(12, ' ');
  EXPECT_EQ(table.render(100), std::string(19, ' ') + "a  bbbbbb\n" +     //
                                   "  first" + spaces12 + "1      22\n" + //
                                   "more\n" +                             //
                                   "  second row  333 ms\n");
}

TEST(ConsoleTable, LongHeadersShareTheWidth) {
  Table table({std::string(50, 'x'), std::string(50, 'y')});
  table.add_row("row", {"1", "2"});
  const std::string text = table.render(60);
  const std::string header = text.substr(0, text.find('\n'));
  EXPECT_LE(display_width(header), 60u);
  EXPECT_NE(header.find("xxxx…"), std::string::npos) << header;
}

} // namespace
} // namespace chatbench::report
