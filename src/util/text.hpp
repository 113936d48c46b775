#pragma once
// Small text helpers for user-facing messages. Pure functions, thread-safe.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace chatbench::util {

/// Edit distance (insertions, deletions, substitutions, adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a likely typo (distance at most
/// max(1, size/3)); ties go to the earlier candidate. Used for "did you mean" hints.
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);

/// The hint a message about an unknown `word` ends with: "; did you mean \"x\"?" when
/// closest_match finds a candidate, else `otherwise` ("; expected one of ...", or nothing).
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates,
                         std::string_view otherwise = "");

/// ASCII case-insensitive comparisons, for HTTP header names and similar tokens.
bool iequals(std::string_view a, std::string_view b) noexcept;
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) noexcept;

/// Appends `text` as a JSON string literal (quotes, backslashes and control characters escaped;
/// other bytes, UTF-8 included, as they are).
void append_json_string(std::string &out, std::string_view text);

/// `text` as a JSON string literal, shortened to about `max_chars` with "..." when longer.
std::string quoted(std::string_view text, std::size_t max_chars = 60);

/// "a", "a or b", "a, b or c": for "expected one of" messages; each item quoted.
std::string one_of(std::span<const std::string_view> items);

} // namespace chatbench::util
