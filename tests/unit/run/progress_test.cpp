#include "run/progress.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

using namespace chatbench;

TEST(Progress, SnapshotSumsWorkersAndFindsTheMedianTtft) {
  run::ProgressBoard board(2);
  for (int i = 0; i < 100; ++i) {
    metrics::RequestRecord r;
    r.sent_ns = 0;
    r.first_token_ns = (i < 60 ? 50 : 400) * 1'000'000; // median 50 ms
    board.worker(static_cast<std::uint32_t>(i % 2)).made.fetch_add(1);
    board.worker(static_cast<std::uint32_t>(i % 2)).add(r);
  }
  metrics::RequestRecord failed;
  failed.sent_ns = 0;
  failed.outcome = metrics::FailureKind::timeout_total;
  board.worker(0).made.fetch_add(2);
  board.worker(0).add(failed);
  const run::ProgressSnapshot s = board.snapshot();
  EXPECT_EQ(s.made, 102u);
  EXPECT_EQ(s.done, 101u);
  EXPECT_EQ(s.failed, 1u);
  EXPECT_EQ(s.in_flight(), 1u);
  EXPECT_NEAR(static_cast<double>(s.ttft_p50_ns), 50e6, 50e6 * 0.05);
}

TEST(Progress, LineFormat) {
  run::ProgressSnapshot s;
  s.made = 1250;
  s.done = 1234;
  s.failed = 3;
  s.ttft_p50_ns = 52'100'000;
  EXPECT_EQ(run::format_progress("mock", 12.44, s, 98.66),
            "[mock] 12.4s  done 1,234  98.7 req/s  in flight 16  errors 3 (0.2%)  TTFT p50 52.1ms");
  EXPECT_EQ(run::format_progress("x", 0, run::ProgressSnapshot{}, 0),
            "[x] 0.0s  done 0  0.0 req/s  in flight 0  errors 0");
}

TEST(Progress, PrinterRedrawsWhileWorkersCountAndErasesItsLineAtTheEnd) {
  run::ProgressBoard board(1);
  std::FILE *sink = std::tmpfile();
  ASSERT_NE(sink, nullptr);
  {
    run::ProgressPrinter printer(board, "t", sink, std::chrono::milliseconds(5));
    // The worker's side, on another thread, as in a run.
    std::thread worker([&board] {
      for (int i = 0; i < 2000; ++i) {
        metrics::RequestRecord r;
        r.sent_ns = 0;
        r.first_token_ns = 1'000'000;
        board.worker(0).made.fetch_add(1, std::memory_order_relaxed);
        board.worker(0).add(r);
        if (i % 100 == 0) {
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
      }
    });
    worker.join();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  std::rewind(sink);
  std::string text;
  for (int c = std::fgetc(sink); c != EOF; c = std::fgetc(sink)) {
    text.push_back(static_cast<char>(c));
  }
  std::fclose(sink);
  EXPECT_NE(text.find("[t] "), std::string::npos);
  EXPECT_NE(text.find("done 2,000"), std::string::npos) << text;
  EXPECT_EQ(text.substr(text.size() - 4), "\r\x1b[K"); // the line is erased on stop
}
