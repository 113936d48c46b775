#include "mock/faults.hpp"

#include "mock/latency_model.hpp"

#include <array>

namespace chatbench::mock {

std::optional<FaultKind> FaultSet::status_fault() const noexcept {
  constexpr std::array<FaultKind, 4> k_order{FaultKind::unauthorized, FaultKind::rate_limit,
                                             FaultKind::unavailable, FaultKind::server_error};
  for (FaultKind kind : k_order) {
    if (has(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

FaultSchedule::FaultSchedule(std::vector<FaultRule> rules, std::uint64_t seed,
                             std::chrono::nanoseconds default_stall)
    : m_rules(std::move(rules)), m_seed(seed), m_default_stall(default_stall) {}

bool FaultSchedule::fires(const FaultRule &rule, std::size_t rule_number,
                          std::uint64_t request_index) const {
  const FaultTrigger &t = rule.trigger;
  switch (t.kind) {
  case FaultTrigger::Kind::probability: {
    // The top 53 bits of a hash, as a uniform number in [0, 1).
    const std::uint64_t h = mix(m_seed, 0xfa017 + rule_number, request_index);
    const double u = static_cast<double>(h >> 11) * 0x1.0p-53;
    return u < t.probability;
  }
  case FaultTrigger::Kind::every:
    return t.every != 0 && request_index % t.every == 0;
  case FaultTrigger::Kind::at:
    for (const auto &[lo, hi] : t.at) {
      if (request_index >= lo && request_index <= hi) {
        return true;
      }
    }
    return false;
  }
  return false;
}

FaultDecision FaultSchedule::decide(std::uint64_t request_index, std::string_view header) const {
  FaultDecision decision;
  decision.stall = m_default_stall;
  for (std::size_t i = 0; i < m_rules.size(); ++i) {
    if (fires(m_rules[i], i, request_index)) {
      decision.faults.add(m_rules[i].kind);
      if (m_rules[i].stall) {
        decision.stall = *m_rules[i].stall;
      }
    }
  }
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view name = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!name.empty() && name.front() == ' ') {
      name.remove_prefix(1);
    }
    while (!name.empty() && name.back() == ' ') {
      name.remove_suffix(1);
    }
    if (const auto kind = fault_kind_from_name(name)) {
      decision.faults.add(*kind);
    }
  }
  return decision;
}

} // namespace chatbench::mock
