#pragma once
// Hand-made runs for the report tests. Every number is chosen so that the expected figures can
// be worked out on paper (see figures_test.cpp); all times are steady ns from k_t0.
#include "conformance/profile.hpp"
#include "metrics/recorder.hpp"
#include "metrics/timeline.hpp"
#include "run/result.hpp"
#include "scenario/scenario.hpp"
#include "scenario/threshold.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace chatbench::report::test {

using metrics::FailureKind;
using metrics::RequestRecord;

inline constexpr std::int64_t k_ms = 1'000'000;
inline constexpr std::int64_t k_t0 = 5'000 * k_ms; // the targets' t = 0
inline constexpr std::int64_t k_bucket_ns = 100 * k_ms;

/// A streamed, successful request: sent 1 ms after `at_ms`, first byte `ttfb_ms` after sending,
/// the first token 10 ms later, `tokens` token events `itl_ms` apart, done 5 ms after the last.
/// Usage (when `usage`) reports `tokens`. The first request of a run opens a connection (2 ms).
struct Streamed {
  std::uint64_t id = 0;
  std::int64_t at_ms = 0;
  std::int64_t ttfb_ms = 90;
  std::uint32_t tokens = 5;
  std::int64_t itl_ms = 20;
  bool usage = true;
  bool new_connection = false;
  bool late = false;
};

inline RequestRecord streamed(const Streamed &s) {
  RequestRecord r;
  r.id = s.id;
  r.stream = true;
  r.intended_ns = k_t0 + s.at_ms * k_ms;
  r.sent_ns = r.intended_ns + k_ms;
  r.connected_ns = s.new_connection ? r.sent_ns + 2 * k_ms : -1;
  r.connection_reused = !s.new_connection;
  r.first_byte_ns = r.sent_ns + s.ttfb_ms * k_ms;
  r.first_event_ns = r.first_byte_ns;
  r.first_token_ns = r.first_byte_ns + 10 * k_ms;
  r.last_token_ns = r.first_token_ns + (s.tokens - 1) * s.itl_ms * k_ms;
  r.done_ns = r.last_token_ns + 5 * k_ms;
  r.token_events = s.tokens;
  r.tokens = s.tokens;
  r.usage_completion_tokens = s.usage ? static_cast<std::int64_t>(s.tokens) : -1;
  r.itl_ns.assign(s.tokens - 1, s.itl_ms * k_ms);
  r.longest_stall_ns = s.itl_ms * k_ms;
  r.http_status = 200;
  r.http_version = 11;
  r.done_marker = true;
  r.finish_seen = true;
  r.late = s.late;
  return r;
}

/// A failed request: sent 1 ms after `at_ms` (unless not_sent), ended 50 ms after that.
inline RequestRecord failed(std::uint64_t id, std::int64_t at_ms, FailureKind kind,
                            int status = 0) {
  RequestRecord r;
  r.id = id;
  r.stream = true;
  r.intended_ns = k_t0 + at_ms * k_ms;
  r.sent_ns = kind == FailureKind::not_sent ? -1 : r.intended_ns + k_ms;
  r.done_ns = r.intended_ns + 50 * k_ms;
  r.outcome = kind;
  r.http_status = status;
  r.http_version = status > 0 ? 20 : 0;
  r.connection_reused = true;
  r.detail = std::string(metrics::to_string(kind)) + " happened";
  return r;
}

inline metrics::Slo fixture_slo() {
  return metrics::Slo{250 * k_ms, -1, -1, -1};
}

inline run::TargetRun make_target(std::string name, const std::vector<RequestRecord> &records,
                                  metrics::Slo slo = fixture_slo()) {
  run::TargetRun t;
  t.name = std::move(name);
  t.provider = openai::Provider::openai;
  t.url = "http://127.0.0.1:8000/v1/chat/completions";
  t.model = "gpt-test";
  t.stream = true;
  t.include_usage = true;
  t.token_limit_field = "max_tokens";
  t.timeline = metrics::Timeline(k_t0, k_bucket_ns, slo);
  t.start_wall = std::chrono::system_clock::time_point(std::chrono::seconds(1714566896)) +
                 std::chrono::milliseconds(789);
  t.start_ns = k_t0;
  t.measure_start_ns = k_t0;
  std::int64_t last = k_t0;
  for (const RequestRecord &r : records) {
    t.recorder.add(r);
    t.timeline.add(r);
    last = std::max(last, r.done_ns);
  }
  t.measure_end_ns = last;
  t.finished_ns = last + 14 * k_ms;
  t.workers = 2;
  t.max_in_flight = 3;
  t.connections = 1;
  return t;
}

/// "alpha": four streamed ok requests 100 ms apart (TTFT from intended 101, 201, 301, 401 ms;
/// E2E 186 .. 486 ms; 5 tokens each from usage; ITL and TPOT 20 ms; the last one late) and one
/// warmup request. Measured span: 0 .. 786 ms.
inline run::TargetRun alpha() {
  std::vector<RequestRecord> records;
  for (std::uint64_t i = 0; i < 4; ++i) {
    const auto step = static_cast<std::int64_t>(i);
    records.push_back(streamed({.id = i + 1,
                                .at_ms = 100 * step,
                                .ttfb_ms = 90 + 100 * step,
                                .new_connection = i == 0,
                                .late = i == 3}));
  }
  RequestRecord warmup = streamed({.id = 0, .at_ms = 0});
  warmup.phase = metrics::Phase::warmup;
  records.push_back(warmup);
  return make_target("alpha", records);
}

/// "beta": one ok request plus one of every failure kind (two http_status: 429 and 503).
inline run::TargetRun every_failure() {
  std::vector<RequestRecord> records;
  records.push_back(streamed({.id = 1, .at_ms = 0, .usage = false, .new_connection = true}));
  std::uint64_t id = 2;
  for (std::size_t k = 1; k < metrics::k_failure_kind_count; ++k) {
    const auto kind = static_cast<FailureKind>(k);
    const auto at = static_cast<std::int64_t>(10 * id);
    records.push_back(failed(id++, at, kind, kind == FailureKind::http_status ? 429 : 0));
  }
  records.push_back(failed(id, 10 * static_cast<std::int64_t>(id), FailureKind::http_status, 503));
  run::TargetRun t = make_target("beta", records);
  t.mock = true;
  t.url = "http://127.0.0.1:41234/v1/chat/completions";
  t.mock_figures = {18, 1, 2, 120'000, 900'000, 2'500'000};
  return t;
}

inline run::TargetRun errored() {
  run::TargetRun t = make_target("gamma", {});
  t.error = "mock: cannot listen on 127.0.0.1:0: Address already in use";
  t.finished_ns = 0;
  t.start_ns = 0;
  return t;
}

inline run::TargetRun empty_target() {
  return make_target("empty", {});
}

inline run::Manifest fixture_manifest() {
  run::Manifest m;
  m.version = "0.1.0";
  m.git_revision = "abc1234";
  m.libcurl = "7.88.1";
  m.tls = "OpenSSL/3.0.11";
  m.nghttp2 = "1.52.0";
  m.cores = 2;
  m.scenario_file = "scenarios/fixture.json";
  m.scenario_name = "fixture";
  m.scenario_hash = "fnv1a64:0123456789abcdef";
  m.overrides = {"load.rate=10/s"};
  m.command_line = {"chatbench", "run", "scenarios/fixture.json"};
  m.seed = 42;
  m.started = std::chrono::system_clock::time_point(std::chrono::seconds(1714566896)) +
              std::chrono::milliseconds(789);
  m.duration_ns = 1'500 * k_ms;
  return m;
}

inline run::RunOutput make_run(std::vector<run::TargetRun> targets, bool interrupted = false) {
  run::RunOutput out;
  out.manifest = fixture_manifest();
  out.targets = std::move(targets);
  out.interrupted = interrupted;
  out.out_dir = "reports/fixture";
  out.requests_file = "reports/fixture/requests.jsonl";
  return out;
}

inline run::RunOutput streamed_run() {
  std::vector<run::TargetRun> targets;
  targets.push_back(alpha());
  return make_run(std::move(targets));
}

inline scenario::Threshold threshold(std::string_view text) {
  auto parsed = scenario::parse_threshold(text);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : scenario::Threshold{};
}

inline scenario::Scenario fixture_scenario() {
  scenario::Scenario s;
  s.file = "scenarios/fixture.json";
  s.name = "fixture";
  s.description = "report fixture";
  s.seed = 42;
  scenario::Target target;
  target.name = "alpha";
  target.base_url = "mock";
  s.targets.push_back(target);
  s.request.stream = true;
  s.load.mode = scenario::Load::Mode::rate;
  s.load.rate_per_s = 10;
  s.load.arrival = scenario::Load::Arrival::poisson;
  s.load.duration = std::chrono::seconds(30);
  s.load.warmup_requests = 1;
  s.checks.slo.ttft = std::chrono::milliseconds(250);
  s.checks.thresholds = {threshold("ttft.p95 < 800ms"), threshold("error_rate < 1%")};
  return s;
}

inline std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Compares `actual` with tests/data/report/<name>; CHATBENCH_UPDATE_GOLDEN=1 rewrites the file.
inline void expect_golden(const std::string &actual, const std::string &name) {
  const std::filesystem::path path = std::filesystem::path(CHATBENCH_TEST_DATA) / "report" / name;
  if (const char *update = std::getenv("CHATBENCH_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
  }
  EXPECT_EQ(actual, read_file(path)) << "golden file " << path;
}

/// `target` with conformance checked against the openai profile: 10 responses, 3 failing a
/// chunk-schema check (missing created), 1 of them with a warning too.
inline run::TargetRun with_findings(run::TargetRun target) {
  auto profile = conformance::Profile::load("openai");
  EXPECT_TRUE(profile);
  target.profile = "openai";
  target.conformance_level = conformance::Severity::fail;
  conformance::ResponseFindings r(**profile, conformance::Severity::fail);
  for (std::uint64_t id = 1; id <= 10; ++id) {
    r.reset(id);
    if (id % 3 == 0) {
      r.add(conformance::Check::chunk_schema, "/created", "Missing required property 'created'.");
    }
    if (id == 9) {
      r.add(conformance::Check::integral_number, "/usage/total_tokens",
            "a whole number was expected", "7.5");
    }
    target.conformance.add(r);
  }
  return target;
}

} // namespace chatbench::report::test
