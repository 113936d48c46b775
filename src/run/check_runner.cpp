#include "run/check_runner.hpp"

#include "conformance/exchange.hpp"
#include "engine/engine.hpp"
#include "run/embedded_mock.hpp"
#include "run/load_plan.hpp"
#include "run/openai_plugins.hpp"
#include "run/target_setup.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <memory>

namespace chatbench::run {
namespace {

using conformance::Credentials;
using conformance::Probe;

constexpr std::string_view k_wrong_key = "chatbench-wrong-key-0000000000000000";

// Sends probe i as request i, to the engine target of its credentials (valid, missing, wrong).
class ProbeSource final : public engine::RequestSource {
public:
  explicit ProbeSource(const std::vector<ProbeResult> &results) : m_results(results) {}
  Result<void> next(std::uint64_t id, engine::Request &request) override {
    if (id >= m_results.size()) {
      return make_error(ErrorCode::internal, "probe " + std::to_string(id) + " does not exist");
    }
    const Probe &probe = m_results[id].probe;
    request.target = static_cast<std::uint32_t>(probe.credentials);
    request.stream = probe.stream;
    request.shared_body.reset();
    request.body = probe.body;
    return {};
  }

private:
  const std::vector<ProbeResult> &m_results;
};

// Times as a run would, and judges each exchange with the probe's own expectation.
class ProbeClassifier final : public engine::EventClassifier {
public:
  ProbeClassifier(const conformance::Profile &profile, std::vector<ProbeResult> &results)
      : m_checker(profile, conformance::Severity::fail), m_results(results) {}

  engine::EventClass on_event(std::uint64_t id, std::string_view type,
                              std::string_view data) noexcept override {
    guard([&] { m_checker.on_event(type, data); });
    return m_timing.on_event(id, type, data);
  }
  engine::EventClass on_body(std::uint64_t id, std::string_view body) noexcept override {
    guard([&] { m_checker.on_body(body); });
    return m_timing.on_body(id, body);
  }
  void on_response(std::uint64_t id, int status, std::string_view content_type) noexcept override {
    guard([&] {
      const Probe &probe = m_results[id].probe;
      m_checker.begin(id, {probe.stream, probe.include_usage});
      m_checker.on_response(status, content_type);
    });
  }
  void on_done(std::uint64_t) noexcept override {
    guard([&] { m_checker.on_done(); });
  }
  void on_error_body(std::uint64_t, std::string_view body, bool complete) noexcept override {
    guard([&] { m_checker.on_body(body, complete); });
  }
  void on_end(const metrics::RequestRecord &record, bool sse_clean) noexcept override {
    guard([&] {
      if (!m_checker.responded() || m_checker.findings().request_id() != record.id) {
        return;
      }
      m_checker.end(record.outcome != metrics::FailureKind::timeout_total &&
                        record.outcome != metrics::FailureKind::timeout_idle &&
                        record.outcome != metrics::FailureKind::timeout_first_token,
                    sse_clean);
      m_results[record.id].findings = m_checker.findings().items();
    });
  }

private:
  template <class F> void guard(F &&f) noexcept {
    try {
      f();
    } catch (...) {
      m_failed = true;
    }
  }

  ChunkClassifier m_timing;
  conformance::ExchangeChecker m_checker; // probes go one at a time
  std::vector<ProbeResult> &m_results;
  bool m_failed = false;
};

class ProbeSink final : public engine::RecordSink {
public:
  explicit ProbeSink(std::vector<ProbeResult> &results) : m_results(results) {}
  void on_record(const metrics::RequestRecord &record) override {
    if (record.id >= m_results.size()) {
      return;
    }
    ProbeResult &r = m_results[record.id];
    r.status = record.http_status;
    r.outcome = record.outcome;
    r.detail = record.detail;
    r.duration_ms =
        record.sent_ns >= 0 ? static_cast<double>(record.done_ns - record.sent_ns) / 1e6 : 0.0;
  }

private:
  std::vector<ProbeResult> &m_results;
};

// The scenario's target with streaming and extra options off: the base of every probe body.
Result<nlohmann::json> valid_body(const scenario::Scenario &scenario,
                                  const scenario::Target &target) {
  scenario::Scenario plain = scenario;
  plain.request.stream = false;
  plain.request.include_usage.reset();
  Result<std::shared_ptr<const Workbench>> bench = make_workbench(plain, target);
  if (!bench) {
    return Unexpected(bench.error());
  }
  nlohmann::json body = nlohmann::json::parse((*bench)->builder.build(*(*bench)->prompts, 0));
  body.erase("stream");
  body.erase("stream_options");
  return body;
}

struct Prepared {
  std::shared_ptr<const conformance::Profile> profile;
  std::vector<ProbeResult> results;
  std::string key;
  std::optional<mock::Config> mock;
};

Result<Prepared> prepare(const scenario::Scenario &scenario, const scenario::Target &target,
                         TargetCheck &out) {
  Prepared p;
  Result<std::shared_ptr<const conformance::Profile>> profile =
      conformance::Profile::load(out.profile);
  if (!profile) {
    return Unexpected(profile.error());
  }
  p.profile = std::move(*profile);
  Result<nlohmann::json> body = valid_body(scenario, target);
  Result<std::string> key = read_api_key(target);
  if (!body || !key) {
    return Unexpected(!body ? body.error() : key.error());
  }
  p.key = std::move(*key);
  const std::vector<Probe> probes =
      conformance::make_probes(*p.profile, {std::move(*body), !p.key.empty()});
  for (const Probe &probe : probes) {
    p.results.push_back(ProbeResult{probe, 0, metrics::FailureKind::ok, {}, 0, {}, {}});
  }
  if (p.key.empty()) {
    out.notes.emplace_back("no API key is configured, so the credential probes are left out");
  }
  if (target.is_mock()) {
    Result<mock::Config> config = embedded_mock_config(target, scenario.seed, p.key);
    if (!config) {
      return Unexpected(config.error());
    }
    p.mock = std::move(*config);
  }
  return p;
}

void send_probes(const scenario::Scenario &scenario, const scenario::Target &target, Prepared &p,
                 TargetCheck &out) {
  scenario::Load load = scenario.load;
  load.mode = scenario::Load::Mode::concurrency;
  load.concurrency = 1;
  load.stages.clear();
  load.requests = p.results.size();
  load.duration.reset();
  load.warmup_requests = 0;
  load.warmup_duration = {};
  Result<engine::LoadPlan> plan = load_plan(load, scenario.seed);
  if (!plan) {
    out.error = plan.error().message;
    return;
  }
  engine::EngineOptions options;
  for (const std::string_view key : {std::string_view(p.key), std::string_view(), k_wrong_key}) {
    engine::Target t = engine_target(target, load, key);
    t.url = out.url; // the embedded mock's, once it runs
    t.limits.error_body_bytes = std::size_t{64} << 10;
    options.targets.push_back(std::move(t));
  }
  options.plan = std::move(*plan);
  options.workers = 1;
  options.plugins = [&](std::uint32_t) -> Result<engine::WorkerPlugins> {
    engine::WorkerPlugins plugins;
    plugins.source = std::make_unique<ProbeSource>(p.results);
    plugins.classifier = std::make_unique<ProbeClassifier>(*p.profile, p.results);
    plugins.sink = std::make_unique<ProbeSink>(p.results);
    return plugins;
  };
  Result<std::unique_ptr<engine::Engine>> engine = engine::Engine::create(std::move(options));
  if (!engine) {
    out.error = engine.error().message;
    return;
  }
  if (Result<engine::RunResult> ran = (*engine)->run(); !ran) {
    out.error = ran.error().message;
    return;
  }
  for (std::size_t id = 0; id < p.results.size(); ++id) {
    ProbeResult &r = p.results[id];
    const bool failing = std::any_of(r.findings.begin(), r.findings.end(), [](const auto &f) {
      return f.severity == conformance::Severity::fail;
    });
    std::string status_failure = conformance::probe_failure(r.probe, *p.profile, r.status, false);
    if (r.status == 0 && !r.detail.empty()) {
      status_failure += " (" + std::string(metrics::to_string(r.outcome)) + ": " + r.detail + ")";
    }
    if (!status_failure.empty()) {
      // The status was wrong: the probe's own check is the first finding.
      r.findings.insert(r.findings.begin(),
                        conformance::Finding{r.probe.check, conformance::Severity::fail, "",
                                             status_failure, std::to_string(r.status), id, 1});
    }
    r.failure = !status_failure.empty() ? status_failure
                : failing ? conformance::probe_failure(r.probe, *p.profile, r.status, true)
                          : "";
  }
  out.probes = std::move(p.results);
}

TargetCheck check_target(const scenario::Scenario &scenario, const scenario::Target &target,
                         Prepared &p, TargetCheck out) {
  std::unique_ptr<mock::Server> server;
  if (p.mock) {
    Result<std::unique_ptr<mock::Server>> started =
        start_embedded_mock(*p.mock, target.path, out.url);
    if (!started) {
      out.error = started.error().message;
      return out;
    }
    server = std::move(*started);
  }
  send_probes(scenario, target, p, out);
  if (server) {
    server->stop();
  }
  return out;
}

} // namespace

bool TargetCheck::passed() const noexcept {
  return error.empty() &&
         std::all_of(probes.begin(), probes.end(), [](const ProbeResult &r) { return r.passed(); });
}

bool CheckOutput::passed() const noexcept {
  return !targets.empty() && std::all_of(targets.begin(), targets.end(),
                                         [](const TargetCheck &t) { return t.passed(); });
}

Result<CheckOutput> check_scenario(const scenario::Scenario &scenario) {
  std::vector<std::pair<TargetCheck, Prepared>> prepared;
  for (const scenario::Target &target : scenario.targets) {
    TargetCheck out;
    out.name = target.name;
    out.profile = std::string(openai::info(target.provider).name);
    out.mock = target.is_mock();
    out.url = target.is_mock() ? "" : openai::join_url(target.base_url, target.path);
    Result<Prepared> p = prepare(scenario, target, out);
    if (!p) {
      return make_error(p.error().code,
                        "target " + util::quoted(target.name) + ": " + p.error().message);
    }
    prepared.emplace_back(std::move(out), std::move(*p));
  }
  CheckOutput output;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    output.targets.push_back(check_target(scenario, scenario.targets[i], prepared[i].second,
                                          std::move(prepared[i].first)));
  }
  return output;
}

} // namespace chatbench::run
