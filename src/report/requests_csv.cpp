#include "report/requests_csv.hpp"

#include "report/json_report.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace chatbench::report {
namespace {

using ordered = nlohmann::ordered_json;

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
void append_field(std::string &out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (const char c : field) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
}

std::string cell(const ordered &value) {
  if (value.is_null()) {
    return "";
  }
  if (value.is_string()) {
    return value.get<std::string>();
  }
  return value.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

} // namespace

std::string jsonl_to_csv(std::string_view text, CsvCounts *counts) {
  CsvCounts c;
  std::string out;
  std::vector<std::string> columns;
  for_each_line(text, [&](std::string_view line) {
    const ordered row = ordered::parse(line, nullptr, false);
    if (row.is_discarded() || !row.is_object()) {
      ++c.skipped;
      return;
    }
    if (columns.empty()) {
      for (const auto &[key, value] : row.items()) {
        columns.push_back(key);
        append_field(out, key);
        out += ',';
      }
      out.back() = '\n';
    }
    for (const std::string &column : columns) {
      const auto it = row.find(column);
      append_field(out, it == row.end() ? std::string() : cell(*it));
      out += ',';
    }
    out.back() = '\n';
    ++c.rows;
  });
  if (counts != nullptr) {
    *counts = c;
  }
  return out;
}

} // namespace chatbench::report
