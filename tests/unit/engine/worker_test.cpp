// The worker loop against nginx: closed and open loops, the in-flight cap, phases, drain, stop.
// Timing checks use wide tolerances: the machine may be loaded.
#include "nginx_fixture.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

using namespace chatbench::engine;
using namespace chatbench::engine::testing;
using namespace std::chrono_literals;
using chatbench::metrics::FailureKind;
using chatbench::metrics::Metric;
using chatbench::metrics::Phase;
using chatbench::metrics::RequestRecord;

namespace {

class WorkerTest : public NginxSuite<false> {
protected:
  static EngineOptions options(const std::string &path, LoadPlan plan) {
    EngineOptions o;
    o.targets.push_back(target_for(s_server->url(path)));
    o.plan = std::move(plan);
    o.workers = 1;
    return o;
  }
};

// Requests in flight at time t: sent at or before t and not yet done.
std::size_t in_flight_at(const std::vector<RequestRecord> &records, std::int64_t t) {
  return static_cast<std::size_t>(std::count_if(records.begin(), records.end(), [t](const auto &r) {
    return r.sent_ns >= 0 && r.sent_ns <= t && r.done_ns > t;
  }));
}

std::size_t count(const std::vector<RequestRecord> &records, FailureKind kind) {
  return static_cast<std::size_t>(std::count_if(
      records.begin(), records.end(), [kind](const auto &r) { return r.outcome == kind; }));
}

LoadPlan open_plan(double rate, Nanos duration, ArrivalKind kind = ArrivalKind::constant) {
  LoadPlan plan;
  plan.load = OpenLoad{{kind, 1, 3}, LevelProfile(rate), std::nullopt};
  plan.phases.duration = duration;
  plan.phases.drain = 10s;
  return plan;
}

} // namespace

TEST_F(WorkerTest, ClosedLoopKeepsExactlyCInFlight) {
  // /hold answers after 200 ms: 16 requests at concurrency 4 take four rounds.
  const RunOutput out = run_engine(options("/hold", closed_plan(4, 16)));
  ASSERT_EQ(out.records.size(), 16u);
  EXPECT_EQ(count(out.records, FailureKind::ok), 16u);
  EXPECT_EQ(out.result.workers.at(0).stats.max_in_flight, 4u);
  // Between the first round and the last send, every sample sees exactly 4 in flight (a
  // replacement starts microseconds after a completion, so a sample may rarely fall between).
  std::vector<std::int64_t> sends;
  for (const RequestRecord &r : out.records) {
    sends.push_back(r.sent_ns);
  }
  std::sort(sends.begin(), sends.end());
  const std::int64_t first_round = sends[3];
  const std::int64_t last_send = sends.back();
  int samples = 0, exact = 0;
  for (std::int64_t t = first_round + 1'000'000; t < last_send; t += 5'000'000) {
    const std::size_t n = in_flight_at(out.records, t);
    EXPECT_LE(n, 4u);
    ++samples;
    exact += n == 4 ? 1 : 0;
  }
  ASSERT_GT(samples, 50);
  EXPECT_GE(exact, samples - 2);
}

TEST_F(WorkerTest, OpenLoopSendsOnScheduleAndRecordsItsLag) {
  // How late sends are depends on the machine's load, so this test asserts the schedule and the
  // bookkeeping only; the lag itself is measured by the timing integration test and the benchmarks
  // (docs/BENCHMARKS.md).
  const RunOutput out = run_engine(options("/json", open_plan(200, 1s)));
  ASSERT_GE(out.records.size(), 199u);
  ASSERT_LE(out.records.size(), 200u);
  EXPECT_EQ(count(out.records, FailureKind::ok), out.records.size());
  // Intended times are 5 ms apart (constant arrivals), whatever the sends did.
  for (std::size_t i = 1; i < out.records.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(out.records[i].intended_ns - out.records[i - 1].intended_ns),
                5e6, 1e3);
  }
  // Never early, and the lag histogram holds one sample per send whose largest value is the
  // largest (sent - intended) of the records.
  std::int64_t worst = 0;
  for (const RequestRecord &r : out.records) {
    EXPECT_GE(r.sent_ns, r.intended_ns) << r.id;
    worst = std::max(worst, r.sent_ns - r.intended_ns);
  }
  const auto &lag = out.result.recorder.histogram(Metric::send_lag);
  EXPECT_EQ(lag.count(), out.records.size());
  EXPECT_EQ(lag.max(), worst);
}

TEST_F(WorkerTest, BusyWaitSendsEveryArrivalOnTimeAndNeverEarly) {
  LoadPlan plan = open_plan(200, 1s);
  plan.busy_wait = 3ms;
  const RunOutput out = run_engine(options("/json", plan));
  ASSERT_GE(out.records.size(), 199u);
  EXPECT_EQ(count(out.records, FailureKind::ok), out.records.size());
  for (const RequestRecord &r : out.records) {
    EXPECT_GE(r.sent_ns, r.intended_ns) << r.id;
  }
  // Polling keeps the worker awake: it spins through many more loop iterations than it sends.
  EXPECT_GT(out.result.workers.at(0).stats.iterations, 10 * out.records.size());
}

TEST_F(WorkerTest, PoissonArrivalsMatchTheirSchedule) {
  const RunOutput out = run_engine(options("/json", open_plan(300, 1s, ArrivalKind::poisson)));
  auto arrivals = ArrivalProcess::create({ArrivalKind::poisson, 1, 3}, LevelProfile(300));
  std::size_t expected = 0;
  while (arrivals->next()->intended < 1s) {
    ++expected;
  }
  ASSERT_EQ(out.records.size(), expected);
  for (const RequestRecord &r : out.records) {
    EXPECT_EQ(r.intended_ns - out.result.start_ns >= 0, true);
  }
}

TEST_F(WorkerTest, InFlightCapMakesArrivalsLateAndNeverDropsThem) {
  // 50 arrivals/s for 1 s, but only 2 at a time for 200 ms each: ~10/s get through.
  LoadPlan plan = open_plan(50, 1s);
  std::get<OpenLoad>(plan.load).max_in_flight = 2;
  plan.late_threshold = 20ms;
  const RunOutput out = run_engine(options("/hold", std::move(plan)));
  ASSERT_GE(out.records.size(), 49u);
  ASSERT_LE(out.records.size(), 50u);
  EXPECT_EQ(out.result.workers.at(0).stats.max_in_flight, 2u);
  const std::size_t ok = count(out.records, FailureKind::ok);
  const std::size_t not_sent = count(out.records, FailureKind::not_sent);
  EXPECT_EQ(ok + not_sent, out.records.size());
  EXPECT_GE(ok, 6u);
  EXPECT_LE(ok, 14u);
  const auto &counts = out.result.recorder.counts();
  EXPECT_EQ(counts.outcome(FailureKind::not_sent), not_sent);
  EXPECT_GT(counts.late, out.records.size() / 2);
  // Waiting for a slot shows in the latency from the intended time, not from the send.
  const auto &intended = out.result.recorder.histogram(Metric::e2e_intended);
  const auto &sent = out.result.recorder.histogram(Metric::e2e_sent);
  EXPECT_GT(intended.max(), sent.max() + 200'000'000);
  for (const RequestRecord &r : out.records) {
    if (r.outcome == FailureKind::not_sent) {
      EXPECT_EQ(r.sent_ns, -1);
      EXPECT_TRUE(r.late);
    }
  }
}

TEST_F(WorkerTest, WarmupRequestsAreRecordedButNotMeasured) {
  LoadPlan plan = closed_plan(1, 5);
  plan.phases.warmup_requests = 3;
  const RunOutput out = run_engine(options("/json", std::move(plan)));
  ASSERT_EQ(out.records.size(), 8u);
  EXPECT_EQ(out.records[2].phase, Phase::warmup);
  EXPECT_EQ(out.records[3].phase, Phase::measure);
  EXPECT_EQ(out.result.recorder.counts().records, 5u);
  EXPECT_EQ(out.result.recorder.counts().warmup_records, 3u);
  EXPECT_EQ(out.result.recorder.histogram(Metric::e2e_sent).count(), 5u);
  EXPECT_EQ(out.result.measure_start_ns, out.records[3].intended_ns);
}

TEST_F(WorkerTest, DrainDeadlineCutsOffWhatIsStillInFlight) {
  LoadPlan plan;
  plan.load = ClosedLoad{LevelProfile(3)};
  plan.phases.duration = 300ms;
  plan.phases.drain = 200ms;
  const RunOutput out = run_engine(options("/stall_first", std::move(plan)), {.stream = true});
  ASSERT_EQ(out.records.size(), 3u);
  for (const RequestRecord &r : out.records) {
    EXPECT_EQ(r.outcome, FailureKind::cut_off);
    EXPECT_EQ(r.detail, "drain deadline");
    EXPECT_GE(r.done_ns, out.result.measure_end_ns + 200'000'000);
  }
  EXPECT_EQ(out.result.recorder.counts().outcome(FailureKind::cut_off), 3u);
  EXPECT_EQ(out.result.measure_end_ns - out.result.start_ns, 300'000'000);
}

TEST_F(WorkerTest, StopDrainEndsSchedulingAndLetsRequestsFinish) {
  EngineOptions o = options("/hold", open_plan(20, 30s));
  o.plugins = nullptr;
  auto per_worker = std::make_shared<std::vector<RequestRecord>>();
  o.plugins = [per_worker](std::uint32_t) -> chatbench::Result<WorkerPlugins> {
    WorkerPlugins p;
    p.source = std::make_unique<FixedSource>(SourceOptions{});
    p.classifier = std::make_unique<SubstringClassifier>();
    p.sink = std::make_unique<CollectingSink>(*per_worker);
    return p;
  };
  auto engine = Engine::create(std::move(o));
  ASSERT_TRUE(engine.has_value());
  std::thread stopper([&] {
    std::this_thread::sleep_for(400ms);
    (*engine)->stop_signal().request_drain();
  });
  const auto before = std::chrono::steady_clock::now();
  auto result = (*engine)->run();
  stopper.join();
  ASSERT_TRUE(result.has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
  ASSERT_GE(per_worker->size(), 4u);
  ASSERT_LE(per_worker->size(), 12u);
  for (const RequestRecord &r : *per_worker) {
    EXPECT_TRUE(r.outcome == FailureKind::ok || r.outcome == FailureKind::not_sent) << r.detail;
  }
}

TEST_F(WorkerTest, DrainStillSendsTheArrivalThatWokeTheWorker) {
  // At 1000/s the worker sleeps until each arrival, so a drain is usually seen on waking for
  // one that is due: it goes out (the schedule had it); only later ones are not scheduled.
  EngineOptions o = options("/json", open_plan(1000, 30s));
  o.plugins = [](std::uint32_t) -> chatbench::Result<WorkerPlugins> {
    WorkerPlugins p;
    p.source = std::make_unique<FixedSource>(SourceOptions{});
    p.classifier = std::make_unique<SubstringClassifier>();
    return p;
  };
  auto engine = Engine::create(std::move(o));
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  std::thread stopper([&] {
    std::this_thread::sleep_for(300ms);
    (*engine)->stop_signal().request_drain();
  });
  auto result = (*engine)->run();
  stopper.join();
  ASSERT_TRUE(result.has_value());
  EXPECT_GT(result->recorder.counts().records, 100u);
  EXPECT_EQ(result->recorder.counts().outcome(FailureKind::not_sent), 0u);
  EXPECT_EQ(result->recorder.counts().ok(), result->recorder.counts().records);
}

TEST_F(WorkerTest, StopAbortCutsOffAtOnce) {
  EngineOptions o = options("/stall_first", closed_plan(2, 100));
  auto records = std::make_shared<std::vector<RequestRecord>>();
  o.plugins = [records](std::uint32_t) -> chatbench::Result<WorkerPlugins> {
    WorkerPlugins p;
    p.source = std::make_unique<FixedSource>(SourceOptions{.stream = true});
    p.classifier = std::make_unique<SubstringClassifier>();
    p.sink = std::make_unique<CollectingSink>(*records);
    return p;
  };
  auto engine = Engine::create(std::move(o));
  ASSERT_TRUE(engine.has_value());
  std::thread stopper([&] {
    std::this_thread::sleep_for(300ms);
    (*engine)->stop_signal().request_abort();
  });
  auto result = (*engine)->run();
  stopper.join();
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(records->size(), 2u);
  for (const RequestRecord &r : *records) {
    EXPECT_EQ(r.outcome, FailureKind::cut_off);
    EXPECT_EQ(r.detail, "run aborted");
    EXPECT_LT(r.done_ns - r.sent_ns, 2'000'000'000);
  }
}

TEST_F(WorkerTest, ClosedLoopRampStartsWhenTheLevelRoundsToOne) {
  LoadPlan plan;
  const std::vector<Stage> stages = {{1s, 4}};
  plan.load = ClosedLoad{*LevelProfile::create(0, stages)};
  plan.phases.drain = 5s;
  const RunOutput out = run_engine(options("/hold", std::move(plan)));
  ASSERT_FALSE(out.records.empty());
  std::int64_t first = out.records.front().sent_ns;
  for (const RequestRecord &r : out.records) {
    first = std::min(first, r.sent_ns);
  }
  // Level 0.5 (rounds to 1) is reached at 125 ms.
  EXPECT_GE(first - out.result.start_ns, 125'000'000);
  EXPECT_LE(out.result.workers.at(0).stats.max_in_flight, 4u);
  EXPECT_GE(out.result.workers.at(0).stats.max_in_flight, 3u);
}
