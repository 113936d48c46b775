#pragma once
// Typed, diagnosing access to a JSON document while decoding a scenario. Every problem is
// recorded as a Diagnostic (JSON pointer + message saying what was expected and what was found)
// and decoding goes on, so one pass reports every mistake in a file. Unknown keys are reported
// with a "did you mean" suggestion from the keys the object allows. Not thread-safe; one Decoder
// per document.
#include "util/units.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::scenario {

struct Diagnostic {
  std::string pointer; ///< RFC 6901 pointer to the offending value or key
  std::string message; ///< "expected ..., found ..." or similar
  bool at_key = false; ///< point at the key (unknown keys) rather than the value
};

/// Collects diagnostics for one document.
class Decoder {
public:
  void error(std::string pointer, std::string message, bool at_key = false) {
    m_diagnostics.push_back({std::move(pointer), std::move(message), at_key});
  }
  bool ok() const { return m_diagnostics.empty(); }
  const std::vector<Diagnostic> &diagnostics() const { return m_diagnostics; }

private:
  std::vector<Diagnostic> m_diagnostics;
};

/// "string \"abc\"", "number 5", "true", "null", "an array of 3", "an object": for messages.
std::string describe(const nlohmann::json &value);

/// Reads the members of one JSON object. Construction reports a non-object value and every key
/// not in `allowed` (with a suggestion). Getters return nullopt when the key is absent or its
/// value is wrong; in the latter case a diagnostic is recorded.
class ObjectReader {
public:
  ObjectReader(Decoder &decoder, const nlohmann::json &value, std::string pointer,
               std::span<const std::string_view> allowed);

  bool is_object() const { return m_object != nullptr; }
  const std::string &pointer() const { return m_pointer; }
  Decoder &decoder() const { return m_decoder; }
  /// The pointer of member `key`.
  std::string at(std::string_view key) const;
  /// The member's value or nullptr when absent.
  const nlohmann::json *get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key) != nullptr; }
  /// Like get(), but a missing key is reported.
  const nlohmann::json *require(std::string_view key) const;
  void error(std::string_view key, std::string message) const;

  std::optional<std::string> string(std::string_view key, bool required = false) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<double> number(std::string_view key, double min, double max) const;
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min,
                                      std::int64_t max) const;
  /// A string with a unit ("250ms"); must be > 0 unless `allow_zero`.
  std::optional<std::chrono::nanoseconds> duration(std::string_view key,
                                                   bool allow_zero = false) const;
  /// A rate string ("50/s") or a plain number per second.
  std::optional<double> rate(std::string_view key) const;
  /// A whole number or a count string ("10k"), within [min, max].
  std::optional<std::uint64_t> count(std::string_view key, std::uint64_t min,
                                     std::uint64_t max) const;
  /// A fraction: "5%" or a number in [0, 1].
  std::optional<double> fraction(std::string_view key) const;
  /// One of `options`; a near miss gets a suggestion.
  std::optional<std::string> choice(std::string_view key,
                                    std::span<const std::string_view> options) const;

private:
  Decoder &m_decoder;
  const nlohmann::json *m_object = nullptr;
  std::string m_pointer;
};

/// `value` if it is one of `options`; otherwise reports it (with a suggestion for a near miss).
std::optional<std::string> choose(Decoder &decoder, const nlohmann::json &value,
                                  const std::string &pointer,
                                  std::span<const std::string_view> options);

/// A rate (as ObjectReader::rate reads a member) or a whole number in [min, max] (as
/// ObjectReader::integer), read from any value, such as an array item at `pointer`.
std::optional<double> read_rate(Decoder &decoder, const nlohmann::json &value,
                                const std::string &pointer);
std::optional<std::int64_t> read_integer(Decoder &decoder, const nlohmann::json &value,
                                         const std::string &pointer, std::int64_t min,
                                         std::int64_t max);

/// Reports "expected <what>, found <describe(value)>" at `pointer`.
void expected(Decoder &decoder, const std::string &pointer, std::string_view what,
              const nlohmann::json &value);

} // namespace chatbench::scenario
