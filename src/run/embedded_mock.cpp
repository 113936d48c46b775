#include "run/embedded_mock.hpp"

#include "openai/provider.hpp"
#include "util/text.hpp"

#include <string>

namespace chatbench::run {

Result<mock::Config> embedded_mock_config(const scenario::Target &target, std::uint64_t seed,
                                          const std::string &api_key) {
  mock::Config config;
  config.provider = target.provider;
  config.model = target.model;
  config.seed = seed;
  if (!api_key.empty()) {
    config.api_key = api_key;
  }
  const scenario::MockOptions &options = target.mock;
  config.latency.ttft_ns = options.ttft_ns;
  config.latency.itl_ns = options.itl_ns;
  config.latency.output_tokens = options.output_tokens;
  config.latency.tokens_per_chunk = options.tokens_per_chunk;
  config.capacity.max_concurrency = options.max_concurrency.value_or(0);
  config.capacity.token_rate_per_s = options.token_rate_per_s.value_or(0);
  for (std::size_t i = 0; i < options.faults.size(); ++i) {
    Result<mock::FaultRule> rule = mock::parse_fault_rule(options.faults[i]);
    if (!rule) {
      return make_error(ErrorCode::invalid_scenario, "target " + util::quoted(target.name) +
                                                         ": mock.faults[" + std::to_string(i) +
                                                         "]: " + rule.error().message);
    }
    config.faults.push_back(std::move(*rule));
  }
  if (Result<void> valid = mock::validate(config); !valid) {
    return make_error(ErrorCode::invalid_scenario,
                      "target " + util::quoted(target.name) + ": mock: " + valid.error().message);
  }
  return config;
}

MockFigures mock_figures(const mock::Stats &stats) {
  MockFigures figures;
  figures.completions = stats.completions;
  figures.rejected = stats.rejected;
  figures.faulted = stats.faulted;
  figures.emission_lag_p50_ns = stats.emission_lag.p50.count();
  figures.emission_lag_p99_ns = stats.emission_lag.p99.count();
  figures.emission_lag_max_ns = stats.emission_lag.max.count();
  return figures;
}

Result<std::unique_ptr<mock::Server>> start_embedded_mock(const mock::Config &config,
                                                          std::string_view path, std::string &url) {
  Result<std::unique_ptr<mock::Server>> started = mock::Server::start(config);
  if (!started) {
    return make_error(started.error().code,
                      "the embedded mock did not start: " + started.error().message);
  }
  url = openai::join_url((*started)->base_url(), path);
  return started;
}

} // namespace chatbench::run
