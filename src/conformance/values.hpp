#pragma once
// Checks shared by whole bodies and stream chunks: schema violations as findings, the
// finish_reason value rule, usage arithmetic, the integral-number policy, and short examples of
// offending values. Used by response_check.cpp and stream_check.cpp.
#include "conformance/finding.hpp"
#include "conformance/schema.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace chatbench::conformance {

/// A short rendering of `value` for a finding's example: strings quoted and shortened, numbers
/// and literals as JSON, containers summarised ("{3 keys}", "[2 items]").
std::string example_of(const nlohmann::json &value);
/// The value at `pointer` in `document` rendered by example_of, "" when there is none.
std::string example_at(const nlohmann::json &document, std::string_view pointer);
/// `text` quoted and shortened for an example.
std::string example_text(std::string_view text);

/// Validates `document` and records each violation as a finding of `check`.
void add_schema_findings(const Schema &schema, const nlohmann::json &document, Check check,
                         ResponseFindings &findings);

/// A finish_reason value of a finished choice: a string the profile allows (or null where it
/// allows null).
void check_finish_value(const nlohmann::json &reason, const std::string &pointer, bool null_ok,
                        ResponseFindings &findings);

/// `usage` (an object): total_tokens = prompt_tokens + completion_tokens when all three are
/// numbers. `pointer` is where usage sits ("/usage").
void check_usage_sum(const nlohmann::json &usage, ResponseFindings &findings);

/// Under IntegralPolicy::warn_fractional: created, choices[].index and the usage counts of
/// `document` (a body or a chunk) must be whole numbers.
void check_integral(const nlohmann::json &document, ResponseFindings &findings);

/// Tool-call arguments: "" or a JSON text.
bool arguments_are_json(std::string_view arguments) noexcept;

} // namespace chatbench::conformance
