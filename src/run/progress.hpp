#pragma once
// The live progress line: per-worker counters the workers bump as requests are made and end,
// and a printer thread that reads them twice a second and redraws one line on a terminal:
//   [mock] 12.4s  done 1,234  98.7 req/s  in flight 16  errors 3 (0.2%)  TTFT p50 52.1ms
// The counters are relaxed atomics on their own cache lines (one writer each), so the workers
// never wait for the printer. TTFT p50 is read from a coarse log histogram (bins 5% wide from
// 100 µs), close enough for a glance; the report's figures come from the exact recorders.
#include "metrics/request_record.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace chatbench::run {

struct alignas(64) WorkerCounters {
  static constexpr std::size_t k_ttft_bins = 320;

  std::atomic<std::uint64_t> made{0};   ///< requests built and handed to the engine
  std::atomic<std::uint64_t> done{0};   ///< of those, ended (any outcome)
  std::atomic<std::uint64_t> failed{0}; ///< records that failed, not_sent included
  std::array<std::atomic<std::uint32_t>, k_ttft_bins> ttft{};

  /// Counts one finished request (called by its worker only).
  void add(const metrics::RequestRecord &record) noexcept;
};

struct ProgressSnapshot {
  std::uint64_t made = 0;
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  std::int64_t ttft_p50_ns = -1; ///< -1 before the first token
  std::uint64_t in_flight() const noexcept { return made > done ? made - done : 0; }
};

class ProgressBoard {
public:
  explicit ProgressBoard(std::uint32_t workers);
  WorkerCounters &worker(std::uint32_t index) { return *m_workers.at(index); }
  /// Sums the workers' counters (any thread).
  ProgressSnapshot snapshot() const;

private:
  std::vector<std::unique_ptr<WorkerCounters>> m_workers;
};

/// One line, without a line break: "[label] 12.4s  done 1,234  98.7 req/s  ...".
std::string format_progress(std::string_view label, double elapsed_s, const ProgressSnapshot &now,
                            double rate_per_s);

/// Redraws the line on `stream` every `period` until stop() (or destruction), then erases it.
class ProgressPrinter {
public:
  ProgressPrinter(const ProgressBoard &board, std::string label, std::FILE *stream,
                  std::chrono::milliseconds period = std::chrono::milliseconds(500));
  ~ProgressPrinter();
  ProgressPrinter(const ProgressPrinter &) = delete;
  ProgressPrinter &operator=(const ProgressPrinter &) = delete;
  void stop();

private:
  void loop();

  const ProgressBoard &m_board;
  std::string m_label;
  std::FILE *m_stream;
  std::chrono::milliseconds m_period;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false; // guarded by m_mutex
  std::thread m_thread;
};

/// True when `stream` is a terminal (the line is drawn only there).
bool is_terminal(std::FILE *stream) noexcept;

} // namespace chatbench::run
