#pragma once
// Findings: what a check found wrong in one response, and their tally over a run.
//
// A finding names its check, its severity (from the profile, capped by the run's conformance
// level), a JSON pointer into the document it concerns (the body, or the chunk for stream
// checks; "" for the whole response), a message, an example of the offending value and the
// request it was first seen in. Within one response, findings are deduplicated by
// (check, pointer): a field missing from every chunk of a stream is one finding. Over a run
// (Tally), `count` is the number of responses a finding occurred in.
//
// Thread-safety: none; one ResponseFindings per in-flight request and one Tally per worker,
// merged after the run.
#include "conformance/check.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::conformance {

class Profile;

struct Finding {
  Check check = Check::status_code;
  Severity severity = Severity::fail;
  std::string pointer;          ///< RFC 6901, into the body or chunk; "" = the whole response
  std::string message;          ///< what is wrong, one sentence
  std::string example;          ///< the offending value, shortened; "" when there is none
  std::uint64_t request_id = 0; ///< where it was first seen
  std::uint64_t count = 1;      ///< responses it occurred in (1 within one response)
};

/// The findings of one response.
class ResponseFindings {
public:
  /// Severities come from `profile` and are capped at `cap` (the run's conformance level:
  /// Severity::warn turns failures into warnings). `profile` must outlive this object.
  ResponseFindings(const Profile &profile, Severity cap) : m_profile(&profile), m_cap(cap) {}

  /// Starts over for another response.
  void reset(std::uint64_t request_id) noexcept;

  /// True when a finding of `check` at `pointer` would be recorded (its severity is not off and
  /// it is not already there): lets callers skip building a message.
  bool wants(Check check, std::string_view pointer) const noexcept;
  /// Records a finding unless wants() is false.
  void add(Check check, std::string_view pointer, std::string_view message,
           std::string_view example = {});

  std::uint64_t request_id() const noexcept { return m_request_id; }
  const std::vector<Finding> &items() const noexcept { return m_items; }
  bool has(Severity severity) const noexcept;
  const Profile &profile() const noexcept { return *m_profile; }

private:
  Severity severity_of(Check check) const noexcept;

  const Profile *m_profile;
  Severity m_cap;
  std::uint64_t m_request_id = 0;
  std::vector<Finding> m_items;
};

/// What report.json keeps of a Tally (`targets[].conformance`), to restore one from it.
struct SavedTally {
  std::uint64_t checked = 0;
  std::uint64_t failures = 0;
  std::uint64_t warnings = 0;
  std::uint64_t dropped = 0;
  std::vector<Finding> findings; ///< each with its count of responses
};

/// The findings of many responses: what report.json shows under `targets[].conformance`.
class Tally {
public:
  /// Distinct (check, pointer) findings kept; more are counted in dropped().
  static constexpr std::size_t k_max_findings = 256;

  /// A tally with `saved`'s counts and findings (deduplicated by (check, pointer) and capped at
  /// k_max_findings as merge() does), for re-rendering a saved run. failed(check) is not saved:
  /// it is restored as the largest count of a failing finding of that check, capped at
  /// failures(): exact when the check's failing findings share one pointer or occurred in the
  /// same responses, a lower bound when different pointers failed in different responses or
  /// findings were dropped.
  static Tally restore(const SavedTally &saved);

  /// One more checked response and its findings.
  void add(const ResponseFindings &response);
  /// Adds another tally (another worker's), as if its responses had been added here.
  void merge(const Tally &other);

  std::uint64_t checked() const noexcept { return m_checked; }
  /// Responses with at least one finding of severity fail.
  std::uint64_t failures() const noexcept { return m_failures; }
  /// Responses with at least one warning (and possibly failures too).
  std::uint64_t warnings() const noexcept { return m_warnings; }
  /// Responses with at least one failing finding of `check`.
  std::uint64_t failed(Check check) const noexcept {
    return m_failed_by_check[static_cast<std::size_t>(check)];
  }
  /// Distinct findings that did not fit in k_max_findings.
  std::uint64_t dropped() const noexcept { return m_dropped; }
  /// Failures first, then by count (descending), then by check and pointer.
  std::vector<Finding> sorted_findings() const;
  const std::vector<Finding> &findings() const noexcept { return m_findings; }

private:
  void add_finding(const Finding &finding, std::uint64_t count);

  std::uint64_t m_checked = 0;
  std::uint64_t m_failures = 0;
  std::uint64_t m_warnings = 0;
  std::uint64_t m_dropped = 0;
  std::array<std::uint64_t, k_check_count> m_failed_by_check{};
  std::vector<Finding> m_findings;
};

} // namespace chatbench::conformance
