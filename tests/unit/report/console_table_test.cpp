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

TEST(ConsoleTable, ACornerTitlesTheLabelColumnEverywhere) {
  Table table({"kind", "level"}, "step");
  table.add_row("0", {"baseline", "c=1"});
  table.add_row("10", {"level", "12.5/s"});
  EXPECT_EQ(table.render(100), "  step      kind   level\n"
                               "  0     baseline     c=1\n"
                               "  10       level  12.5/s\n");
  EXPECT_EQ(table.render_markdown().substr(0, 24), "| step | kind | level |\n");
  EXPECT_EQ(table.render_html().find("<thead><tr><th>step</th><th>kind</th>"), 24u);
}

TEST(ConsoleTable, BlocksKeepWholeHeadersAndSplitColumnsThatDoNotFit) {
  Table table({"offered/s", "achieved/s", "in flight"}, "step");
  table.add_row("0", {"10", "9.98", "5.10"});
  table.add_row("12", {"20", "19.9", "10.8"});
  // Fits: as one block, headers whole (render() would share 30 columns and cut them).
  EXPECT_EQ(table.render_blocks(100), "  step  offered/s  achieved/s  in flight\n"
                                      "  0            10        9.98       5.10\n"
                                      "  12           20        19.9       10.8\n");
  // 30 columns: "  step" (6) + "  offered/s" (11) + "  achieved/s" (12) = 29, then a new block.
  EXPECT_EQ(table.render_blocks(30), "  step  offered/s  achieved/s\n"
                                     "  0            10        9.98\n"
                                     "  12           20        19.9\n"
                                     "\n"
                                     "  step  in flight\n"
                                     "  0          5.10\n"
                                     "  12         10.8\n");
  // A column wider than the width still gets a block of its own.
  EXPECT_EQ(table.render_blocks(5).find("\n\n  step  achieved/s\n"), 53u);
}

} // namespace
} // namespace chatbench::report
