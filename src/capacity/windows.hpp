#pragma once
// Cuts a step's measured phase into stability windows (stability.hpp) as its requests end.
// Each record counts in the window its done_ns falls in, whatever its phase: the first window's
// completions are of requests sent during the warmup, and leaving them out would show a dip
// that is not there. Records ending before the measured phase are ignored. TTFT is from the
// intended send, as everywhere in the reports; `good` counts ok requests within the run's
// per-request Slo (metrics/timeline.hpp's meets_slo). Not thread-safe: run/step_watcher.hpp
// locks it.
#include "capacity/stability.hpp"
#include "metrics/request_record.hpp"
#include "metrics/timeline.hpp"

#include <cstdint>
#include <vector>

namespace chatbench::capacity {

class WindowFolder {
public:
  /// `measure_start_ns`: steady ns where the measured phase starts; `window_ns` >= 1.
  WindowFolder(std::int64_t measure_start_ns, std::int64_t window_ns, metrics::Slo slo = {});

  /// Folds one ended request; records ending before the start are ignored.
  void add(const metrics::RequestRecord &record);
  /// The first `count` windows, oldest first (in_flight left 0 for the caller to fill).
  std::vector<Window> windows(std::size_t count) const;
  /// Steady ns where window `index` ends.
  std::int64_t window_end_ns(std::size_t index) const noexcept;

private:
  struct Slot {
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
    std::uint64_t output_tokens = 0;
    std::uint64_t good = 0;
    std::vector<std::int64_t> ttft_ns;
  };
  std::int64_t m_start_ns;
  std::int64_t m_window_ns;
  metrics::Slo m_slo;
  std::vector<Slot> m_slots;
};

} // namespace chatbench::capacity
