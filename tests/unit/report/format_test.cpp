#include "report/format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace chatbench::report {
namespace {

TEST(Format, DurationsWithThreeSignificantDigitsAndAUnit) {
  EXPECT_EQ(format_duration_ns(0), "0 ns");
  EXPECT_EQ(format_duration_ns(850), "850 ns");
  EXPECT_EQ(format_duration_ns(12'345), "12.3 µs");
  EXPECT_EQ(format_duration_ns(850'000), "850 µs");
  EXPECT_EQ(format_duration_ns(4'561'000), "4.56 ms");
  EXPECT_EQ(format_duration_ns(212e6), "212 ms");
  EXPECT_EQ(format_duration_ns(1.52e9), "1.52 s");
  EXPECT_EQ(format_duration_ns(20e9), "20.0 s");
  EXPECT_EQ(format_duration_ns(125e9), "2m 05s");
  EXPECT_EQ(format_duration_ns(-2e6), "-2.00 ms");
}

TEST(Format, RoundingChoosesTheUnitAfterwards) {
  EXPECT_EQ(format_duration_ns(999.7e6), "1.00 s"); // not "1000 ms"
  EXPECT_EQ(format_duration_ns(999.6), "1.00 µs");
  EXPECT_EQ(format_duration_ns(99.96e6), "100 ms"); // not "100.0 ms"
  EXPECT_EQ(format_duration_ns(59.99e9), "1m 00s");
}

TEST(Format, NonFiniteValuesSaySo) {
  EXPECT_EQ(format_duration_ns(std::numeric_limits<double>::quiet_NaN()), "n/a");
  EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), "n/a");
  EXPECT_EQ(format_percent(std::numeric_limits<double>::quiet_NaN()), "n/a");
}

TEST(Format, NumbersNeverUseAnExponent) {
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(0.5123), "0.51");
  EXPECT_EQ(format_number(5.0890), "5.09");
  EXPECT_EQ(format_number(25.445), "25.4");
  EXPECT_EQ(format_number(412.4), "412");
  EXPECT_EQ(format_number(12345.6), "12346");
  EXPECT_EQ(format_number(1.5e9), "1500000000");
}

TEST(Format, PercentAndCount) {
  EXPECT_EQ(format_percent(0.0123), "1.23%");
  EXPECT_EQ(format_percent(1), "100.00%");
  EXPECT_EQ(format_count(1234), "1234");
}

} // namespace
} // namespace chatbench::report
