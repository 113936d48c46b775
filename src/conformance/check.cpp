#include "conformance/check.hpp"

#include <array>

namespace chatbench::conformance {
namespace {

constexpr std::array<std::string_view, k_check_count> k_names{
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "error_schema_conformance",
    "finish_reason_conformance",
    "usage_conformance",
    "integral_number_conformance",
    "sse_framing_conformance",
    "chunk_schema_conformance",
    "stream_termination_conformance",
    "stream_consistency_conformance",
    "tool_call_conformance",
    "stream_error_event",
    "positive_data_acceptance",
    "negative_data_rejection",
    "ignored_auth",
};

constexpr std::array<std::string_view, 3> k_severities{"off", "warn", "fail"};

} // namespace

std::string_view to_string(Check check) noexcept {
  const auto i = static_cast<std::size_t>(check);
  return i < k_names.size() ? k_names[i] : "unknown";
}

std::optional<Check> check_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < k_names.size(); ++i) {
    if (k_names[i] == name) {
      return static_cast<Check>(i);
    }
  }
  return std::nullopt;
}

std::string_view to_string(Severity severity) noexcept {
  const auto i = static_cast<std::size_t>(severity);
  return i < k_severities.size() ? k_severities[i] : "unknown";
}

std::optional<Severity> severity_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < k_severities.size(); ++i) {
    if (k_severities[i] == name) {
      return static_cast<Severity>(i);
    }
  }
  return std::nullopt;
}

} // namespace chatbench::conformance
