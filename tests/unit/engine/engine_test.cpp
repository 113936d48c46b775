// Several workers on threads, merged results, and HTTP/2 over TLS. Also the TSan target: build
// with -DCHATBENCH_SANITIZERS=thread and run these.
#include "engine/curl_info.hpp"
#include "nginx_fixture.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace chatbench::engine;
using namespace chatbench::engine::testing;
using namespace std::chrono_literals;
using chatbench::metrics::FailureKind;
using chatbench::metrics::Metric;
using chatbench::metrics::RequestRecord;

namespace {

class EngineTest : public NginxSuite<true> {
protected:
};

} // namespace

TEST_F(EngineTest, WorkersShareTheLoadAndMergeExactly) {
  EngineOptions options;
  options.targets.push_back(target_for(s_server->url("/sse")));
  options.plan = closed_plan(8, 300);
  options.workers = 2;
  const RunOutput out = run_engine(std::move(options), {.stream = true});
  ASSERT_EQ(out.result.workers.size(), 2u);
  ASSERT_EQ(out.records.size(), 300u);
  std::set<std::uint64_t> ids;
  for (const RequestRecord &r : out.records) {
    EXPECT_EQ(r.outcome, FailureKind::ok) << r.detail;
    EXPECT_EQ(r.id % 2, r.worker);
    ids.insert(r.id);
  }
  EXPECT_EQ(ids.size(), 300u);
  const auto &merged = out.result.recorder;
  EXPECT_EQ(merged.counts().records, 300u);
  EXPECT_EQ(merged.counts().ok(), 300u);
  EXPECT_EQ(merged.histogram(Metric::itl).count(), 600u); // 3 token events each: 2 gaps
  std::uint64_t per_worker = 0;
  for (const WorkerResult &w : out.result.workers) {
    per_worker += w.recorder.counts().records;
    EXPECT_EQ(w.stats.max_in_flight, 4u);
    EXPECT_LE(w.stats.handles, 4u);
  }
  EXPECT_EQ(per_worker, 300u);
}

TEST_F(EngineTest, OpenLoopArrivalsAreSplitRoundRobin) {
  EngineOptions options;
  options.targets.push_back(target_for(s_server->url("/json")));
  options.plan.load = OpenLoad{{ArrivalKind::gamma, 0.5, 9}, LevelProfile(400), std::nullopt};
  options.plan.phases.duration = 500ms;
  options.workers = 2;
  const RunOutput out = run_engine(std::move(options));
  auto arrivals = ArrivalProcess::create({ArrivalKind::gamma, 0.5, 9}, LevelProfile(400));
  std::set<std::uint64_t> expected;
  for (auto a = arrivals->next(); a && a->intended < 500ms; a = arrivals->next()) {
    expected.insert(a->index);
  }
  std::set<std::uint64_t> seen;
  for (const RequestRecord &r : out.records) {
    EXPECT_EQ(r.outcome, FailureKind::ok) << r.detail;
    EXPECT_EQ(r.id % 2, r.worker);
    seen.insert(r.id);
  }
  EXPECT_EQ(seen, expected);
}

TEST_F(EngineTest, Http2OverTlsMultiplexesOneConnection) {
  if (!curl_info().http2) {
    GTEST_SKIP() << "libcurl without HTTP/2";
  }
  EngineOptions options;
  Target target = target_for(s_server->tls_url("/sse_read"));
  target.http_version = HttpVersion::http2;
  target.ca_file = s_server->certificate();
  options.targets.push_back(target);
  options.plan = closed_plan(4, 40);
  const RunOutput out = run_engine(std::move(options), {.stream = true});
  ASSERT_EQ(out.records.size(), 40u);
  std::size_t new_connections = 0;
  for (const RequestRecord &r : out.records) {
    EXPECT_EQ(r.outcome, FailureKind::ok)
        << r.detail << " events " << r.events << " done " << r.done_marker << " bytes "
        << r.bytes_received << " status " << r.http_status;
    EXPECT_EQ(r.http_version, 20);
    new_connections += r.connection_reused ? 0 : 1;
  }
  // PIPEWAIT: the first transfers wait for the first connection's ALPN answer and then share it.
  EXPECT_EQ(new_connections, 1u);
  EXPECT_EQ(out.result.recorder.counts().by_http_version.at(20), 40u);
  EXPECT_EQ(out.result.recorder.histogram(Metric::tls).count(), 1u);
}

TEST_F(EngineTest, TlsIsVerifiedByDefault) {
  EngineOptions options;
  options.targets.push_back(target_for(s_server->tls_url("/json"))); // self-signed, no CA file
  options.plan = closed_plan(1, 1);
  const RunOutput out = run_engine(std::move(options));
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].outcome, FailureKind::tls);
  EXPECT_FALSE(out.records[0].detail.empty());
}

TEST_F(EngineTest, Http1OverTlsWithoutVerification) {
  EngineOptions options;
  Target target = target_for(s_server->tls_url("/json"));
  target.verify_tls = false;
  options.targets.push_back(target);
  options.plan = closed_plan(2, 10);
  const RunOutput out = run_engine(std::move(options));
  ASSERT_EQ(out.records.size(), 10u);
  for (const RequestRecord &r : out.records) {
    EXPECT_EQ(r.outcome, FailureKind::ok) << r.detail;
    EXPECT_EQ(r.http_version, 11);
  }
}

TEST_F(EngineTest, WorkersAreCappedByTheWork) {
  EngineOptions options;
  options.targets.push_back(target_for(s_server->url("/json")));
  options.plan = closed_plan(1, 5);
  options.workers = 4;
  options.plugins = [](std::uint32_t) -> chatbench::Result<WorkerPlugins> {
    return WorkerPlugins{};
  };
  auto engine = Engine::create(std::move(options));
  ASSERT_TRUE(engine.has_value());
  EXPECT_EQ((*engine)->workers(), 1u);
}

TEST_F(EngineTest, AFailingPluginFactoryFailsTheRun) {
  EngineOptions options;
  options.targets.push_back(target_for(s_server->url("/json")));
  options.plan = closed_plan(1, 5);
  options.plugins = [](std::uint32_t) -> chatbench::Result<WorkerPlugins> {
    return chatbench::make_error(chatbench::ErrorCode::invalid_argument, "no prompts");
  };
  auto engine = Engine::create(std::move(options));
  ASSERT_TRUE(engine.has_value());
  auto result = (*engine)->run();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message, "no prompts");
}
