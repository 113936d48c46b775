#pragma once
// A JSON Schema file compiled once with valijson, for tests that check documents against the
// project's schemas (scenario.schema.json, report.schema.json).
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace chatbench::test_support {

class JsonSchema {
public:
  /// Parses and compiles the schema at `path`; throws (failing the test) when it cannot.
  explicit JsonSchema(const std::filesystem::path &path)
      : m_document(nlohmann::json::parse(std::ifstream(path))),
        m_schema(std::make_unique<valijson::Schema>()) {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(m_document);
    parser.populateSchema(adapter, *m_schema);
  }

  /// "" when `document` is valid, else one line per error: the JSON path and the description.
  std::string errors_of(const nlohmann::json &document) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    if (validator.validate(*m_schema, adapter, &results)) {
      return "";
    }
    std::string out;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      for (const std::string &c : error.context) {
        out += c;
      }
      out += ": " + error.description + "\n";
    }
    return out;
  }

  const nlohmann::json &document() const noexcept { return m_document; }

private:
  nlohmann::json m_document;
  std::unique_ptr<valijson::Schema> m_schema;
};

} // namespace chatbench::test_support
