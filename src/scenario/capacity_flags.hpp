#pragma once
// --sweep, --search and --slo: capacity planning (load.mode "sweep" or "search") from the
// command line. They edit the scenario document before the --set overrides and the decoding, so
// their values get the loader's checks, and a problem in a value a flag set is reported against
// the flag: "--sweep rate:2,x: /load/sweep/levels/1: ...". Pure functions; thread-safe.
#include "scenario/overrides.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace chatbench::scenario {

struct CapacityFlags {
  std::optional<std::string> sweep;  ///< --sweep rate|concurrency[:LEVELS]: "rate:2,4,8/s"
  std::optional<std::string> search; ///< --search rate|concurrency
  std::vector<std::string> slo;      ///< --slo EXPR, each appended to load.sweep.slo

  bool empty() const { return !sweep && !search && slo.empty(); }
};

/// Applies `flags` to `document`. --sweep and --search set load.mode and load.sweep.over; --sweep
/// with levels sets load.sweep.levels (and removes "steps", the automatic plan's size), without
/// them removes load.sweep.levels (the automatic plan). A load in another mode is switched, and
/// what the new mode does not take is removed: from a concurrency or rate load its level and
/// length ("concurrency", "rate", "stages", "requests", "duration", "warmup": a whole run's, so
/// each step gets the defaults unless --set says otherwise); from a search turned into a sweep
/// "start", "max" and "resolution"; from a sweep turned into a search "levels" and "steps"; with
/// "concurrency", the open loop's "arrival", "burstiness", "max_in_flight" and "busy_wait".
/// Returns where each flag wrote, --slo first (the more specific places), for messages.
/// Fails (ErrorCode::invalid_argument) for --sweep with --search, for --search with levels, and
/// for --slo when the load is then neither a sweep nor a search.
Result<std::vector<AppliedOverride>> apply_capacity_flags(nlohmann::json &document,
                                                          const CapacityFlags &flags);

} // namespace chatbench::scenario
