// Findings: deduplicated by (check, pointer) within a response, counted per response over a run,
// severities from the profile capped by the run's level.
#include "conformance/finding.hpp"
#include "conformance/profile.hpp"

#include <gtest/gtest.h>

namespace chatbench::conformance {
namespace {

const Profile &openai() {
  static const std::shared_ptr<const Profile> p = *Profile::load("openai");
  return *p;
}

TEST(Findings, OnePerCheckAndPointerWithinAResponse) {
  ResponseFindings r(openai(), Severity::fail);
  r.reset(9);
  for (int i = 0; i < 50; ++i) {
    r.add(Check::chunk_schema, "/created", "missing");
  }
  r.add(Check::chunk_schema, "/id", "missing");
  r.add(Check::stream_termination, "", "no [DONE]");
  ASSERT_EQ(r.items().size(), 3u);
  EXPECT_EQ(r.items()[0].request_id, 9u);
  EXPECT_FALSE(r.wants(Check::chunk_schema, "/created"));
  EXPECT_TRUE(r.wants(Check::chunk_schema, "/model"));
}

TEST(Findings, TheRunLevelCapsSeverities) {
  ResponseFindings warn(openai(), Severity::warn);
  warn.reset(1);
  warn.add(Check::response_schema, "/id", "missing");
  EXPECT_EQ(warn.items().at(0).severity, Severity::warn);
  ResponseFindings off(openai(), Severity::off);
  off.reset(1);
  off.add(Check::response_schema, "/id", "missing");
  EXPECT_TRUE(off.items().empty());
}

TEST(Tally, CountsResponsesNotOccurrences) {
  Tally tally;
  ResponseFindings r(openai(), Severity::fail);
  for (std::uint64_t id = 1; id <= 3; ++id) {
    r.reset(id);
    r.add(Check::chunk_schema, "/created", "missing");
    if (id == 3) {
      r.add(Check::integral_number, "/created", "fraction", "1.5");
    }
    tally.add(r);
  }
  r.reset(4);
  tally.add(r);
  EXPECT_EQ(tally.checked(), 4u);
  EXPECT_EQ(tally.failures(), 3u);
  EXPECT_EQ(tally.warnings(), 1u);
  EXPECT_EQ(tally.failed(Check::chunk_schema), 3u);
  const std::vector<Finding> sorted = tally.sorted_findings();
  ASSERT_EQ(sorted.size(), 2u);
  EXPECT_EQ(sorted[0].check, Check::chunk_schema) << "failures first";
  EXPECT_EQ(sorted[0].count, 3u);
  EXPECT_EQ(sorted[0].request_id, 1u) << "where it was first seen";
}

TEST(Tally, MergeIsLikeAddingEveryResponseToOne) {
  ResponseFindings r(openai(), Severity::fail);
  Tally a;
  Tally b;
  Tally both;
  for (std::uint64_t id = 0; id < 10; ++id) {
    r.reset(id);
    if (id % 3 == 0) {
      r.add(Check::usage, "/usage/total_tokens", "sum");
    }
    (id % 2 == 0 ? a : b).add(r);
    both.add(r);
  }
  a.merge(b);
  EXPECT_EQ(a.checked(), both.checked());
  EXPECT_EQ(a.failures(), both.failures());
  ASSERT_EQ(a.findings().size(), 1u);
  EXPECT_EQ(a.findings()[0].count, both.findings()[0].count);
}

TEST(Tally, KeepsABoundedNumberOfDistinctFindings) {
  Tally tally;
  ResponseFindings r(openai(), Severity::fail);
  for (std::size_t i = 0; i < Tally::k_max_findings + 5; ++i) {
    r.reset(i);
    r.add(Check::response_schema, "/x" + std::to_string(i), "bad");
    tally.add(r);
  }
  EXPECT_EQ(tally.findings().size(), Tally::k_max_findings);
  EXPECT_EQ(tally.dropped(), 5u);
  EXPECT_EQ(tally.failures(), Tally::k_max_findings + 5) << "counts stay exact";
}

} // namespace
} // namespace chatbench::conformance
