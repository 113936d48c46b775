#pragma once
// The mock provider started in-process for a target whose base_url is "mock": the target's
// provider profile and model, the scenario's seed, and its `mock` settings (latency, capacity,
// faults), on an ephemeral loopback port. When the target names an API key, the mock demands it,
// so authentication is exercised as against the real provider. One I/O thread: the mock shares
// the machine with the client (its costs are in docs/BENCHMARKS.md, "Mock provider").
#include "mock/server.hpp"
#include "run/result.hpp"
#include "scenario/scenario.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace chatbench::run {

/// The mock configuration for `target` (checks the fault rules); mock::Server::start runs it.
/// `api_key` is the key the requests will carry ("" for none). ErrorCode::invalid_scenario naming
/// the target and the rule.
Result<mock::Config> embedded_mock_config(const scenario::Target &target, std::uint64_t seed,
                                          const std::string &api_key);

/// Starts the mock with `config`; `url` becomes its chat-completions URL for the route `path`.
/// The error says "the embedded mock did not start: <why>" (a port, a thread).
Result<std::unique_ptr<mock::Server>> start_embedded_mock(const mock::Config &config,
                                                          std::string_view path, std::string &url);

/// What the mock saw, for the report.
MockFigures mock_figures(const mock::Stats &stats);

} // namespace chatbench::run
