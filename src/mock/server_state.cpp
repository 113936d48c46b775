#include "mock/server_state.hpp"

#include "mock/bodies.hpp"

namespace chatbench::mock {
namespace {

std::string models_path_of(const openai::ProviderInfo &info) {
  std::string path(info.path);
  const std::string suffix = "chat/completions";
  if (path.size() >= suffix.size() && path.ends_with(suffix)) {
    path.replace(path.size() - suffix.size(), suffix.size(), "models");
  }
  return path;
}

std::string default_model_of(const Config &config, const openai::ProviderInfo &info) {
  if (!config.model.empty()) {
    return config.model;
  }
  return info.example_model.empty() ? "mock-model" : std::string(info.example_model);
}

} // namespace

ServerState::ServerState(const Config &cfg, unsigned threads)
    : config(cfg), provider(openai::info(cfg.provider)), models_path(models_path_of(provider)),
      default_model(default_model_of(cfg, provider)), admission(cfg.capacity),
      budget(cfg.capacity.token_rate_per_s), faults(cfg.faults, cfg.seed, cfg.stall) {
  for (unsigned i = 0; i < threads; ++i) {
    lags.push_back(std::make_unique<LagHistogram>());
  }
}

Stats ServerState::stats() const {
  Stats s;
  s.http_requests = http_requests.load(std::memory_order_relaxed);
  s.completions = completions.load(std::memory_order_relaxed);
  s.streams = streams.load(std::memory_order_relaxed);
  s.rejected = rejected.load(std::memory_order_relaxed);
  s.faulted = faulted.load(std::memory_order_relaxed);
  s.active = admission.active();
  s.queued = admission.queued();
  std::array<std::uint64_t, LagHistogram::k_buckets> totals{};
  std::int64_t max_ns = 0;
  for (const auto &lag : lags) {
    lag->add_to(totals, max_ns);
  }
  s.emission_lag = LagHistogram::summarize(totals, max_ns);
  return s;
}

std::string models_json(const std::string &model) {
  std::string out = R"({"object":"list","data":[{"id":)";
  append_json_string(out, model);
  out += R"(,"object":"model","created":1704067200,"owned_by":"chatbench-mock"}]})";
  return out;
}

std::string stats_json(const Stats &s) {
  const auto ns = [](std::chrono::nanoseconds d) {
    return std::to_string(d.count());
  };
  std::string out = "{";
  out += R"("http_requests":)" + std::to_string(s.http_requests);
  out += R"(,"completions":)" + std::to_string(s.completions);
  out += R"(,"streams":)" + std::to_string(s.streams);
  out += R"(,"rejected":)" + std::to_string(s.rejected);
  out += R"(,"faulted":)" + std::to_string(s.faulted);
  out += R"(,"active":)" + std::to_string(s.active);
  out += R"(,"queued":)" + std::to_string(s.queued);
  const LagSummary &l = s.emission_lag;
  out += R"(,"emission_lag_ns":{"count":)" + std::to_string(l.count);
  out += R"(,"p50":)" + ns(l.p50) + R"(,"p90":)" + ns(l.p90) + R"(,"p99":)" + ns(l.p99);
  out += R"(,"p999":)" + ns(l.p999) + R"(,"max":)" + ns(l.max) + "}}";
  return out;
}

} // namespace chatbench::mock
