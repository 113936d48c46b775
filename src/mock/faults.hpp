#pragma once
// The fault schedule: which faults a request gets, decided from its index (deterministic for a
// seed: probability rules hash (seed, rule, index) instead of drawing from a shared generator, so
// the outcome does not depend on thread timing) and from its `x-mock-fault` header. Faults
// combine: a request may get crlf, split_events and no_done at once. Immutable after
// construction; thread-safe.
#include "mock/config.hpp"

#include <bitset>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace chatbench::mock {

class FaultSet {
public:
  bool has(FaultKind kind) const noexcept { return m_bits.test(index(kind)); }
  void add(FaultKind kind) noexcept { m_bits.set(index(kind)); }
  bool empty() const noexcept { return m_bits.none(); }
  /// The status fault that decides the whole answer (401, 429, 500, 503), if any: the first of
  /// unauthorized, rate_limit, unavailable, server_error.
  std::optional<FaultKind> status_fault() const noexcept;

private:
  static std::size_t index(FaultKind kind) noexcept { return static_cast<std::size_t>(kind); }
  std::bitset<k_fault_kind_count> m_bits;
};

struct FaultDecision {
  FaultSet faults;
  std::chrono::nanoseconds stall{}; ///< how long stall_headers / stall_stream pause
};

class FaultSchedule {
public:
  FaultSchedule(std::vector<FaultRule> rules, std::uint64_t seed,
                std::chrono::nanoseconds default_stall);

  /// Faults for the request with this index (from 1). `header` is the value of x-mock-fault, or
  /// empty: a comma-separated list of fault names (unknown names are ignored).
  FaultDecision decide(std::uint64_t request_index, std::string_view header) const;

private:
  bool fires(const FaultRule &rule, std::size_t rule_number, std::uint64_t request_index) const;

  std::vector<FaultRule> m_rules;
  std::uint64_t m_seed;
  std::chrono::nanoseconds m_default_stall;
};

} // namespace chatbench::mock
