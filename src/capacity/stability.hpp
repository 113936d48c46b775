#pragma once
// The rules that end a capacity step, judged on its measured phase cut into equal windows:
//
// - over-saturated, the step ends and a sweep goes no higher, when
//   * the error rate over the whole measured phase so far passes Rule::stop_error_rate (once at
//     least k_min_requests have ended), or
//   * the queue grows without bound: over the last Rule::windows + 1 windows the TTFT p50 never
//     falls, rises by more than the tolerance, and ends at Rule::stop_latency_growth times the
//     reference (the baseline's TTFT p50), or the requests in flight rise in every one of those
//     windows to that many times both their first value and the in-flight reference (what
//     Little's law expects at the step's level: rate x the baseline's E2E), so a Poisson
//     process's own swings at a few requests in flight are not taken for a queue;
// - stable, the step may end, when its last Rule::windows windows agree: their ok requests
//   spread by at most max(tolerance x mean, 3 x sqrt(mean)) (three standard deviations of a
//   Poisson count: Poisson arrivals at a few per window swing that much), and their TTFT p50s by at
//   most tolerance x their mean plus 1 ms (windows that ended no ok request have no TTFT and are
//   left out; when none has one, as with non-streamed replies without tokens, throughput alone
//   decides);
// - otherwise it goes on measuring (the caller ends it as unstable at Sweep::max_duration).
// Pure; thread-safe.
#include <cstdint>
#include <span>
#include <string>

namespace chatbench::capacity {

/// What ended within one window of a step's measured phase.
struct Window {
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  std::uint64_t output_tokens = 0;
  std::int64_t ttft_p50_ns = -1; ///< over its ok requests with a first token; -1: none
  std::int64_t in_flight = 0;    ///< requests in flight at its end
  std::uint64_t good = 0;        ///< ok requests within the run's per-request SLO (goodput)
};

struct Rule {
  std::uint32_t windows = 3; ///< >= 2
  double tolerance = 0.1;
  double stop_error_rate = 0.1;
  double stop_latency_growth = 3;
};

struct Verdict {
  enum class State { measuring, stable, oversaturated };
  State state = State::measuring;
  std::string reason; ///< oversaturated: what was seen; stable/measuring: ""
};

/// Requests that must have ended before the error rate can over-saturate a step.
inline constexpr std::uint64_t k_min_requests = 20;

/// Judges the windows measured so far (oldest first). `reference_ttft_ns` is the baseline's TTFT
/// p50; <= 0 uses the first window's. `reference_in_flight`: requests in flight expected at the
/// step's level without a queue (0: unknown, the first window's alone).
Verdict judge(std::span<const Window> windows, const Rule &rule, std::int64_t reference_ttft_ns,
              double reference_in_flight = 0) noexcept;

} // namespace chatbench::capacity
