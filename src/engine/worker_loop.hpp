#pragma once
// The worker's event loop as a class (engine-internal; the public entry point is run_worker() in
// engine/worker.hpp, whose header comment describes the loop). Split over two files:
// worker.cpp (set-up, the loop, what to start when) and worker_requests.cpp (starting, finishing,
// timing out and recording requests).
#include "engine/multi_loop.hpp"
#include "engine/prepared_target.hpp"
#include "engine/transfer.hpp"
#include "engine/worker.hpp"

#include <curl/curl.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace chatbench::engine {

struct ShareDeleter {
  void operator()(CURLSH *share) const noexcept { curl_share_cleanup(share); }
};

// Returns the error of a failed Result from the enclosing function.
#define CHATBENCH_TRY(expression)                                                                  \
  do {                                                                                             \
    if (auto &&try_result_ = (expression); !try_result_) {                                         \
      return Unexpected(try_result_.error());                                                      \
    }                                                                                              \
  } while (false)

class WorkerLoop {
public:
  static constexpr std::int64_t k_never = std::numeric_limits<std::int64_t>::max();
  /// The longest sleep: how late a StopSignal may be noticed.
  static constexpr std::int64_t k_max_wait_ns = 20'000'000;

  WorkerLoop(const WorkerOptions &options, WorkerPlugins &plugins, const StopSignal &stop)
      : m_options(options), m_plugins(plugins), m_stop(stop), m_start(options.start_ns) {}

  Result<WorkerResult> run();

private:
  Result<void> set_up();
  Result<void> step(std::int64_t now);
  Result<void> start_due(std::int64_t now);
  Result<void> start_open(std::int64_t now);
  Result<void> start_closed(std::int64_t now);
  Result<void> start_request(std::uint64_t id, metrics::Phase phase, std::int64_t intended);
  std::int64_t wake_for_start(std::int64_t now);
  std::int64_t next_start(std::int64_t now);
  void end_scheduling(std::int64_t now, std::int64_t end);
  Result<void> harvest();
  Result<void> sweep_deadlines(std::int64_t now);
  Result<void> end_in_flight(Transfer &transfer, metrics::FailureKind kind, std::string_view detail,
                             std::int64_t now);
  void forget(Transfer &transfer);
  void emit(metrics::RequestRecord &record);
  /// emit() for a transfer that was sent: tells the classifier the request ended first.
  void emit_ended(Transfer &transfer);
  Result<Transfer *> acquire();

  const WorkerOptions &m_options;
  WorkerPlugins &m_plugins;
  const StopSignal &m_stop;
  const std::int64_t m_start;

  // Destroyed in reverse: transfers (easy handles) before the multi handle before the share.
  std::unique_ptr<CURLSH, ShareDeleter> m_share;
  std::unique_ptr<MultiLoop> m_loop;
  std::vector<std::unique_ptr<Transfer>> m_transfers; // every handle ever created
  std::vector<Transfer *> m_free;
  std::vector<Transfer *> m_in_flight;
  std::vector<Transfer *> m_expired; // scratch for sweep_deadlines
  std::vector<PreparedTarget> m_targets;

  std::optional<OpenLoopPacer> m_open;
  std::optional<ClosedLoopPacer> m_closed;
  std::uint64_t m_cap = std::numeric_limits<std::uint64_t>::max();

  bool m_scheduling_over = false;
  bool m_finished = false;
  std::int64_t m_drain_deadline = k_never;
  std::int64_t m_next_deadline_check = k_never;
  metrics::RequestRecord m_unsent; // reused for not_sent records
  WorkerResult m_result;
};

} // namespace chatbench::engine
