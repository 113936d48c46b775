#pragma once
// SIGINT and SIGTERM during a run: the first asks the running engine to drain (start nothing
// new, let requests in flight finish until the drain deadline) and marks the run interrupted;
// a second one aborts (requests in flight are cut off at once). While an InterruptGuard lives,
// its handlers replace the previous ones; they are restored when it is destroyed. One guard at
// a time per process. The handler only does async-signal-safe work: atomic loads and stores and
// a write(2) of a fixed message to stderr.
#include "engine/stop.hpp"

namespace chatbench::run {

class InterruptGuard {
public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard &) = delete;
  InterruptGuard &operator=(const InterruptGuard &) = delete;

  /// The engine that signals now reach (nullptr: none running). A signal that arrived while none
  /// was running takes effect as soon as one is set.
  void watch(engine::StopSignal *stop) noexcept;
  /// A signal has arrived since the guard was made.
  bool interrupted() const noexcept;
};

} // namespace chatbench::run
