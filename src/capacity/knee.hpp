#pragma once
// What a finished sweep says: its knee (result.hpp's rule) and, when it judged SLOs, its answer.
// Pure; thread-safe.
#include "capacity/result.hpp"

#include <optional>
#include <span>

namespace chatbench::capacity {

/// The latency a knee is judged by: a step's TTFT p50, or its E2E p50 when it has no TTFT
/// (non-streamed replies without tokens); -1 when it has neither.
std::int64_t knee_latency_ns(const Step &step) noexcept;

/// The knee of `steps`, judged against the baseline step (or, without one, the measured step
/// with the lowest achieved rate). Steps that failed, were over-saturated or measured nothing
/// are not candidates. nullopt when no step is.
std::optional<Knee> find_knee(std::span<const Step> steps);

/// A sweep's SLO answer over its steps of `over` whose SLOs were judged: the highest level at or
/// below which every such step passed. `monotone` is false when a higher step passed again.
/// `first_fail` is the lowest failing level above the answer.
Answer sweep_answer(std::span<const Step> steps, Over over);

} // namespace chatbench::capacity
