#pragma once
// The levels of an automatic sweep, chosen from what its first two steps measured: the
// synchronous baseline (concurrency 1) and the saturation probe (a closed loop at
// Sweep::probe_concurrency). Pure; thread-safe.
#include <cstdint>
#include <vector>

namespace chatbench::capacity {

/// `steps` rates spread linearly above `baseline_rate` up to `saturation_rate` (the probe's
/// achieved rate), the last one at it, each rounded to 3 significant digits. When the probe got
/// no more than 10% over the baseline (a deployment that serves one request at a time), the rates
/// spread from saturation / (steps + 1) instead, so the sweep still shows the curve below it.
/// Empty when either rate is not positive or steps is 0.
std::vector<double> spread_rates(double baseline_rate, double saturation_rate, std::uint32_t steps);

/// `steps` concurrencies spread geometrically above 1 up to about 1.5 x the concurrency at
/// saturation (Little's law: saturation_rate x baseline_e2e_s), at least 2 and at most
/// `probe_concurrency`; whole numbers, ascending, without repeats (so possibly fewer than
/// `steps`). Empty when steps is 0.
std::vector<double> spread_concurrencies(double saturation_rate, double baseline_e2e_s,
                                         std::uint32_t probe_concurrency, std::uint32_t steps);

/// `value` rounded to `digits` significant digits (> 0 values only; others unchanged).
double round_significant(double value, int digits);

} // namespace chatbench::capacity
