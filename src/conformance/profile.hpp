#pragma once
// A provider profile: what one provider's documentation (its seed) promises about the
// chat-completions exchange, read from schemas/<name>/profile.json and its JSON Schemas (compiled
// into the binary, see conformance/embedded.hpp; schemas/README.md explains how each was derived).
//
// A profile holds: the request schema; per documented status, a schema per media type
// ("application/json"; "text/event-stream" for the chunks of a streamed 200), plus an optional
// "default" for statuses the seed does not list; the finish_reasons a finished choice may carry;
// the integral-number policy; a severity per check (fail unless the profile tolerates a quirk;
// integral_number_conformance defaults to warn, as a fraction there is a type nit, not a defect);
// and notes giving the reason for every tolerance and deviation.
//
// Thread-safety: a loaded Profile is immutable and shared by all workers.
#include "conformance/check.hpp"
#include "conformance/schema.hpp"
#include "util/result.hpp"

#include <array>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::conformance {

/// What a seed types as a whole number (created, choices[].index, usage counts).
enum class IntegralPolicy : std::uint8_t {
  require,         ///< the schemas say integer: a fraction is a schema violation
  warn_fractional, ///< the schemas say number (seed 002's doubles): a fraction is a warning
};

/// The schemas of one documented status.
struct StatusSchemas {
  std::shared_ptr<const Schema> json;         ///< "application/json" body; may be null
  std::shared_ptr<const Schema> event_stream; ///< "text/event-stream" chunk; may be null
  std::vector<std::string> media_types;       ///< as documented, e.g. {"application/json"}
};

class Profile {
public:
  /// Loads and compiles schemas/<name>/profile.json and the schemas it names from the embedded
  /// files. ErrorCode::invalid_argument naming the file and field when anything is missing or
  /// malformed, or for an unknown name.
  static Result<std::shared_ptr<const Profile>> load(std::string_view name);

  /// The names with a profile.json, sorted.
  static std::vector<std::string> names();

  const std::string &name() const noexcept { return m_name; }
  const std::string &title() const noexcept { return m_title; }
  const std::string &source() const noexcept { return m_source; }
  const Schema *request_schema() const noexcept { return m_request.get(); }
  /// The top-level properties the request schema documents ("model", "temperature", ...).
  std::span<const std::string> request_properties() const noexcept { return m_request_properties; }
  bool documents_request_property(std::string_view name) const noexcept;

  /// The entry for `status`, else the "default" entry, else nullptr (undocumented).
  const StatusSchemas *responses(int status) const noexcept;
  /// `status` has its own entry (not only the default).
  bool documents(int status) const noexcept { return m_statuses.contains(status); }
  /// The statuses with their own entry, ascending.
  std::vector<int> documented_statuses() const;
  bool streams() const noexcept;

  std::span<const std::string> finish_reasons() const noexcept { return m_finish_reasons; }
  bool finish_reason_allowed(std::string_view reason) const noexcept;
  /// A finished choice of a non-streamed body may carry finish_reason null.
  bool finish_reason_nullable() const noexcept { return m_finish_reason_nullable; }
  IntegralPolicy integral_numbers() const noexcept { return m_integral; }
  Severity severity(Check check) const noexcept {
    return m_severity[static_cast<std::size_t>(check)];
  }
  std::span<const std::string> notes() const noexcept { return m_notes; }

private:
  Profile() {
    m_severity.fill(Severity::fail);
    m_severity[static_cast<std::size_t>(Check::integral_number)] = Severity::warn;
  }
  friend struct ProfileReader;

  std::string m_name;
  std::string m_title;
  std::string m_source;
  std::shared_ptr<const Schema> m_request;
  std::vector<std::string> m_request_properties;
  std::map<int, StatusSchemas> m_statuses;
  std::unique_ptr<StatusSchemas> m_default;
  std::vector<std::string> m_finish_reasons;
  bool m_finish_reason_nullable = false;
  IntegralPolicy m_integral = IntegralPolicy::require;
  std::array<Severity, k_check_count> m_severity{};
  std::vector<std::string> m_notes;
};

} // namespace chatbench::conformance
