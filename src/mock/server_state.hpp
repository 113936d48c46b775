#pragma once
// State shared by the sessions of one server (internal to the mock). Everything here is either
// immutable after construction or thread-safe (atomics, Admission, TokenBudget).
#include "mock/capacity.hpp"
#include "mock/config.hpp"
#include "mock/faults.hpp"
#include "mock/lag_histogram.hpp"
#include "mock/server.hpp"
#include "openai/provider.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace chatbench::mock {

struct ServerState {
  ServerState(const Config &config, unsigned threads);

  Stats stats() const;

  const Config config;
  const openai::ProviderInfo &provider;
  const std::string models_path;   ///< the provider's own, e.g. "/api/v1/models"
  const std::string default_model; ///< for /v1/models and requests without a model
  Admission admission;
  TokenBudget budget;
  const FaultSchedule faults;
  std::atomic<std::uint64_t> http_requests{0};
  std::atomic<std::uint64_t> completions{0};
  std::atomic<std::uint64_t> streams{0};
  std::atomic<std::uint64_t> rejected{0};
  std::atomic<std::uint64_t> faulted{0};
  std::vector<std::unique_ptr<LagHistogram>> lags; ///< one per I/O thread
};

/// The body of GET /v1/models.
std::string models_json(const std::string &model);

} // namespace chatbench::mock
