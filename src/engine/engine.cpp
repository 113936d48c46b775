#include "engine/engine.hpp"

#include "engine/clock.hpp"
#include "engine/prepared_target.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

namespace chatbench::engine {
namespace {

Result<void> init_curl_once() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (code != CURLE_OK) {
    return make_error(ErrorCode::internal,
                      std::string("curl_global_init: ") + curl_easy_strerror(code));
  }
  return {};
}

// Builds worker 0's pacer: the cheapest full check of the plan.
Result<void> check_plan(const LoadPlan &plan) {
  if (const auto *open = std::get_if<OpenLoad>(&plan.load)) {
    Result<ArrivalProcess> arrivals = ArrivalProcess::create(open->arrivals, open->rate_per_s);
    if (!arrivals) {
      return Unexpected(arrivals.error());
    }
    if (open->max_in_flight && *open->max_in_flight == 0) {
      return make_error(ErrorCode::invalid_argument, "max_in_flight must be >= 1");
    }
    Result<OpenLoopPacer> pacer =
        OpenLoopPacer::create(std::move(*arrivals), open->rate_per_s, plan.phases, 0, 1);
    return pacer ? Result<void>() : Result<void>(Unexpected(pacer.error()));
  }
  const auto &closed = std::get<ClosedLoad>(plan.load);
  if (closed.concurrency.max_level() < 0.5) {
    return make_error(ErrorCode::invalid_argument, "the concurrency never reaches 1");
  }
  Result<ClosedLoopPacer> pacer = ClosedLoopPacer::create(closed.concurrency, plan.phases, 0, 1);
  return pacer ? Result<void>() : Result<void>(Unexpected(pacer.error()));
}

std::uint32_t settle_workers(const EngineOptions &options) {
  std::uint64_t workers = options.workers;
  if (workers == 0) {
    workers = std::max(1U, std::thread::hardware_concurrency());
  }
  if (const auto *open = std::get_if<OpenLoad>(&options.plan.load)) {
    if (open->max_in_flight) {
      workers = std::min(workers, *open->max_in_flight);
    }
  } else {
    const double peak = std::get<ClosedLoad>(options.plan.load).concurrency.max_level();
    workers = std::min(workers, static_cast<std::uint64_t>(std::floor(peak + 0.5)));
  }
  return static_cast<std::uint32_t>(std::max<std::uint64_t>(1, workers));
}

} // namespace

Result<void> check_target(const Target &target) {
  if (Result<void> ok = init_curl_once(); !ok) {
    return ok;
  }
  Result<PreparedTarget> prepared = PreparedTarget::create(target);
  return prepared ? Result<void>() : Result<void>(Unexpected(prepared.error()));
}

Result<std::unique_ptr<Engine>> Engine::create(EngineOptions options) {
  if (Result<void> ok = init_curl_once(); !ok) {
    return Unexpected(ok.error());
  }
  if (options.targets.empty()) {
    return make_error(ErrorCode::invalid_argument, "the engine needs at least one target");
  }
  if (!options.plugins) {
    return make_error(ErrorCode::invalid_argument, "the engine needs a plugin factory");
  }
  for (const Target &target : options.targets) {
    if (Result<PreparedTarget> prepared = PreparedTarget::create(target); !prepared) {
      return Unexpected(prepared.error());
    }
  }
  if (Result<void> ok = check_plan(options.plan); !ok) {
    return Unexpected(ok.error());
  }
  const std::uint32_t workers = settle_workers(options);
  std::unique_ptr<Engine> engine(new Engine(std::move(options)));
  engine->m_workers = workers;
  return engine;
}

Result<RunResult> Engine::run() {
  if (m_ran) {
    return make_error(ErrorCode::invalid_argument, "an Engine runs once");
  }
  m_ran = true;
  std::vector<WorkerPlugins> plugins;
  for (std::uint32_t i = 0; i < m_workers; ++i) {
    Result<WorkerPlugins> made = m_options.plugins(i);
    if (!made) {
      return Unexpected(made.error());
    }
    plugins.push_back(std::move(*made));
  }
  RunResult run;
  run.start_ns = steady_now_ns() + m_options.start_delay.count();
  run.start_wall = std::chrono::system_clock::now() + m_options.start_delay;
  std::vector<WorkerOptions> options(m_workers);
  for (std::uint32_t i = 0; i < m_workers; ++i) {
    options[i] = WorkerOptions{i, m_workers, m_options.targets, m_options.plan, run.start_ns};
  }
  // Each thread writes only its own slot; join() orders those writes before the reads below.
  std::vector<std::optional<Result<WorkerResult>>> results(m_workers);
  std::vector<std::thread> threads;
  const auto work = [this, &options, &plugins, &results](std::uint32_t i) {
    try {
      results[i].emplace(run_worker(options[i], plugins[i], m_stop));
    } catch (const std::exception &e) {
      results[i].emplace(
          make_error(ErrorCode::internal, "worker " + std::to_string(i) + ": " + e.what()));
    }
    if (!results[i]->has_value()) {
      m_stop.request_abort(); // the run has failed: the others need not finish
    }
  };
  std::optional<Error> spawn_error;
  for (std::uint32_t i = 0; i < m_workers && !spawn_error; ++i) {
    try {
      threads.emplace_back(work, i);
    } catch (const std::system_error &e) {
      spawn_error =
          Error{ErrorCode::internal, std::string("starting a worker thread: ") + e.what()};
      m_stop.request_abort();
    }
  }
  for (std::thread &thread : threads) {
    thread.join();
  }
  if (spawn_error) {
    return Unexpected(*spawn_error);
  }
  for (std::optional<Result<WorkerResult>> &result : results) {
    if (!result->has_value()) {
      return Unexpected(result->error());
    }
    WorkerResult &worker = **result;
    if (Result<void> merged = run.recorder.merge(worker.recorder); !merged) {
      return Unexpected(merged.error());
    }
    if (worker.measure_start_ns >= 0 &&
        (run.measure_start_ns < 0 || worker.measure_start_ns < run.measure_start_ns)) {
      run.measure_start_ns = worker.measure_start_ns;
    }
    run.measure_end_ns = std::max(run.measure_end_ns, worker.measure_end_ns);
    run.finished_ns = std::max(run.finished_ns, worker.finished_ns);
    run.workers.push_back(std::move(worker));
  }
  return run;
}

} // namespace chatbench::engine
