#include "run/runner.hpp"

#include "engine/engine.hpp"
#include "run/conformance_plugin.hpp"
#include "run/embedded_mock.hpp"
#include "run/interrupt.hpp"
#include "run/load_plan.hpp"
#include "run/openai_plugins.hpp"
#include "run/progress.hpp"
#include "run/request_log.hpp"
#include "run/target_setup.hpp"
#include "run/worker_sink.hpp"
#include "util/text.hpp"

#include <filesystem>
#include <mutex>
#include <optional>
#include <ostream>
#include <system_error>
#include <thread>

namespace chatbench::run {
namespace {

// The timeline's first width; it doubles as a run grows (metrics/timeline.hpp), giving
// 125 ms, 250 ms, 500 ms, 1 s, 2 s, ...
constexpr std::int64_t k_timeline_bucket_ns = 125'000'000;
// Error bodies kept for the conformance checks; a longer one is not judged (reported cut short).
constexpr std::size_t k_checked_error_body_bytes = std::size_t{64} << 10;

// What set-up settled for one target.
struct PreparedTarget {
  const scenario::Target *target = nullptr;
  std::shared_ptr<const Workbench> bench;
  engine::Target engine_target; // its URL is the mock's once that runs
  std::optional<mock::Config> mock;
  ConformanceOptions conformance; // profile null when checks are off
};

struct Shared {
  const scenario::Scenario &scenario;
  const RunOptions &options;
  engine::LoadPlan plan;
  metrics::Slo slo;
  RequestLog *log = nullptr;
  InterruptGuard &interrupt;
  std::vector<std::unique_ptr<engine::Engine>> &engines; // kept alive until the guard is gone
  std::mutex engines_mutex;                              // targets side by side add at once
};

conformance::Severity level_of(scenario::Checks::Conformance level) noexcept {
  using L = scenario::Checks::Conformance;
  return level == L::fail   ? conformance::Severity::fail
         : level == L::warn ? conformance::Severity::warn
                            : conformance::Severity::off;
}

// The target's profile, compiled once for the run, when checks are on.
Result<ConformanceOptions> conformance_options(const scenario::Scenario &scenario,
                                               const scenario::Target &target,
                                               const Workbench &bench) {
  ConformanceOptions options;
  options.cap = level_of(scenario.checks.conformance);
  options.sample = scenario.checks.conformance_sample;
  options.expect = {bench.builder.stream(), bench.builder.include_usage()};
  if (options.cap == conformance::Severity::off) {
    return options;
  }
  Result<std::shared_ptr<const conformance::Profile>> profile =
      conformance::Profile::load(openai::info(target.provider).name);
  if (!profile) {
    return make_error(ErrorCode::internal, "target " + util::quoted(target.name) +
                                               ": conformance profile: " + profile.error().message);
  }
  options.profile = std::move(*profile);
  return options;
}

metrics::Slo slo_of(const scenario::Slo &slo) {
  const auto ns = [](const std::optional<scenario::Nanos> &limit) {
    return limit ? limit->count() : std::int64_t{-1};
  };
  return metrics::Slo{ns(slo.ttft), ns(slo.tpot), ns(slo.itl_max), ns(slo.e2e)};
}

Result<PreparedTarget> prepare(const scenario::Scenario &scenario, const scenario::Target &target) {
  PreparedTarget p;
  p.target = &target;
  Result<std::shared_ptr<const Workbench>> bench = make_workbench(scenario, target);
  if (!bench) {
    return Unexpected(bench.error());
  }
  p.bench = std::move(*bench);
  Result<ConformanceOptions> conformance = conformance_options(scenario, target, *p.bench);
  if (!conformance) {
    return Unexpected(conformance.error());
  }
  p.conformance = std::move(*conformance);
  Result<std::string> key = read_api_key(target);
  if (!key) {
    return Unexpected(key.error());
  }
  // A mock target's URL is not known yet; a placeholder lets the headers be checked now.
  engine::Target et =
      engine_target(target, scenario.load, *key, target.is_mock() ? "http://127.0.0.1:1" : "");
  if (p.conformance.profile) {
    et.limits.error_body_bytes = k_checked_error_body_bytes; // error bodies are checked whole
  }
  if (Result<void> usable = engine::check_target(et); !usable) {
    return make_error(usable.error().code,
                      "target " + util::quoted(target.name) + ": " + usable.error().message);
  }
  p.engine_target = std::move(et);
  if (target.is_mock()) {
    Result<mock::Config> config = embedded_mock_config(target, scenario.seed, *key);
    if (!config) {
      return Unexpected(config.error());
    }
    p.mock = std::move(*config);
  }
  return p;
}

TargetRun describe(const PreparedTarget &p) {
  TargetRun out;
  out.name = p.target->name;
  out.provider = p.target->provider;
  out.url = p.engine_target.url;
  out.mock = p.target->is_mock();
  out.model = p.target->model;
  out.stream = p.bench->builder.stream();
  out.include_usage = p.bench->builder.include_usage();
  out.token_limit_field = std::string(p.bench->builder.token_limit_field());
  out.notes = p.bench->builder.notes();
  out.profile = std::string(openai::info(p.target->provider).name);
  out.conformance_level = p.conformance.cap;
  out.conformance_sample = p.conformance.sample;
  return out;
}

void collect(TargetRun &out, engine::RunResult &result, std::vector<metrics::Timeline> &timelines) {
  out.recorder = std::move(result.recorder);
  out.start_wall = result.start_wall;
  out.start_ns = result.start_ns;
  out.measure_start_ns = result.measure_start_ns;
  out.measure_end_ns = result.measure_end_ns;
  out.finished_ns = result.finished_ns;
  out.workers = static_cast<std::uint32_t>(result.workers.size());
  for (const engine::WorkerResult &worker : result.workers) {
    out.max_in_flight += worker.stats.max_in_flight;
  }
  const metrics::Counts &counts = out.recorder.counts();
  const std::uint64_t sent = out.recorder.histogram(metrics::Metric::send_lag).count();
  out.connections = sent > counts.reused_connections ? sent - counts.reused_connections : 0;
  out.timeline = metrics::Timeline(result.start_ns, k_timeline_bucket_ns, timelines.front().slo());
  for (const metrics::Timeline &timeline : timelines) {
    if (Result<void> merged = out.timeline.merge(timeline); !merged) {
      out.error = "merging timelines: " + merged.error().message;
    }
  }
}

// Runs one target with the engine; the mock, when there is one, is already up at `url`. The
// progress line is drawn when `show_progress` (one target at a time owns the terminal).
void run_engine(Shared &shared, const PreparedTarget &p, TargetRun &out, bool show_progress) {
  engine::EngineOptions options;
  options.targets = {p.engine_target};
  options.targets.front().url = out.url;
  options.plan = shared.plan;
  options.workers = shared.scenario.load.workers;
  std::vector<metrics::Timeline> timelines;
  std::vector<conformance::Tally> tallies;
  std::unique_ptr<ProgressBoard> board;
  options.plugins = [&](std::uint32_t worker) -> Result<engine::WorkerPlugins> {
    engine::WorkerPlugins plugins;
    WorkerCounters &counters = board->worker(worker);
    plugins.source = std::make_unique<PromptSource>(p.bench, &counters.made);
    plugins.classifier = std::make_unique<ChunkClassifier>();
    if (p.conformance.profile) {
      plugins.classifier = std::make_unique<CheckingClassifier>(std::move(plugins.classifier),
                                                                p.conformance, &tallies[worker]);
    }
    plugins.sink = std::make_unique<WorkerSink>(WorkerSinkOptions{
        out.name, &timelines[worker], k_timeline_bucket_ns, shared.slo, &counters, shared.log});
    return plugins;
  };
  Result<std::unique_ptr<engine::Engine>> engine = engine::Engine::create(std::move(options));
  if (!engine) {
    out.error = engine.error().message;
    return;
  }
  timelines.resize((*engine)->workers());
  tallies.resize((*engine)->workers());
  board = std::make_unique<ProgressBoard>((*engine)->workers());
  if (!shared.interrupt.watch(&(*engine)->stop_signal())) {
    out.error =
        "more than " + std::to_string(InterruptGuard::k_max_watched) + " targets side by side";
    return;
  }
  std::optional<ProgressPrinter> printer;
  if (show_progress && shared.options.progress != nullptr && is_terminal(shared.options.progress)) {
    printer.emplace(*board, out.name, shared.options.progress);
  }
  Result<engine::RunResult> result = (*engine)->run();
  printer.reset();
  shared.interrupt.unwatch(&(*engine)->stop_signal());
  {
    const std::lock_guard lock(shared.engines_mutex);
    shared.engines.push_back(std::move(*engine));
  }
  out.interrupted = shared.interrupt.interrupted();
  if (!result) {
    out.error = result.error().message;
    return;
  }
  collect(out, *result, timelines);
  for (const conformance::Tally &tally : tallies) {
    out.conformance.merge(tally);
  }
}

TargetRun run_target(Shared &shared, const PreparedTarget &p, bool show_progress) {
  TargetRun out = describe(p);
  std::unique_ptr<mock::Server> server;
  if (p.mock) {
    Result<std::unique_ptr<mock::Server>> started =
        start_embedded_mock(*p.mock, p.target->path, out.url);
    if (!started) {
      out.error = started.error().message;
      return out;
    }
    server = std::move(*started);
  }
  run_engine(shared, p, out, show_progress);
  if (server) {
    out.mock_figures = mock_figures(server->stats());
    server->stop();
  }
  return out;
}

// Every target at once, each on its own thread with its own engine (and mock), all started
// together; the first one draws the progress line. Output in the scenario's order.
void run_side_by_side(Shared &shared, const std::vector<PreparedTarget> &prepared,
                      std::vector<TargetRun> &out) {
  out.resize(prepared.size());
  std::vector<std::thread> threads;
  threads.reserve(prepared.size());
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    threads.emplace_back(
        [&shared, &prepared, &out, i] { out[i] = run_target(shared, prepared[i], i == 0); });
  }
  for (std::thread &thread : threads) {
    thread.join();
  }
}

Result<void> make_out_dir(const std::string &dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return make_error(ErrorCode::io,
                      "cannot create the report folder " + dir + ": " + error.message());
  }
  return {};
}

} // namespace

Result<RunOutput> run_scenario(const scenario::Scenario &scenario, const RunOptions &options) {
  std::vector<PreparedTarget> prepared;
  for (const scenario::Target &target : scenario.targets) {
    Result<PreparedTarget> p = prepare(scenario, target);
    if (!p) {
      return Unexpected(p.error());
    }
    if (options.notes != nullptr) {
      for (const std::string &note : p->bench->builder.notes()) {
        *options.notes << target.name << ": " << note << '\n';
      }
    }
    prepared.push_back(std::move(*p));
  }
  Result<engine::LoadPlan> plan = load_plan(scenario.load, scenario.seed);
  if (!plan) {
    return Unexpected(plan.error());
  }
  RunOutput output;
  output.manifest = make_manifest(scenario, options.manifest);
  output.out_dir = options.out_dir;
  if (Result<void> made = make_out_dir(options.out_dir); !made) {
    return Unexpected(made.error());
  }
  std::unique_ptr<RequestLog> log;
  if (options.write_requests) {
    Result<std::unique_ptr<RequestLog>> opened =
        RequestLog::open((std::filesystem::path(options.out_dir) / "requests.jsonl").string());
    if (!opened) {
      return Unexpected(opened.error());
    }
    log = std::move(*opened);
    output.requests_file = log->path();
  }
  std::vector<std::unique_ptr<engine::Engine>> engines;
  InterruptGuard interrupt;
  Shared shared{scenario,  options,   std::move(*plan), slo_of(scenario.checks.slo),
                log.get(), interrupt, engines,          {}};
  const auto wall_start = std::chrono::system_clock::now();
  const auto steady_start = std::chrono::steady_clock::now();
  if (scenario.load.side_by_side && prepared.size() > 1) {
    run_side_by_side(shared, prepared, output.targets);
  } else {
    for (const PreparedTarget &p : prepared) {
      if (interrupt.interrupted()) {
        break;
      }
      output.targets.push_back(run_target(shared, p, true));
    }
  }
  output.interrupted = interrupt.interrupted();
  output.manifest.started =
      output.targets.empty() || output.targets.front().start_wall.time_since_epoch().count() == 0
          ? wall_start
          : output.targets.front().start_wall;
  output.manifest.duration_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                    std::chrono::steady_clock::now() - steady_start)
                                    .count();
  if (log) {
    if (Result<void> written = log->status(); !written) {
      return Unexpected(written.error());
    }
  }
  return output;
}

} // namespace chatbench::run
