#pragma once
// `chatbench run`'s core: a loaded scenario -> for each target, one engine run with the whole
// load -> a RunOutput for report/.
//
//   1. Set-up, before any traffic: every target's request body builder and prompts
//      (run/openai_plugins.hpp), API key and engine target (run/target_setup.hpp), mock
//      configuration (run/embedded_mock.hpp) and the load plan (run/load_plan.hpp). Any problem
//      here fails the run as bad input (ErrorCode::invalid_scenario or unsupported).
//   2. Targets run one after another, each against the same seeded prompts and arrival
//      schedule, so a comparison is like for like. A target with base_url "mock" gets its own
//      embedded mock for the duration of its run.
//   3. Every request is appended to <out_dir>/requests.jsonl as it finishes; the live progress
//      line is drawn on a terminal; SIGINT/SIGTERM drain the current target (a second signal
//      aborts it), skip the rest and mark the output interrupted.
// A target that fails while running (the mock cannot bind, a worker's internal error) is kept
// in the output with TargetRun::error set; the other targets still run.
//
// Thread-safety: one run at a time per process (signal handlers are process-wide).
#include "run/manifest.hpp"
#include "run/result.hpp"
#include "scenario/scenario.hpp"
#include "util/result.hpp"

#include <cstdio>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

namespace chatbench::run {

/// Judges SLO expressions on one capacity step, given as a RunOutput whose only target is the
/// step: one result per expression, in order. The caller wires in report's threshold verdicts
/// (run/ sits below report/ and cannot call them).
using StepJudge = std::function<std::vector<capacity::SloResult>(
    std::span<const scenario::Threshold> slo, const RunOutput &step)>;

struct RunOptions {
  std::string out_dir;           ///< created when missing
  bool write_requests = true;    ///< requests.jsonl
  std::FILE *progress = stderr;  ///< where the live line goes when it is a terminal; nullptr: none
  std::ostream *notes = nullptr; ///< set-up notes ("b: stream_options not sent ..."), optional
  ManifestInput manifest;
  /// Needed when the scenario is a sweep or search with SLOs (load.sweep.slo); else unused.
  StepJudge step_judge;
};

Result<RunOutput> run_scenario(const scenario::Scenario &scenario, const RunOptions &options);

} // namespace chatbench::run
