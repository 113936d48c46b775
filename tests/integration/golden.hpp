#pragma once
// Golden files for output whose numbers change from run to run (the console summary, summary.md
// and junit.xml of a real run), in the manner of google/benchmark's output tests: the file holds
// the expected text with placeholders where measured values go, and every other character must
// match exactly.
//
//   {num}  a number as reports print it: "0", "12.3", "412", "-1.5", "12346"
//   {int}  a whole number: "7", "1234"
//   {dur}  a duration: "850 ns", "12.3 µs", "212 ms", "1.52 s", "2m 05s"
//   {pct}  a percentage: "0.00%", "12.50%"
//   {any}  anything on the rest of the line, or up to the next literal text
//
// Runs of two or more spaces match one or more spaces (table columns move with the width of
// their numbers). Lines are matched one by one, so a mismatch names its line; the actual text
// and the pattern are both shown. CHATBENCH_UPDATE_GOLDEN is not offered: placeholders are
// written by hand.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace chatbench::integration {

inline std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.push_back(line);
  }
  return out;
}

/// The regular expression a golden line stands for.
inline std::string golden_pattern(const std::string &line) {
  static const std::vector<std::pair<std::string, std::string>> k_placeholders{
      {"{num}", R"(-?[0-9]+(\.[0-9]+)?)"},
      {"{int}", R"([0-9]+)"},
      {"{dur}", R"((-?[0-9]+(\.[0-9]+)? (ns|µs|ms|s)|[0-9]+m [0-9]{2}s|n/a))"},
      {"{pct}", R"([0-9]+\.[0-9]{2}%)"},
      {"{any}", R"(.*?)"},
  };
  std::string out;
  for (std::size_t i = 0; i < line.size();) {
    bool placeholder = false;
    for (const auto &[name, regex] : k_placeholders) {
      if (line.compare(i, name.size(), name) == 0) {
        out += regex;
        i += name.size();
        placeholder = true;
        break;
      }
    }
    if (placeholder) {
      continue;
    }
    if (line.compare(i, 2, "  ") == 0) {
      out += " +";
      while (i < line.size() && line[i] == ' ') {
        ++i;
      }
      continue;
    }
    const char c = line[i++];
    if (std::string_view(R"(\^$.|?*+()[]{}/)").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

/// Expects `actual` to match `golden` line by line.
inline void expect_matches_golden(const std::string &actual, const std::string &golden,
                                  const std::string &name) {
  const std::vector<std::string> got = lines_of(actual);
  const std::vector<std::string> want = lines_of(golden);
  EXPECT_EQ(got.size(), want.size()) << name << ": line count differs; actual:\n" << actual;
  for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
    const std::regex pattern(golden_pattern(want[i]));
    EXPECT_TRUE(std::regex_match(got[i], pattern))
        << name << " line " << i + 1 << "\n  actual: " << got[i] << "\n  golden: " << want[i];
  }
}

} // namespace chatbench::integration
