#include "run/progress.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace chatbench::run {
namespace {

constexpr double k_first_bin_ns = 100e3;
constexpr double k_bin_ratio = 1.05;

std::size_t ttft_bin(std::int64_t ns) noexcept {
  if (static_cast<double>(ns) <= k_first_bin_ns) {
    return 0;
  }
  const double bin = std::log(static_cast<double>(ns) / k_first_bin_ns) / std::log(k_bin_ratio);
  return std::min(WorkerCounters::k_ttft_bins - 1, static_cast<std::size_t>(bin));
}

// The middle of a bin's range.
std::int64_t bin_value(std::size_t bin) noexcept {
  return static_cast<std::int64_t>(k_first_bin_ns *
                                   std::pow(k_bin_ratio, static_cast<double>(bin) + 0.5));
}

std::string thousands(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (std::size_t i = digits.size(); i > 3; i -= 3) {
    digits.insert(i - 3, ",");
  }
  return digits;
}

std::string milliseconds(std::int64_t ns) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, ns < 10'000'000 ? "%.2fms" : "%.1fms",
                static_cast<double>(ns) / 1e6);
  return buffer;
}

} // namespace

void WorkerCounters::add(const metrics::RequestRecord &record) noexcept {
  if (record.sent_ns >= 0) {
    done.fetch_add(1, std::memory_order_relaxed);
  }
  if (!record.ok()) {
    failed.fetch_add(1, std::memory_order_relaxed);
  } else if (record.first_token_ns >= 0 && record.sent_ns >= 0) {
    ttft[ttft_bin(record.first_token_ns - record.sent_ns)].fetch_add(1, std::memory_order_relaxed);
  }
}

ProgressBoard::ProgressBoard(std::uint32_t workers) {
  for (std::uint32_t i = 0; i < workers; ++i) {
    m_workers.push_back(std::make_unique<WorkerCounters>());
  }
}

ProgressSnapshot ProgressBoard::snapshot() const {
  ProgressSnapshot s;
  std::array<std::uint64_t, WorkerCounters::k_ttft_bins> bins{};
  std::uint64_t tokens = 0;
  for (const auto &w : m_workers) {
    s.made += w->made.load(std::memory_order_relaxed);
    s.done += w->done.load(std::memory_order_relaxed);
    s.failed += w->failed.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < bins.size(); ++i) {
      const std::uint32_t count = w->ttft[i].load(std::memory_order_relaxed);
      bins[i] += count;
      tokens += count;
    }
  }
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < bins.size() && tokens > 0; ++i) {
    seen += bins[i];
    if (2 * seen >= tokens) {
      s.ttft_p50_ns = bin_value(i);
      break;
    }
  }
  return s;
}

std::string format_progress(std::string_view label, double elapsed_s, const ProgressSnapshot &now,
                            double rate_per_s) {
  char head[64];
  std::snprintf(head, sizeof head, "%.1fs", elapsed_s);
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.1f", rate_per_s);
  std::string line = "[" + std::string(label) + "] " + head + "  done " + thousands(now.done) +
                     "  " + rate + " req/s  in flight " + thousands(now.in_flight()) + "  errors " +
                     thousands(now.failed);
  if (now.failed > 0 && now.done > 0) {
    char share[32];
    std::snprintf(share, sizeof share, " (%.1f%%)",
                  100.0 * static_cast<double>(now.failed) / static_cast<double>(now.done));
    line += share;
  }
  if (now.ttft_p50_ns >= 0) {
    line += "  TTFT p50 " + milliseconds(now.ttft_p50_ns);
  }
  return line;
}

ProgressPrinter::ProgressPrinter(const ProgressBoard &board, std::string label, std::FILE *stream,
                                 std::chrono::milliseconds period)
    : m_board(board), m_label(std::move(label)), m_stream(stream), m_period(period),
      m_thread([this] { loop(); }) {}

ProgressPrinter::~ProgressPrinter() {
  stop();
}

void ProgressPrinter::stop() {
  {
    const std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void ProgressPrinter::loop() {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  Clock::time_point last_at = start;
  std::uint64_t last_done = 0;
  std::unique_lock lock(m_mutex);
  while (!m_wake.wait_for(lock, m_period, [this] { return m_stop; })) {
    const Clock::time_point at = Clock::now();
    const ProgressSnapshot now = m_board.snapshot();
    const double interval = std::chrono::duration<double>(at - last_at).count();
    const double rate = interval > 0 ? static_cast<double>(now.done - last_done) / interval : 0.0;
    const double elapsed = std::chrono::duration<double>(at - start).count();
    // \r and "erase to end of line": the line shrinks cleanly when numbers get shorter.
    std::fprintf(m_stream, "\r%s\x1b[K", format_progress(m_label, elapsed, now, rate).c_str());
    std::fflush(m_stream);
    last_at = at;
    last_done = now.done;
  }
  std::fprintf(m_stream, "\r\x1b[K");
  std::fflush(m_stream);
}

bool is_terminal(std::FILE *stream) noexcept {
  return ::isatty(::fileno(stream)) == 1;
}

} // namespace chatbench::run
