#include "conformance/finding.hpp"

#include "conformance/profile.hpp"

#include <algorithm>
#include <tuple>

namespace chatbench::conformance {
namespace {

bool same_key(const Finding &f, Check check, std::string_view pointer) noexcept {
  return f.check == check && f.pointer == pointer;
}

} // namespace

void ResponseFindings::reset(std::uint64_t request_id) noexcept {
  m_request_id = request_id;
  m_items.clear();
}

Severity ResponseFindings::severity_of(Check check) const noexcept {
  return std::min(m_profile->severity(check), m_cap);
}

bool ResponseFindings::wants(Check check, std::string_view pointer) const noexcept {
  if (severity_of(check) == Severity::off) {
    return false;
  }
  return std::none_of(m_items.begin(), m_items.end(),
                      [&](const Finding &f) { return same_key(f, check, pointer); });
}

void ResponseFindings::add(Check check, std::string_view pointer, std::string_view message,
                           std::string_view example) {
  if (!wants(check, pointer)) {
    return;
  }
  m_items.push_back(Finding{check, severity_of(check), std::string(pointer), std::string(message),
                            std::string(example), m_request_id, 1});
}

bool ResponseFindings::has(Severity severity) const noexcept {
  return std::any_of(m_items.begin(), m_items.end(),
                     [severity](const Finding &f) { return f.severity == severity; });
}

void Tally::add(const ResponseFindings &response) {
  ++m_checked;
  m_failures += response.has(Severity::fail) ? 1U : 0U;
  m_warnings += response.has(Severity::warn) ? 1U : 0U;
  std::array<bool, k_check_count> failed{};
  for (const Finding &f : response.items()) {
    add_finding(f, 1);
    failed[static_cast<std::size_t>(f.check)] |= f.severity == Severity::fail;
  }
  for (std::size_t i = 0; i < k_check_count; ++i) {
    m_failed_by_check[i] += failed[i] ? 1U : 0U;
  }
}

void Tally::merge(const Tally &other) {
  m_checked += other.m_checked;
  m_failures += other.m_failures;
  m_warnings += other.m_warnings;
  m_dropped += other.m_dropped;
  for (std::size_t i = 0; i < k_check_count; ++i) {
    m_failed_by_check[i] += other.m_failed_by_check[i];
  }
  for (const Finding &f : other.m_findings) {
    add_finding(f, f.count);
  }
}

Tally Tally::restore(const SavedTally &saved) {
  Tally out;
  out.m_checked = saved.checked;
  out.m_failures = saved.failures;
  out.m_warnings = saved.warnings;
  out.m_dropped = saved.dropped;
  for (const Finding &f : saved.findings) {
    out.add_finding(f, f.count);
  }
  for (const Finding &f : out.m_findings) {
    if (f.severity == Severity::fail) {
      std::uint64_t &failed = out.m_failed_by_check[static_cast<std::size_t>(f.check)];
      failed = std::min(std::max(failed, f.count), saved.failures);
    }
  }
  return out;
}

void Tally::add_finding(const Finding &finding, std::uint64_t count) {
  const auto it = std::find_if(m_findings.begin(), m_findings.end(), [&](const Finding &f) {
    return same_key(f, finding.check, finding.pointer);
  });
  if (it != m_findings.end()) {
    it->count += count;
    it->severity = std::max(it->severity, finding.severity);
    return;
  }
  if (m_findings.size() >= k_max_findings) {
    ++m_dropped;
    return;
  }
  m_findings.push_back(finding);
  m_findings.back().count = count;
}

std::vector<Finding> Tally::sorted_findings() const {
  std::vector<Finding> out = m_findings;
  std::sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) {
    return std::tuple(b.severity, b.count, a.check, a.pointer, a.request_id) <
           std::tuple(a.severity, a.count, b.check, b.pointer, b.request_id);
  });
  return out;
}

} // namespace chatbench::conformance
