#pragma once
// A scenario's `load` section as the engine's LoadPlan: the closed or open loop with its level
// profile (the initial concurrency or rate, then the stages), arrivals seeded from the scenario
// seed, and the phases. Pure; thread-safe.
#include "engine/worker.hpp"
#include "scenario/scenario.hpp"
#include "util/result.hpp"

#include <cstdint>

namespace chatbench::run {

/// ErrorCode::invalid_scenario when a level or stage is out of range (the loader has checked
/// the rest).
Result<engine::LoadPlan> load_plan(const scenario::Load &load, std::uint64_t seed);

} // namespace chatbench::run
