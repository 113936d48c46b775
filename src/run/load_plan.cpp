#include "run/load_plan.hpp"

#include <vector>

namespace chatbench::run {
namespace {

engine::ArrivalKind arrival_kind(scenario::Load::Arrival arrival) {
  switch (arrival) {
  case scenario::Load::Arrival::poisson:
    return engine::ArrivalKind::poisson;
  case scenario::Load::Arrival::gamma:
    return engine::ArrivalKind::gamma;
  case scenario::Load::Arrival::constant:
    break;
  }
  return engine::ArrivalKind::constant;
}

Result<engine::LevelProfile> level_profile(const scenario::Load &load, double initial) {
  std::vector<engine::Stage> stages;
  stages.reserve(load.stages.size());
  for (const scenario::Stage &stage : load.stages) {
    stages.push_back(engine::Stage{stage.duration, stage.target});
  }
  Result<engine::LevelProfile> profile = engine::LevelProfile::create(initial, stages);
  if (!profile) {
    return make_error(ErrorCode::invalid_scenario, "/load: " + profile.error().message);
  }
  return profile;
}

} // namespace

Result<engine::LoadPlan> load_plan(const scenario::Load &load, std::uint64_t seed) {
  engine::LoadPlan plan;
  const bool open = load.mode == scenario::Load::Mode::rate;
  Result<engine::LevelProfile> level =
      level_profile(load, open ? load.rate_per_s : static_cast<double>(load.concurrency));
  if (!level) {
    return Unexpected(level.error());
  }
  if (open) {
    engine::OpenLoad open_load;
    open_load.arrivals = {arrival_kind(load.arrival), load.burstiness, seed};
    open_load.rate_per_s = *level;
    if (load.max_in_flight) {
      open_load.max_in_flight = *load.max_in_flight;
    }
    plan.load = open_load;
  } else {
    plan.load = engine::ClosedLoad{*level};
  }
  plan.phases.warmup_duration = load.warmup_duration;
  plan.phases.warmup_requests = load.warmup_requests;
  plan.phases.duration = load.duration;
  plan.phases.requests = load.requests;
  plan.phases.drain = load.drain;
  plan.busy_wait = load.busy_wait;
  return plan;
}

} // namespace chatbench::run
