#pragma once
// Inside run/: a target's capacity sweep or search (load.mode "sweep" or "search", settings in
// scenario::Sweep). Each step is an engine run of its own at one level (an open loop at a rate,
// or a closed loop at a concurrency) with the scenario's warmup, watched by a StepWatcher that
// ends it once stable, over-saturated or at Sweep::max_duration. All steps share the target's
// t = 0, so requests.jsonl and the timeline read as one run.
//
//   sweep, given levels:  each level in order;
//   sweep, automatic:     baseline (concurrency 1), probe (concurrency Sweep::probe_concurrency),
//                         then capacity::spread_rates / spread_concurrencies from what they got;
//   search:               baseline, then capacity::Search's levels until it is done.
// A sweep stops at its first over-saturated step (Result::stopped_early says so); a search
// counts such a step as failing its SLOs and goes on bisecting below it. A signal ends the
// current step and the rest. Every step's measured requests are merged into `out`'s recorder,
// timeline and conformance tally; `out.capacity` holds the steps, the knee and the answer.
#include "run/engine_run.hpp"

namespace chatbench::run::detail {

void run_capacity(Shared &shared, const PreparedTarget &p, TargetRun &out);

} // namespace chatbench::run::detail
