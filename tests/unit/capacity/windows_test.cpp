#include "capacity/windows.hpp"

#include <gtest/gtest.h>

using namespace chatbench::capacity;
using chatbench::metrics::FailureKind;
using chatbench::metrics::Phase;
using chatbench::metrics::RequestRecord;

namespace {

constexpr std::int64_t k_win_start = 1'000'000;
constexpr std::int64_t k_win_width = 1'000;

// An ok record ending at `done`, sent 5 ns after it was intended, its first token `ttft` after the
// intended send (-1: no first token).
RequestRecord win_record(std::int64_t done, std::int64_t ttft = 100, std::uint64_t tokens = 4) {
  RequestRecord r;
  r.intended_ns = done - 500;
  r.sent_ns = r.intended_ns + 5;
  r.first_token_ns = ttft >= 0 ? r.intended_ns + ttft : -1;
  r.done_ns = done;
  r.tokens = tokens;
  return r;
}

std::int64_t win_in(std::int64_t window, std::int64_t offset = 0) {
  return k_win_start + window * k_win_width + offset;
}

void win_expect(const Window &w, std::uint64_t ok, std::uint64_t failed, std::uint64_t tokens,
                std::int64_t ttft) {
  EXPECT_EQ(w.ok, ok);
  EXPECT_EQ(w.failed, failed);
  EXPECT_EQ(w.output_tokens, tokens);
  EXPECT_EQ(w.ttft_p50_ns, ttft);
  EXPECT_EQ(w.in_flight, 0);
}

} // namespace

TEST(CapacityWindows, RecordsCountInTheWindowOfTheirEnd) {
  WindowFolder folder(k_win_start, k_win_width);
  folder.add(win_record(win_in(0)));
  folder.add(win_record(win_in(0, k_win_width - 1)));
  folder.add(win_record(win_in(1)));
  folder.add(win_record(win_in(2, 500)));
  const std::vector<Window> w = folder.windows(3);
  ASSERT_EQ(w.size(), 3u);
  win_expect(w[0], 2, 0, 8, 100);
  win_expect(w[1], 1, 0, 4, 100);
  win_expect(w[2], 1, 0, 4, 100);
}

TEST(CapacityWindows, EarlyRecordsAreIgnoredAndWarmupOnesEndingInAWindowCount) {
  WindowFolder folder(k_win_start, k_win_width);
  folder.add(win_record(k_win_start - 1));
  RequestRecord early_failure = win_record(k_win_start - 1);
  early_failure.outcome = FailureKind::timeout_total;
  folder.add(early_failure);
  win_expect(folder.windows(1)[0], 0, 0, 0, -1);
  // Sent in the warmup, ended in the first window: a completion the deployment made then.
  RequestRecord warm = win_record(win_in(0, 10));
  warm.phase = Phase::warmup;
  folder.add(warm);
  EXPECT_EQ(folder.windows(1)[0].ok, 1u);
}

TEST(CapacityWindows, FailedRecordsCountWithoutTtftOrTokens) {
  WindowFolder folder(k_win_start, k_win_width);
  RequestRecord failed = win_record(win_in(0, 1), 10, 50);
  failed.outcome = FailureKind::http_status;
  failed.usage_completion_tokens = 60;
  folder.add(failed);
  win_expect(folder.windows(1)[0], 0, 1, 0, -1);
  folder.add(win_record(win_in(0, 2), 300, 7));
  win_expect(folder.windows(1)[0], 1, 1, 7, 300);
}

TEST(CapacityWindows, TtftMedianFromIntendedSendOddCount) {
  WindowFolder folder(k_win_start, k_win_width);
  for (const std::int64_t ttft : {300, 100, 200}) {
    folder.add(win_record(win_in(0, ttft), ttft));
  }
  EXPECT_EQ(folder.windows(1)[0].ttft_p50_ns, 200);
}

TEST(CapacityWindows, TtftMedianOfEvenCountIsTheLowerMiddle) {
  WindowFolder folder(k_win_start, k_win_width);
  for (const std::int64_t ttft : {400, 100, 300, 200}) {
    folder.add(win_record(win_in(0, ttft), ttft));
  }
  EXPECT_EQ(folder.windows(1)[0].ttft_p50_ns, 200);
}

TEST(CapacityWindows, OkRecordsWithoutFirstTokenHaveNoTtft) {
  WindowFolder folder(k_win_start, k_win_width);
  folder.add(win_record(win_in(0), -1));
  folder.add(win_record(win_in(0), -1));
  win_expect(folder.windows(1)[0], 2, 0, 8, -1);
  folder.add(win_record(win_in(0), 70));
  win_expect(folder.windows(1)[0], 3, 0, 12, 70);
}

TEST(CapacityWindows, OutputTokensPreferUsage) {
  WindowFolder folder(k_win_start, k_win_width);
  RequestRecord with_usage = win_record(win_in(0), 100, 3);
  with_usage.usage_completion_tokens = 11;
  folder.add(with_usage);
  folder.add(win_record(win_in(0), 100, 5));
  RequestRecord zero_usage = win_record(win_in(0), 100, 9);
  zero_usage.usage_completion_tokens = 0;
  folder.add(zero_usage);
  EXPECT_EQ(folder.windows(1)[0].output_tokens, 16u);
}

TEST(CapacityWindows, MissingWindowsArePaddedEmpty) {
  WindowFolder folder(k_win_start, k_win_width);
  EXPECT_TRUE(folder.windows(0).empty());
  const std::vector<Window> none = folder.windows(2);
  ASSERT_EQ(none.size(), 2u);
  win_expect(none[0], 0, 0, 0, -1);
  win_expect(none[1], 0, 0, 0, -1);

  folder.add(win_record(win_in(2)));
  const std::vector<Window> w = folder.windows(5);
  ASSERT_EQ(w.size(), 5u);
  win_expect(w[0], 0, 0, 0, -1);
  win_expect(w[1], 0, 0, 0, -1);
  win_expect(w[2], 1, 0, 4, 100);
  win_expect(w[3], 0, 0, 0, -1);
  win_expect(w[4], 0, 0, 0, -1);
  const std::vector<Window> first_two = folder.windows(2);
  ASSERT_EQ(first_two.size(), 2u);
  win_expect(first_two[1], 0, 0, 0, -1);
}

TEST(CapacityWindows, WindowEnds) {
  const WindowFolder folder(k_win_start, k_win_width);
  EXPECT_EQ(folder.window_end_ns(0), k_win_start + k_win_width);
  EXPECT_EQ(folder.window_end_ns(2), k_win_start + 3 * k_win_width);
  const WindowFolder narrowest(50, 0);
  EXPECT_EQ(narrowest.window_end_ns(0), 51);
  EXPECT_EQ(narrowest.window_end_ns(9), 60);
}
