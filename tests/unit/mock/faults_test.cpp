#include "mock/faults.hpp"

#include <gtest/gtest.h>

using namespace chatbench::mock;
using namespace std::chrono_literals;

namespace {
FaultRule rule(std::string_view text) {
  return parse_fault_rule(text).value();
}
} // namespace

TEST(MockFaults, EveryAndAtFireOnTheirIndices) {
  const FaultSchedule schedule({rule("server_error:every=3"), rule("reset:at=2,7-8")}, 1, 10s);
  std::vector<std::uint64_t> errors;
  std::vector<std::uint64_t> resets;
  for (std::uint64_t i = 1; i <= 10; ++i) {
    const FaultDecision d = schedule.decide(i, "");
    if (d.faults.has(FaultKind::server_error)) {
      errors.push_back(i);
    }
    if (d.faults.has(FaultKind::reset)) {
      resets.push_back(i);
    }
  }
  EXPECT_EQ(errors, (std::vector<std::uint64_t>{3, 6, 9}));
  EXPECT_EQ(resets, (std::vector<std::uint64_t>{2, 7, 8}));
}

TEST(MockFaults, ProbabilityIsDeterministicAndNearItsRate) {
  const FaultSchedule a({rule("rate_limit:p=0.1")}, 42, 10s);
  const FaultSchedule b({rule("rate_limit:p=0.1")}, 42, 10s);
  const FaultSchedule other_seed({rule("rate_limit:p=0.1")}, 43, 10s);
  int fired = 0;
  int same = 0;
  int differs = 0;
  constexpr int k_requests = 20'000;
  for (std::uint64_t i = 1; i <= k_requests; ++i) {
    const bool x = a.decide(i, "").faults.has(FaultKind::rate_limit);
    fired += x ? 1 : 0;
    same += x == b.decide(i, "").faults.has(FaultKind::rate_limit) ? 1 : 0;
    differs += x != other_seed.decide(i, "").faults.has(FaultKind::rate_limit) ? 1 : 0;
  }
  EXPECT_EQ(same, k_requests);
  EXPECT_NEAR(fired, 2000, 200);
  EXPECT_GT(differs, 1000); // another seed, another pattern
}

TEST(MockFaults, HeaderAddsFaultsAndIgnoresUnknownNames) {
  const FaultSchedule schedule({}, 1, 3s);
  const FaultDecision d = schedule.decide(1, "crlf, split_events,bogus ,no_done");
  EXPECT_TRUE(d.faults.has(FaultKind::crlf));
  EXPECT_TRUE(d.faults.has(FaultKind::split_events));
  EXPECT_TRUE(d.faults.has(FaultKind::no_done));
  EXPECT_FALSE(d.faults.has(FaultKind::reset));
  EXPECT_EQ(d.stall, 3s);
  EXPECT_TRUE(schedule.decide(2, "").faults.empty());
}

TEST(MockFaults, RuleStallOverridesTheDefault) {
  const FaultSchedule schedule({rule("stall_headers:at=1:for=250ms")}, 1, 10s);
  EXPECT_EQ(schedule.decide(1, "").stall, 250ms);
  EXPECT_EQ(schedule.decide(2, "").stall, 10s);
}

TEST(MockFaults, StatusFaultPrecedence) {
  FaultSet set;
  EXPECT_FALSE(set.status_fault());
  set.add(FaultKind::server_error);
  set.add(FaultKind::crlf);
  EXPECT_EQ(set.status_fault(), FaultKind::server_error);
  set.add(FaultKind::rate_limit);
  EXPECT_EQ(set.status_fault(), FaultKind::rate_limit);
  set.add(FaultKind::unauthorized);
  EXPECT_EQ(set.status_fault(), FaultKind::unauthorized);
}
