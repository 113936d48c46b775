#pragma once
// requests.csv: requests.jsonl as a table for spreadsheets and pandas, one row per request with
// the same columns in the same order (the keys of run/request_log.hpp), RFC 4180 quoting, null
// as an empty cell. Converted after the run from the JSONL file, so it holds exactly what that
// file holds; a line that does not parse (a crash cut it) is skipped and counted.

#include <cstdint>
#include <string>
#include <string_view>

namespace chatbench::report {

/// Lines converted and lines skipped.
struct CsvCounts {
  std::uint64_t rows = 0;
  std::uint64_t skipped = 0;
};

/// Converts JSON-lines `text` (objects with the same keys) into CSV text.
std::string jsonl_to_csv(std::string_view text, CsvCounts *counts = nullptr);

} // namespace chatbench::report
