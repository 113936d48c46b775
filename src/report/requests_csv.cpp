#include "report/requests_csv.hpp"

#include "report/json_report.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
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
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end;
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) {
      continue;
    }
    const ordered row = ordered::parse(line, nullptr, false);
    if (row.is_discarded() || !row.is_object()) {
      ++c.skipped;
      continue;
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
  }
  if (counts != nullptr) {
    *counts = c;
  }
  return out;
}

Result<CsvCounts> write_requests_csv(const std::string &jsonl_path, const std::string &csv_path) {
  std::ifstream in(jsonl_path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::io, "cannot read " + jsonl_path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  CsvCounts counts;
  const std::string csv = jsonl_to_csv(text.str(), &counts);
  if (Result<void> written = write_text_file(csv_path, csv); !written) {
    return Unexpected(written.error());
  }
  return counts;
}

} // namespace chatbench::report
