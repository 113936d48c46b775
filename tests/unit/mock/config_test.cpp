#include "mock/config.hpp"

#include <gtest/gtest.h>

using namespace chatbench::mock;
using Kind = chatbench::util::Distribution::Kind;

TEST(MockConfig, ParsesListenAddresses) {
  auto a = parse_listen("127.0.0.1:8080");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 8080);
  auto b = parse_listen("[::1]:0");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->first, "::1");
  EXPECT_EQ(b->second, 0);
  EXPECT_FALSE(parse_listen("127.0.0.1"));
  EXPECT_FALSE(parse_listen("127.0.0.1:99999"));
  EXPECT_FALSE(parse_listen("127.0.0.1:80x"));
}

TEST(MockConfig, ParsesTimeDistributions) {
  auto constant = parse_time_distribution("200ms");
  ASSERT_TRUE(constant);
  EXPECT_EQ(constant->kind, Kind::constant);
  EXPECT_DOUBLE_EQ(constant->mean, 200e6);
  auto normal = parse_time_distribution("normal:200ms,50ms");
  ASSERT_TRUE(normal);
  EXPECT_EQ(normal->kind, Kind::normal);
  EXPECT_DOUBLE_EQ(normal->stddev, 50e6);
  auto uniform = parse_time_distribution("uniform:1ms,3ms");
  ASSERT_TRUE(uniform);
  EXPECT_DOUBLE_EQ(uniform->min, 1e6);
  EXPECT_DOUBLE_EQ(uniform->max, 3e6);
  auto exponential = parse_time_distribution("exponential:5ms");
  ASSERT_TRUE(exponential);
  EXPECT_EQ(exponential->kind, Kind::exponential);
  EXPECT_FALSE(parse_time_distribution("200"));             // no unit
  EXPECT_FALSE(parse_time_distribution("uniform:3ms,1ms")); // max < min
  EXPECT_FALSE(parse_time_distribution("gamma:1ms,2ms"));
  EXPECT_FALSE(parse_time_distribution("lognormal:0ms,1ms"));
}

TEST(MockConfig, ParsesCountDistributions) {
  auto constant = parse_count_distribution("128");
  ASSERT_TRUE(constant);
  EXPECT_DOUBLE_EQ(constant->mean, 128);
  auto normal = parse_count_distribution("normal:1k,100");
  ASSERT_TRUE(normal);
  EXPECT_DOUBLE_EQ(normal->mean, 1000);
  EXPECT_FALSE(parse_count_distribution("12ms"));
}

TEST(MockConfig, ParsesFaultRules) {
  auto bare = parse_fault_rule("reset");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->kind, FaultKind::reset);
  EXPECT_EQ(bare->trigger.kind, FaultTrigger::Kind::every);
  EXPECT_EQ(bare->trigger.every, 1U);

  auto p = parse_fault_rule("rate_limit:p=0.25");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->trigger.kind, FaultTrigger::Kind::probability);
  EXPECT_DOUBLE_EQ(p->trigger.probability, 0.25);

  auto at = parse_fault_rule("stall_stream:at=1,5,9-12:for=2s");
  ASSERT_TRUE(at);
  ASSERT_EQ(at->trigger.at.size(), 3U);
  EXPECT_EQ(at->trigger.at[2].first, 9U);
  EXPECT_EQ(at->trigger.at[2].second, 12U);
  ASSERT_TRUE(at->stall);
  EXPECT_EQ(*at->stall, std::chrono::seconds(2));

  EXPECT_FALSE(parse_fault_rule("explode"));
  EXPECT_FALSE(parse_fault_rule("reset:every=0"));
  EXPECT_FALSE(parse_fault_rule("reset:p=2"));
  EXPECT_FALSE(parse_fault_rule("reset:at=5-2"));
  EXPECT_FALSE(parse_fault_rule("reset:sometimes"));
}

TEST(MockConfig, FaultNamesRoundTrip) {
  for (std::size_t i = 0; i < k_fault_kind_count; ++i) {
    const auto kind = static_cast<FaultKind>(i);
    EXPECT_EQ(fault_kind_from_name(to_string(kind)), kind);
  }
  EXPECT_FALSE(fault_kind_from_name("nope"));
}

TEST(MockConfig, ValidatesRanges) {
  Config config;
  EXPECT_TRUE(validate(config));
  config.latency.tokens_per_chunk = 0;
  EXPECT_FALSE(validate(config));
  config = Config{};
  config.threads = 0;
  EXPECT_FALSE(validate(config));
  config = Config{};
  config.latency.ttft_ns = chatbench::util::Distribution::constant(-1);
  EXPECT_FALSE(validate(config));
}
