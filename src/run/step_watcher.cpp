#include "run/step_watcher.hpp"

#include "engine/clock.hpp"
#include "util/units.hpp"

#include <chrono>

namespace chatbench::run::detail {
namespace {

// Records of a window arrive as their requests end; a window is judged this long after its end
// so the last ones are in.
constexpr std::int64_t k_window_grace_ns = 30'000'000;

} // namespace

void StepWatcher::on_start(std::int64_t start_ns) {
  const std::lock_guard lock(m_mutex);
  if (!m_folder) {
    m_folder.emplace(start_ns + m_options.warmup_ns, m_options.window_ns, m_options.slo);
    m_wake.notify_all();
  }
}

void StepWatcher::on_record(const metrics::RequestRecord &record) {
  const std::lock_guard lock(m_mutex);
  if (m_folder) {
    m_folder->add(record);
  }
}

void StepWatcher::on_engine(engine::StopSignal &stop, const ProgressBoard &board) {
  m_thread = std::thread([this, &stop, &board] { loop(stop, board); });
}

void StepWatcher::on_engine_done() {
  {
    const std::lock_guard lock(m_mutex);
    m_done = true;
    m_wake.notify_all();
  }
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

bool StepWatcher::judge_window(engine::StopSignal &stop, std::int64_t in_flight) {
  m_in_flight.push_back(in_flight);
  m_windows = static_cast<std::uint32_t>(m_in_flight.size());
  std::vector<capacity::Window> windows = m_folder->windows(m_in_flight.size());
  m_totals = {};
  for (std::size_t i = 0; i < windows.size(); ++i) {
    windows[i].in_flight = m_in_flight[i];
    m_totals.ok += windows[i].ok;
    m_totals.output_tokens += windows[i].output_tokens;
    m_totals.good += windows[i].good;
  }
  m_totals.seconds =
      static_cast<double>(windows.size()) * static_cast<double>(m_options.window_ns) / 1e9;
  const capacity::Verdict verdict = capacity::judge(
      windows, m_options.rule, m_options.reference_ttft_ns, m_options.reference_in_flight);
  const std::int64_t measured = static_cast<std::int64_t>(m_windows) * m_options.window_ns;
  if (verdict.state == capacity::Verdict::State::oversaturated) {
    m_status = capacity::StepStatus::oversaturated;
    m_reason = verdict.reason;
  } else if (verdict.state == capacity::Verdict::State::stable &&
             measured >= m_options.min_measure_ns) {
    m_status = capacity::StepStatus::stable;
    m_reason.clear();
  } else if (measured >= m_options.max_measure_ns) {
    m_status = capacity::StepStatus::unstable;
    m_reason = "throughput or TTFT p50 still moving after " +
               util::format_duration(std::chrono::nanoseconds(measured));
  } else {
    m_extended = measured >= m_options.min_measure_ns;
    return false;
  }
  stop.request_drain();
  return true;
}

void StepWatcher::loop(engine::StopSignal &stop, const ProgressBoard &board) {
  std::unique_lock lock(m_mutex);
  m_wake.wait(lock, [this] { return m_done || m_folder.has_value(); });
  m_reason = "the run ended before the step was judged";
  while (!m_done) {
    const std::int64_t due = m_folder->window_end_ns(m_in_flight.size());
    const std::int64_t wake = due + k_window_grace_ns;
    const auto wait =
        std::chrono::nanoseconds(std::max<std::int64_t>(wake - engine::steady_now_ns(), 0));
    if (m_wake.wait_for(lock, wait, [this] { return m_done; })) {
      break;
    }
    const auto in_flight = static_cast<std::int64_t>(board.snapshot().in_flight());
    if (judge_window(stop, in_flight)) {
      break;
    }
  }
}

} // namespace chatbench::run::detail
