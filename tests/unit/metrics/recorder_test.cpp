// Tests of metrics/request_record and metrics/recorder (kept with the engine tests, whose module
// produces the records).
#include "metrics/recorder.hpp"

#include <gtest/gtest.h>

using namespace chatbench::metrics;

namespace {

RequestRecord ok_stream(std::int64_t base) {
  RequestRecord r;
  r.stream = true;
  r.intended_ns = base;
  r.sent_ns = base + 100;
  r.first_byte_ns = base + 1000;
  r.first_event_ns = base + 1500;
  r.first_token_ns = base + 2000;
  r.last_token_ns = base + 5000;
  r.done_ns = base + 6000;
  r.token_events = 4;
  r.tokens = 4;
  r.itl_ns = {1000, 1000, 1000};
  r.http_status = 200;
  r.http_version = 11;
  return r;
}

} // namespace

TEST(RequestRecord, NamesEveryFailureKind) {
  for (std::size_t i = 0; i < k_failure_kind_count; ++i) {
    const auto kind = static_cast<FailureKind>(i);
    EXPECT_FALSE(to_string(kind).empty());
    if (kind != FailureKind::internal) {
      EXPECT_NE(to_string(kind), "internal") << i;
    }
  }
  EXPECT_EQ(to_string(FailureKind::timeout_first_token), "timeout_first_token");
  EXPECT_EQ(to_string(Phase::warmup), "warmup");
}

TEST(RequestRecord, DerivedDurations) {
  RequestRecord r = ok_stream(0);
  EXPECT_EQ(span_ns(r.sent_ns, r.first_token_ns), 1900);
  EXPECT_EQ(span_ns(r.sent_ns, -1), -1);
  EXPECT_EQ(tpot_ns(r), 1000);
  r.usage_completion_tokens = 7; // usage wins over the chunk count
  EXPECT_EQ(r.output_tokens(), 7u);
  EXPECT_EQ(tpot_ns(r), 500);
  r.usage_completion_tokens = 1;
  EXPECT_EQ(tpot_ns(r), -1);
}

TEST(RequestRecord, ClearKeepsCapacity) {
  RequestRecord r = ok_stream(0);
  r.detail = std::string(100, 'x');
  const auto capacity = r.itl_ns.capacity();
  r.clear();
  EXPECT_TRUE(r.itl_ns.empty());
  EXPECT_TRUE(r.detail.empty());
  EXPECT_EQ(r.itl_ns.capacity(), capacity);
  EXPECT_EQ(r.sent_ns, -1);
  EXPECT_EQ(r.outcome, FailureKind::ok);
}

TEST(Recorder, FoldsOkLatenciesAndCountsFailures) {
  Recorder rec;
  rec.add(ok_stream(0));
  RequestRecord failed = ok_stream(0);
  failed.outcome = FailureKind::http_status;
  failed.http_status = 429;
  failed.retry_after_s = 3;
  rec.add(failed);
  RequestRecord warm = ok_stream(0);
  warm.phase = Phase::warmup;
  rec.add(warm);
  RequestRecord unsent;
  unsent.outcome = FailureKind::not_sent;
  unsent.intended_ns = 5;
  unsent.late = true;
  rec.add(unsent);

  const Counts &c = rec.counts();
  EXPECT_EQ(c.records, 3u);
  EXPECT_EQ(c.ok(), 1u);
  EXPECT_EQ(c.outcome(FailureKind::http_status), 1u);
  EXPECT_EQ(c.outcome(FailureKind::not_sent), 1u);
  EXPECT_DOUBLE_EQ(c.error_rate(), 2.0 / 3.0);
  EXPECT_EQ(c.by_http_status.at(429), 1u);
  EXPECT_EQ(c.by_http_status.at(200), 1u);
  EXPECT_EQ(c.http_failures.size(), 1u);
  EXPECT_EQ(c.http_failures.at(429), 1u);
  EXPECT_EQ(c.retry_after, 1u);
  EXPECT_EQ(c.late, 1u);
  EXPECT_EQ(c.warmup_records, 1u);
  EXPECT_EQ(c.tokens, 4u);

  EXPECT_EQ(rec.histogram(Metric::e2e_intended).count(), 1u);
  EXPECT_EQ(rec.histogram(Metric::e2e_intended).max(), 6000);
  EXPECT_EQ(rec.histogram(Metric::e2e_sent).max(), 5900);
  EXPECT_EQ(rec.histogram(Metric::ttft_intended).max(), 2000);
  EXPECT_EQ(rec.histogram(Metric::ttft_sent).max(), 1900);
  EXPECT_EQ(rec.histogram(Metric::ttfb_sent).max(), 900);
  EXPECT_EQ(rec.histogram(Metric::itl).count(), 3u);
  EXPECT_EQ(rec.histogram(Metric::tpot).max(), 1000);
  // Send lag: both sent requests, whatever their outcome; not the unsent one.
  EXPECT_EQ(rec.histogram(Metric::send_lag).count(), 2u);
  EXPECT_EQ(rec.histogram(Metric::connect).count(), 0u);
}

TEST(Recorder, MergeEqualsRecordingEverythingInOne) {
  Recorder a, b, all;
  for (int i = 0; i < 50; ++i) {
    RequestRecord r = ok_stream(i * 10);
    r.done_ns += i * 1000;
    r.outcome = i % 7 == 0 ? FailureKind::timeout_idle : FailureKind::ok;
    r.http_status = i % 5 == 0 ? 500 : 200;
    (i % 2 == 0 ? a : b).add(r);
    all.add(r);
  }
  ASSERT_TRUE(a.merge(b).has_value());
  for (std::size_t m = 0; m < k_metric_count; ++m) {
    EXPECT_EQ(a.histogram(static_cast<Metric>(m)), all.histogram(static_cast<Metric>(m)))
        << to_string(static_cast<Metric>(m));
  }
  EXPECT_EQ(a.counts().records, all.counts().records);
  EXPECT_EQ(a.counts().by_outcome, all.counts().by_outcome);
  EXPECT_EQ(a.counts().by_http_status, all.counts().by_http_status);
  EXPECT_EQ(a.counts().http_failures, all.counts().http_failures);
  EXPECT_EQ(a.counts().tokens, all.counts().tokens);
}

TEST(Recorder, TokenSourcesMismatchesStallAndSpan) {
  Recorder rec;
  RequestRecord usage = ok_stream(0);
  usage.usage_completion_tokens = 4; // agrees with the 4 token events
  usage.longest_stall_ns = 700;
  rec.add(usage);
  RequestRecord differs = ok_stream(1000);
  differs.usage_completion_tokens = 9;
  rec.add(differs);
  rec.add(ok_stream(50)); // no usage: counted from chunks
  RequestRecord plain = ok_stream(0);
  plain.stream = false;
  plain.token_events = 0;
  plain.tokens = 0;
  rec.add(plain);
  const Counts &c = rec.counts();
  EXPECT_EQ(c.tokens_from_usage, 2u);
  EXPECT_EQ(c.tokens_from_chunks, 1u);
  EXPECT_EQ(c.tokens_unknown, 1u);
  EXPECT_EQ(c.token_mismatches, 1u);
  EXPECT_EQ(c.tokens, 4u + 9u + 4u);
  EXPECT_EQ(c.first_intended_ns, 0);
  EXPECT_EQ(c.last_done_ns, 7000);
  EXPECT_EQ(c.span_ns(), 7000);
  EXPECT_EQ(rec.histogram(Metric::stall).count(), 1u);
  EXPECT_EQ(rec.histogram(Metric::stall).max(), 700);
  // 4 tokens over 5900 ns: 677,966,101.69 tokens/s, held in thousandths.
  EXPECT_NEAR(static_cast<double>(rec.histogram(Metric::output_rate_milli).min()), 4e12 / 5900.0,
              4e12 / 5900.0 * 1e-3);
  EXPECT_EQ(rec.histogram(Metric::output_rate_milli).count(), 3u); // not the tokenless one
}

TEST(Recorder, RestoreHoldsWhatItIsGiven) {
  Recorder original;
  for (int i = 0; i < 10; ++i) {
    original.add(ok_stream(i * 100));
  }
  std::array<Histogram, k_metric_count> histograms;
  for (std::size_t m = 0; m < k_metric_count; ++m) {
    histograms[m] = original.histogram(static_cast<Metric>(m));
  }
  const Recorder restored = Recorder::restore(std::move(histograms), original.counts());
  for (std::size_t m = 0; m < k_metric_count; ++m) {
    EXPECT_EQ(restored.histogram(static_cast<Metric>(m)),
              original.histogram(static_cast<Metric>(m)));
  }
  EXPECT_EQ(restored.counts().records, 10u);
  EXPECT_EQ(restored.counts().by_http_status, original.counts().by_http_status);
  Recorder merged = restored;
  ASSERT_TRUE(merged.merge(original).has_value());
  EXPECT_EQ(merged.counts().records, 20u);
  EXPECT_EQ(merged.histogram(Metric::e2e_sent).count(), 20u);
}
