#pragma once
// One JSON Schema (draft-07) compiled once with valijson and used to validate many documents.
// A schema file must be self-contained: `$ref`s point inside it ("#/definitions/..."), since
// no remote references are fetched.
//
// Thread-safety: a compiled Schema is immutable; validate() may run on many threads at once.
#include "util/result.hpp"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace valijson {
class Schema;
}

namespace chatbench::conformance {

/// One reason a document does not match.
struct Violation {
  std::string pointer; ///< RFC 6901 pointer to the offending value ("" = the document)
  std::string message; ///< valijson's description, e.g. "Missing required property 'id'."
};

class Schema {
public:
  /// Parses and compiles `text`; ErrorCode::invalid_argument naming `name` when it is not JSON
  /// or not a schema valijson accepts.
  static Result<std::shared_ptr<const Schema>> compile(std::string_view text,
                                                       std::string_view name);
  ~Schema();
  Schema(const Schema &) = delete;
  Schema &operator=(const Schema &) = delete;

  /// True when `document` matches. Otherwise appends the violations to `out`, deepest first
  /// and at most one per pointer; a missing required property is reported at its own pointer
  /// ("/created", not "").
  bool validate(const nlohmann::json &document, std::vector<Violation> &out) const;

  const std::string &name() const noexcept { return m_name; }

private:
  Schema() = default;

  std::string m_name;
  std::unique_ptr<valijson::Schema> m_schema;
};

} // namespace chatbench::conformance
