#pragma once
// Asks running workers to stop, from any thread or from a signal handler (a lock-free atomic
// store is async-signal-safe). drain: start the arrivals already due when the worker sees it
// (those the in-flight cap holds back are recorded as not_sent) and nothing later, then let
// requests in flight finish until the drain deadline. abort: end every request in flight now
// (recorded as cut_off) and return.
#include <atomic>
#include <cstdint>

namespace chatbench::engine {

class StopSignal {
public:
  enum class Level : std::uint8_t { run, drain, abort };

  void request_drain() noexcept { raise(Level::drain); }
  void request_abort() noexcept { raise(Level::abort); }
  Level level() const noexcept {
    return static_cast<Level>(m_level.load(std::memory_order_relaxed));
  }

private:
  void raise(Level level) noexcept {
    // Only ever raised: a later drain request must not undo an abort.
    std::uint8_t current = m_level.load(std::memory_order_relaxed);
    const auto wanted = static_cast<std::uint8_t>(level);
    while (current < wanted &&
           !m_level.compare_exchange_weak(current, wanted, std::memory_order_relaxed)) {
    }
  }

  static_assert(std::atomic<std::uint8_t>::is_always_lock_free);
  std::atomic<std::uint8_t> m_level{0};
};

} // namespace chatbench::engine
