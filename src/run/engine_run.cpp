#include "run/engine_run.hpp"

#include "run/progress.hpp"

namespace chatbench::run::detail {
namespace {

void collect(TargetRun &out, engine::RunResult &result, std::vector<metrics::Timeline> &timelines,
             std::int64_t origin_ns) {
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
  out.timeline = metrics::Timeline(origin_ns, k_timeline_bucket_ns, timelines.front().slo());
  for (const metrics::Timeline &timeline : timelines) {
    if (Result<void> merged = out.timeline.merge(timeline); !merged) {
      out.error = "merging timelines: " + merged.error().message;
    }
  }
}

// Tells the observer the engine exists before it runs, and that it returned, in every case.
class Observation {
public:
  Observation(RunObserver *observer, engine::StopSignal &stop, const ProgressBoard &board)
      : m_observer(observer) {
    if (m_observer != nullptr) {
      m_observer->on_engine(stop, board);
    }
  }
  ~Observation() { end(); }
  Observation(const Observation &) = delete;
  Observation &operator=(const Observation &) = delete;
  void end() {
    if (m_observer != nullptr) {
      m_observer->on_engine_done();
      m_observer = nullptr;
    }
  }

private:
  RunObserver *m_observer;
};

} // namespace

void run_engine(Shared &shared, const PreparedTarget &p, TargetRun &out,
                const EngineRunOptions &run) {
  engine::EngineOptions options;
  options.targets = {p.engine_target};
  options.targets.front().url = out.url;
  options.plan = *run.plan;
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
    WorkerSinkOptions sink{out.name,  &timelines[worker], k_timeline_bucket_ns, shared.slo,
                           &counters, shared.log,         run.origin_ns,        run.tap};
    plugins.sink = std::make_unique<WorkerSink>(std::move(sink));
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
  if (run.show_progress && shared.options.progress != nullptr &&
      is_terminal(shared.options.progress)) {
    printer.emplace(*board, run.label, shared.options.progress);
  }
  Observation observation(run.observer, (*engine)->stop_signal(), *board);
  Result<engine::RunResult> result = (*engine)->run();
  observation.end();
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
  collect(out, *result, timelines, run.origin_ns.value_or(result->start_ns));
  for (const conformance::Tally &tally : tallies) {
    out.conformance.merge(tally);
  }
}

} // namespace chatbench::run::detail
