#include "mock/capacity.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace chatbench::mock;
using namespace std::chrono_literals;

TEST(MockAdmission, UnlimitedAdmitsEveryone) {
  Admission admission(CapacityConfig{});
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(admission.acquire([] {}), Admission::Outcome::admitted);
  }
  EXPECT_EQ(admission.active(), 100U);
}

TEST(MockAdmission, QueuesInArrivalOrderAndHandsSlotsOver) {
  Admission admission(CapacityConfig{2, 0, 0});
  std::vector<int> order;
  EXPECT_EQ(admission.acquire([] {}), Admission::Outcome::admitted);
  EXPECT_EQ(admission.acquire([] {}), Admission::Outcome::admitted);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(admission.acquire([&order, i] { order.push_back(i); }), Admission::Outcome::queued);
  }
  EXPECT_EQ(admission.queued(), 3U);
  admission.release();
  EXPECT_EQ(order, (std::vector<int>{0}));
  EXPECT_EQ(admission.active(), 2U); // the slot moved to the waiter
  admission.release();
  admission.release();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
  admission.release();
  admission.release();
  EXPECT_EQ(admission.active(), 0U);
  admission.release(); // more releases than slots: ignored
  EXPECT_EQ(admission.active(), 0U);
}

TEST(MockAdmission, RejectsBeyondTheQueueLimit) {
  Admission admission(CapacityConfig{1, 0, 2});
  EXPECT_EQ(admission.acquire([] {}), Admission::Outcome::admitted);
  EXPECT_EQ(admission.acquire([] {}), Admission::Outcome::queued);
  EXPECT_EQ(admission.acquire([] {}), Admission::Outcome::queued);
  EXPECT_EQ(admission.acquire([] {}), Admission::Outcome::rejected);
}

TEST(MockAdmission, ShutdownDropsWaitersWithoutCallingThem) {
  Admission admission(CapacityConfig{1, 0, 0});
  bool called = false;
  auto token = std::make_shared<int>(1);
  EXPECT_EQ(admission.acquire([] {}), Admission::Outcome::admitted);
  EXPECT_EQ(admission.acquire([&called, token] { called = true; }), Admission::Outcome::queued);
  EXPECT_EQ(token.use_count(), 2);
  admission.shutdown();
  EXPECT_EQ(token.use_count(), 1);
  admission.release();
  EXPECT_FALSE(called);
  EXPECT_EQ(admission.acquire([] {}), Admission::Outcome::rejected);
}

TEST(MockAdmission, ConcurrentUseKeepsTheCount) {
  Admission admission(CapacityConfig{4, 0, 0});
  // Waiters admitted later owe a release; whoever sees the debt pays it.
  std::atomic<int> owed{0};
  const auto pay = [&] {
    for (int debt = owed.load(); debt > 0; debt = owed.load()) {
      if (owed.compare_exchange_weak(debt, debt - 1)) {
        admission.release();
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (admission.acquire([&] { owed.fetch_add(1); }) == Admission::Outcome::admitted) {
          admission.release();
        }
        pay();
      }
    });
  }
  for (auto &t : threads) {
    t.join();
  }
  pay();
  EXPECT_EQ(admission.queued(), 0U);
  EXPECT_EQ(admission.active(), 0U);
}

TEST(MockTokenBudget, UnlimitedNeverDelays) {
  TokenBudget budget(0);
  const auto t = std::chrono::steady_clock::now();
  EXPECT_EQ(budget.reserve(t, 1000), t);
}

TEST(MockTokenBudget, SpacesEmissionsAtTheRate) {
  TokenBudget budget(1000); // 1 ms per token
  const std::chrono::steady_clock::time_point t0{std::chrono::seconds(100)};
  EXPECT_EQ(budget.reserve(t0, 1), t0); // an idle budget does not delay
  EXPECT_EQ(budget.reserve(t0, 1), t0 + 1ms);
  EXPECT_EQ(budget.reserve(t0, 5), t0 + 6ms);
  // Later wishes are honoured as they are; idle time is not banked.
  EXPECT_EQ(budget.reserve(t0 + 50ms, 1), t0 + 50ms);
  EXPECT_EQ(budget.reserve(t0 + 50ms, 1), t0 + 51ms);
}

TEST(MockTokenBudget, AggregateRateHoldsUnderLoad) {
  // 100 streams each wanting a token every 1 ms (100k tokens/s) against a 10k tokens/s budget:
  // the last of 10,000 emissions lands about 1 s after the start, not 100 ms.
  TokenBudget budget(10'000);
  const std::chrono::steady_clock::time_point t0{std::chrono::seconds(100)};
  std::chrono::steady_clock::time_point last = t0;
  for (int tick = 0; tick < 100; ++tick) {
    for (int stream = 0; stream < 100; ++stream) {
      last = std::max(last, budget.reserve(t0 + tick * 1ms, 1));
    }
  }
  EXPECT_NEAR(std::chrono::duration<double>(last - t0).count(), 1.0, 0.01);
}
