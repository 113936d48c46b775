#include "util/units.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
namespace u = chatbench::util;

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(u::parse_duration("500ns").value(), 500ns);
  EXPECT_EQ(u::parse_duration("250us").value(), 250us);
  EXPECT_EQ(u::parse_duration("250µs").value(), 250us);
  EXPECT_EQ(u::parse_duration("250ms").value(), 250ms);
  EXPECT_EQ(u::parse_duration("1.5s").value(), 1500ms);
  EXPECT_EQ(u::parse_duration("2m").value(), 120s);
  EXPECT_EQ(u::parse_duration("2min").value(), 120s);
  EXPECT_EQ(u::parse_duration("1h").value(), 3600s);
  EXPECT_EQ(u::parse_duration(" 30s ").value(), 30s);
}

TEST(ParseDuration, RejectsWithAMessageThatShowsTheForm) {
  for (const char *bad : {"30", "30 seconds", "-1s", "s", "", "1e999s", "nan s", "30sx"}) {
    const auto r = u::parse_duration(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("expected a duration such as \"250ms\""), std::string::npos)
        << r.error().message;
  }
  EXPECT_EQ(u::parse_duration("fast").error().message,
            "expected a duration such as \"250ms\", \"30s\" or \"2m\", found \"fast\"");
}

TEST(ParseRate, PerSecondFromAnyPeriod) {
  EXPECT_DOUBLE_EQ(u::parse_rate("5/s").value(), 5.0);
  EXPECT_DOUBLE_EQ(u::parse_rate("300/min").value(), 5.0);
  EXPECT_DOUBLE_EQ(u::parse_rate("7200/h").value(), 2.0);
  EXPECT_DOUBLE_EQ(u::parse_rate("2/ms").value(), 2000.0);
  EXPECT_DOUBLE_EQ(u::parse_rate("1.5k/s").value(), 1500.0);
  EXPECT_FALSE(u::parse_rate("5"));
  EXPECT_FALSE(u::parse_rate("5/day"));
  EXPECT_FALSE(u::parse_rate("0/s"));
  EXPECT_FALSE(u::parse_rate("/s"));
}

TEST(ParseCount, SuffixesAndWholeNumbers) {
  EXPECT_EQ(u::parse_count("500").value(), 500u);
  EXPECT_EQ(u::parse_count("10k").value(), 10000u);
  EXPECT_EQ(u::parse_count("1.5k").value(), 1500u);
  EXPECT_EQ(u::parse_count("2M").value(), 2000000u);
  EXPECT_FALSE(u::parse_count("1.2345k"));
  EXPECT_FALSE(u::parse_count("10x"));
  EXPECT_FALSE(u::parse_count("-3"));
}

TEST(ParseBytes, BinaryAndDecimalUnits) {
  EXPECT_EQ(u::parse_bytes("512").value(), 512u);
  EXPECT_EQ(u::parse_bytes("64KiB").value(), 65536u);
  EXPECT_EQ(u::parse_bytes("64KB").value(), 64000u);
  EXPECT_EQ(u::parse_bytes("1MiB").value(), 1048576u);
  EXPECT_FALSE(u::parse_bytes("1XB"));
}

TEST(ParseFraction, PercentOrPlainFraction) {
  EXPECT_DOUBLE_EQ(u::parse_fraction("1%").value(), 0.01);
  EXPECT_DOUBLE_EQ(u::parse_fraction("0.5%").value(), 0.005);
  EXPECT_DOUBLE_EQ(u::parse_fraction("0.25").value(), 0.25);
  EXPECT_FALSE(u::parse_fraction("150%"));
  EXPECT_FALSE(u::parse_fraction("2"));
}

TEST(FormatDuration, ThreeSignificantDigits) {
  EXPECT_EQ(u::format_duration(850ns), "850ns");
  EXPECT_EQ(u::format_duration(12345ns), "12.3µs");
  EXPECT_EQ(u::format_duration(4560us), "4.56ms");
  EXPECT_EQ(u::format_duration(1230ms), "1.23s");
  EXPECT_EQ(u::format_duration(125s), "2m05s");
}
