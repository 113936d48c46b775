#include "capacity/stability.hpp"

#include "util/units.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace chatbench::capacity {
namespace {

constexpr double k_ttft_slack_ns = 1e6;

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", fraction * 100);
  return text;
}

std::string ms(std::int64_t ns) {
  return util::format_duration(std::chrono::nanoseconds(ns));
}

// Error rate over everything measured so far.
bool too_many_errors(std::span<const Window> windows, const Rule &rule, std::string &reason) {
  std::uint64_t ok = 0, failed = 0;
  for (const Window &w : windows) {
    ok += w.ok;
    failed += w.failed;
  }
  const std::uint64_t total = ok + failed;
  if (total < k_min_requests) {
    return false;
  }
  const double rate = static_cast<double>(failed) / static_cast<double>(total);
  if (rate <= rule.stop_error_rate) {
    return false;
  }
  reason = "error rate " + percent(rate) + " of " + std::to_string(total) + " requests > " +
           percent(rule.stop_error_rate);
  return true;
}

bool latency_grows(std::span<const Window> last, const Rule &rule, std::int64_t reference,
                   std::string &reason) {
  for (std::size_t i = 0; i < last.size(); ++i) {
    if (last[i].ttft_p50_ns < 0 || (i > 0 && last[i].ttft_p50_ns < last[i - 1].ttft_p50_ns)) {
      return false;
    }
  }
  const auto first = static_cast<double>(last.front().ttft_p50_ns);
  const auto final = static_cast<double>(last.back().ttft_p50_ns);
  if (final <= first * (1 + rule.tolerance) ||
      final < rule.stop_latency_growth * static_cast<double>(reference)) {
    return false;
  }
  reason = "queue build-up: TTFT p50 rose from " + ms(last.front().ttft_p50_ns) + " to " +
           ms(last.back().ttft_p50_ns) + " over the last " + std::to_string(last.size()) +
           " windows (baseline " + ms(reference) + ")";
  return true;
}

bool in_flight_grows(std::span<const Window> last, const Rule &rule, double reference,
                     std::string &reason) {
  for (std::size_t i = 1; i < last.size(); ++i) {
    if (last[i].in_flight <= last[i - 1].in_flight) {
      return false;
    }
  }
  const double first = std::max({static_cast<double>(last.front().in_flight), reference, 1.0});
  if (static_cast<double>(last.back().in_flight) < rule.stop_latency_growth * first) {
    return false;
  }
  reason = "queue build-up: requests in flight rose from " +
           std::to_string(last.front().in_flight) + " to " + std::to_string(last.back().in_flight) +
           " over the last " + std::to_string(last.size()) + " windows";
  return true;
}

bool steady(std::span<const Window> last, double tolerance) {
  double ok_min = INFINITY, ok_max = 0, ok_sum = 0;
  double ttft_min = INFINITY, ttft_max = 0, ttft_sum = 0;
  std::size_t with_ttft = 0, ok_without_ttft = 0;
  for (const Window &w : last) {
    const auto ok = static_cast<double>(w.ok);
    ok_min = std::min(ok_min, ok);
    ok_max = std::max(ok_max, ok);
    ok_sum += ok;
    if (w.ttft_p50_ns >= 0) {
      const auto t = static_cast<double>(w.ttft_p50_ns);
      ttft_min = std::min(ttft_min, t);
      ttft_max = std::max(ttft_max, t);
      ttft_sum += t;
      ++with_ttft;
    } else if (w.ok > 0) {
      ++ok_without_ttft;
    }
  }
  const double ok_mean = ok_sum / static_cast<double>(last.size());
  if (ok_mean <= 0 || ok_max - ok_min > std::max(tolerance * ok_mean, 3 * std::sqrt(ok_mean))) {
    return false;
  }
  if (with_ttft == 0) {
    return true; // no window had a TTFT (non-streamed replies without tokens): throughput decides
  }
  if (ok_without_ttft > 0) {
    return false; // some windows' ok requests had a first token and others' had none
  }
  const double ttft_mean = ttft_sum / static_cast<double>(with_ttft);
  return ttft_max - ttft_min <= tolerance * ttft_mean + k_ttft_slack_ns;
}

} // namespace

Verdict judge(std::span<const Window> windows, const Rule &rule, std::int64_t reference_ttft_ns,
              double reference_in_flight) noexcept {
  Verdict verdict;
  if (too_many_errors(windows, rule, verdict.reason)) {
    verdict.state = Verdict::State::oversaturated;
    return verdict;
  }
  const std::size_t k = std::max<std::uint32_t>(rule.windows, 2);
  if (windows.size() < k) {
    return verdict;
  }
  const std::span<const Window> last = windows.last(k);
  const std::int64_t reference =
      reference_ttft_ns > 0 ? reference_ttft_ns : std::max<std::int64_t>(windows[0].ttft_p50_ns, 1);
  // A queue is judged over one window more than stability, so that a burst of arrivals that
  // happens to span the stability windows is not taken for one.
  if (windows.size() > k) {
    const std::span<const Window> trend = windows.last(k + 1);
    if (latency_grows(trend, rule, reference, verdict.reason) ||
        in_flight_grows(trend, rule, reference_in_flight, verdict.reason)) {
      verdict.state = Verdict::State::oversaturated;
      return verdict;
    }
  }
  if (steady(last, rule.tolerance)) {
    verdict.state = Verdict::State::stable;
  }
  return verdict;
}

} // namespace chatbench::capacity
