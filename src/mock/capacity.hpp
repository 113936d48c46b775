#pragma once
// The capacity model of the mock: an admission queue (at most `max_concurrency` generations run
// at once; later requests wait in FIFO order, so time to first token grows with load) and a
// shared token-rate budget (all generations together emit at most `token_rate_per_s` tokens per
// second; an emission that would exceed it is pushed later). Both are thread-safe: the I/O
// threads of the server share one instance of each.
#include "mock/config.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

namespace chatbench::mock {

class Admission {
public:
  enum class Outcome { admitted, queued, rejected };
  /// Called once, from the thread that frees the slot, when a queued request is admitted. It must
  /// not block and must not call back into this object (post the work to an event loop instead).
  using OnAdmitted = std::function<void()>;

  explicit Admission(const CapacityConfig &config);

  /// admitted: the caller holds a slot now and `on_admitted` is dropped. queued: it runs later.
  /// rejected: the queue is full (max_queue) or the object is shut down.
  Outcome acquire(OnAdmitted on_admitted);
  /// Frees a slot held by the caller; hands it to the oldest waiter, if any.
  void release();
  /// Drops every waiter (their callbacks are destroyed, not called); later calls are no-ops or
  /// rejections. For server shutdown.
  void shutdown();

  std::uint32_t active() const;
  std::size_t queued() const;

private:
  std::uint32_t m_max_concurrency; ///< 0: unlimited
  std::uint32_t m_max_queue;       ///< 0: unbounded
  mutable std::mutex m_mutex;
  std::uint32_t m_active = 0;
  std::deque<OnAdmitted> m_waiters;
  bool m_shut_down = false;
};

/// A shared token clock: the "GPU" produces tokens at `rate` per second for everyone. An emission
/// of k tokens wanted at time t happens at max(t, clock + k/rate), and the clock moves there.
/// Unused capacity is not banked, so there are no bursts above the rate. Lock-free.
class TokenBudget {
public:
  using TimePoint = std::chrono::steady_clock::time_point;
  explicit TokenBudget(double tokens_per_s);

  bool limited() const noexcept { return m_ns_per_token > 0; }
  /// When the emission of `tokens` wanted at `wanted` may happen; reserves the capacity.
  TimePoint reserve(TimePoint wanted, std::uint32_t tokens) noexcept;

private:
  double m_ns_per_token; ///< 0: unlimited
  std::atomic<std::int64_t> m_clock_ns{0};
};

} // namespace chatbench::mock
