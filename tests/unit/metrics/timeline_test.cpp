#include "metrics/timeline.hpp"

#include <gtest/gtest.h>

using namespace chatbench::metrics;

namespace {

constexpr std::int64_t k_s = 1'000'000'000;

RequestRecord request(std::int64_t sent, std::int64_t done, FailureKind outcome = FailureKind::ok) {
  RequestRecord r;
  r.intended_ns = sent;
  r.sent_ns = sent;
  r.first_token_ns = sent + (done - sent) / 4;
  r.last_token_ns = done;
  r.done_ns = done;
  r.tokens = 5;
  r.token_events = 5;
  r.outcome = outcome;
  return r;
}

} // namespace

TEST(Slo, EveryLimitMustHoldAndMissingQuantitiesPass) {
  RequestRecord r = request(0, 1000); // TTFT 250, E2E 1000, TPOT (1000-250)/4
  r.itl_ns = {100, 400};
  EXPECT_TRUE(meets_slo(r, Slo{}));
  EXPECT_TRUE(meets_slo(r, Slo{.ttft_ns = 250}));
  EXPECT_FALSE(meets_slo(r, Slo{.ttft_ns = 249}));
  EXPECT_FALSE(meets_slo(r, Slo{.e2e_ns = 999}));
  EXPECT_TRUE(meets_slo(r, Slo{.tpot_ns = 187}));
  EXPECT_FALSE(meets_slo(r, Slo{.tpot_ns = 186}));
  EXPECT_FALSE(meets_slo(r, Slo{.itl_max_ns = 399}));
  r.itl_ns.clear();
  EXPECT_TRUE(meets_slo(r, Slo{.itl_max_ns = 0}));
  r.outcome = FailureKind::timeout_idle;
  EXPECT_FALSE(meets_slo(r, Slo{}));
}

TEST(Slo, TtftCountsFromTheIntendedSend) {
  RequestRecord r = request(1000, 2000); // first token at 1250
  r.intended_ns = 500;                   // waited 500 ns for a slot
  EXPECT_FALSE(meets_slo(r, Slo{.ttft_ns = 700}));
  EXPECT_TRUE(meets_slo(r, Slo{.ttft_ns = 750}));
}

TEST(Timeline, BucketsCountsAndInFlight) {
  Timeline t(100, k_s, Slo{.e2e_ns = 2 * k_s});
  t.add(request(100, 100 + 3 * k_s));                 // in flight at 0, 1 s and 2 s
  t.add(request(100 + k_s / 2, 100 + k_s + k_s / 2)); // in flight at 1 s
  t.add(request(100 + 2 * k_s, 100 + 2 * k_s + 10, FailureKind::http_status));
  const auto b = t.buckets();
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0].sent, 2u);
  EXPECT_EQ(b[0].in_flight, 1); // the first was sent at exactly t = 0
  EXPECT_EQ(b[1].in_flight, 2);
  EXPECT_EQ(b[1].done, 1u);
  EXPECT_EQ(b[1].good, 1u);
  EXPECT_EQ(b[1].output_tokens, 5u);
  EXPECT_EQ(b[2].in_flight, 2); // the first, and the failed one sent at exactly 2 s
  EXPECT_EQ(b[2].sent, 1u);
  EXPECT_EQ(b[2].failed, 1u);
  EXPECT_EQ(b[3].in_flight, 0); // the first ended at exactly 3 s
  EXPECT_EQ(b[3].done, 1u);
  EXPECT_EQ(b[3].good, 0u); // 3 s > the 2 s SLO
  EXPECT_EQ(t.good_requests(), 1u);
}

TEST(Timeline, WarmupIsDrawnButNotGood) {
  Timeline t(0, k_s);
  RequestRecord r = request(0, 10);
  r.phase = Phase::warmup;
  t.add(r);
  EXPECT_EQ(t.buckets().at(0).good, 1u);
  EXPECT_EQ(t.good_requests(), 0u);
}

TEST(Timeline, CoarsensInsteadOfGrowingWithoutBound) {
  Timeline fine(0, 1);
  Timeline reference(0, 4);
  for (std::int64_t i = 0; i < 10'000; i += 7) {
    fine.add(request(i, i + 13));
    reference.add(request(i, i + 13));
  }
  EXPECT_EQ(fine.bucket_ns(), 4);
  EXPECT_LE(fine.buckets().size(), Timeline::k_max_buckets);
  EXPECT_EQ(fine.buckets(), reference.buckets());
}

TEST(Timeline, MergeEqualsAddingEverythingToOne) {
  Timeline a(0, 1), b(0, 1), all(0, 1);
  for (std::int64_t i = 0; i < 9'000; i += 3) {
    const RequestRecord r =
        request(i, i + 100 + i % 17, i % 5 ? FailureKind::ok : FailureKind::connect);
    (i % 2 ? a : b).add(r);
    all.add(r);
  }
  b.add(request(9'000, 12'000)); // b coarsens; a must follow
  all.add(request(9'000, 12'000));
  ASSERT_TRUE(a.merge(b).has_value());
  EXPECT_EQ(a.bucket_ns(), all.bucket_ns());
  EXPECT_EQ(a.buckets(), all.buckets());
  EXPECT_EQ(a.good_requests(), all.good_requests());
}

TEST(Timeline, MergeRefusesDifferentStarts) {
  Timeline a(0, 1), b(5, 1), c(0, 3);
  EXPECT_FALSE(a.merge(b).has_value());
  EXPECT_FALSE(a.merge(c).has_value());
}

// A timeline restored from its buckets (what report.json keeps) shows them again and goes on as
// the original: merging more into it equals merging into the original.
TEST(Timeline, RestoredFromItsBucketsActsAsTheOriginal) {
  const Slo slo{.e2e_ns = 150};
  Timeline original(0, 10, slo), more(0, 10, slo);
  for (std::int64_t i = 0; i < 500; i += 7) {
    original.add(request(i, i + 100 + i % 90, i % 4 ? FailureKind::ok : FailureKind::connect));
    more.add(request(i + 3, i + 250));
  }
  const std::vector<TimelineBucket> saved = original.buckets();
  ASSERT_GT(saved.back().in_flight, 0); // requests still in flight at the last bucket's start
  chatbench::Result<Timeline> restored =
      Timeline::restore(10, slo, saved, original.good_requests());
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  EXPECT_EQ(restored->buckets(), saved);
  EXPECT_EQ(restored->good_requests(), original.good_requests());
  EXPECT_EQ(restored->bucket_ns(), 10);
  EXPECT_EQ(restored->start_ns(), 0);
  EXPECT_EQ(restored->slo().e2e_ns, 150);
  ASSERT_TRUE(original.merge(more).has_value());
  ASSERT_TRUE(restored->merge(more).has_value());
  EXPECT_EQ(restored->buckets(), original.buckets());

  const chatbench::Result<Timeline> empty = Timeline::restore(1'000, {}, {}, 0);
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->buckets().empty());
}

TEST(Timeline, RestoreRefusesWhatBucketsNeverReturns) {
  const std::vector<TimelineBucket> quiet_last{{.sent = 1, .in_flight = 0}, {}};
  EXPECT_EQ(Timeline::restore(10, {}, quiet_last, 0).error().message,
            "bucket 1 is the last and saw nothing sent or done");
  EXPECT_FALSE(Timeline::restore(0, {}, {}, 0).has_value());
  EXPECT_FALSE(
      Timeline::restore(10, {}, std::vector<TimelineBucket>{{.sent = 1, .in_flight = -1}}, 0)
          .has_value());
  EXPECT_FALSE(Timeline::restore(
                   10, {}, std::vector<TimelineBucket>(Timeline::k_max_buckets + 1, {.done = 1}), 0)
                   .has_value());
}
