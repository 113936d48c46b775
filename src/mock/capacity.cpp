#include "mock/capacity.hpp"

#include <algorithm>
#include <cmath>

namespace chatbench::mock {

Admission::Admission(const CapacityConfig &config)
    : m_max_concurrency(config.max_concurrency), m_max_queue(config.max_queue) {}

Admission::Outcome Admission::acquire(OnAdmitted on_admitted) {
  const std::lock_guard lock(m_mutex);
  if (m_shut_down) {
    return Outcome::rejected;
  }
  if (m_max_concurrency == 0 || m_active < m_max_concurrency) {
    ++m_active;
    return Outcome::admitted;
  }
  if (m_max_queue != 0 && m_waiters.size() >= m_max_queue) {
    return Outcome::rejected;
  }
  m_waiters.push_back(std::move(on_admitted));
  return Outcome::queued;
}

void Admission::release() {
  OnAdmitted next;
  {
    const std::lock_guard lock(m_mutex);
    if (m_shut_down || m_active == 0) {
      return;
    }
    if (m_waiters.empty()) {
      --m_active;
      return;
    }
    // The slot passes to the oldest waiter: m_active stays the same.
    next = std::move(m_waiters.front());
    m_waiters.pop_front();
  }
  next();
}

void Admission::shutdown() {
  std::deque<OnAdmitted> dropped;
  {
    const std::lock_guard lock(m_mutex);
    m_shut_down = true;
    dropped.swap(m_waiters);
  }
  // Destroyed outside the lock: a callback's captures may release other resources.
}

std::uint32_t Admission::active() const {
  const std::lock_guard lock(m_mutex);
  return m_active;
}

std::size_t Admission::queued() const {
  const std::lock_guard lock(m_mutex);
  return m_waiters.size();
}

TokenBudget::TokenBudget(double tokens_per_s)
    : m_ns_per_token(tokens_per_s > 0 ? 1e9 / tokens_per_s : 0) {}

TokenBudget::TimePoint TokenBudget::reserve(TimePoint wanted, std::uint32_t tokens) noexcept {
  if (!limited() || tokens == 0) {
    return wanted;
  }
  const auto cost = static_cast<std::int64_t>(std::llround(m_ns_per_token * tokens));
  const std::int64_t wanted_ns = wanted.time_since_epoch().count();
  std::int64_t clock = m_clock_ns.load(std::memory_order_relaxed);
  std::int64_t at = 0;
  do {
    at = std::max(wanted_ns, clock + cost);
  } while (!m_clock_ns.compare_exchange_weak(clock, at, std::memory_order_relaxed));
  return TimePoint(std::chrono::nanoseconds(at));
}

} // namespace chatbench::mock
