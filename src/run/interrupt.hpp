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

  /// At most this many engines are watched at once (targets running side by side).
  static constexpr int k_max_watched = 64;

  /// Signals now reach `stop` too (engines running side by side are each watched). A signal
  /// that arrived before takes effect at once. False (and not watched) when k_max_watched
  /// engines are watched already.
  bool watch(engine::StopSignal *stop) noexcept;
  /// Signals no longer reach `stop` (before its engine is destroyed).
  void unwatch(engine::StopSignal *stop) noexcept;
  /// A signal has arrived since the guard was made.
  bool interrupted() const noexcept;
};

} // namespace chatbench::run
