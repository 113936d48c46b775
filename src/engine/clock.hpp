#pragma once
// The engine's one clock: steady_clock nanoseconds since its epoch, as RequestRecord stores them.
#include <chrono>
#include <cstdint>

namespace chatbench::engine {

inline std::int64_t steady_now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

} // namespace chatbench::engine
