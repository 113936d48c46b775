#pragma once
// Where each key and value of a JSON text sits (line and column), by JSON pointer, so that a
// scenario error can name "file.json:12:5". nlohmann/json 3.11 keeps no source positions, hence
// this small scanner. It also finds duplicate keys, which nlohmann silently collapses.
// Input: text that nlohmann accepted with comments allowed (// and /* */). On other input the
// index is partial but building never fails or reads out of bounds. Immutable once built.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chatbench::scenario {

struct TextPosition {
  std::size_t line = 1;   ///< 1-based
  std::size_t column = 1; ///< 1-based, in bytes
};

class JsonIndex {
public:
  struct Duplicate {
    std::string pointer; ///< the key that appears twice
    TextPosition first;
    TextPosition second;
  };

  static JsonIndex build(std::string_view text);

  /// Position of the value at `pointer` ("" = the document), if the text has it.
  std::optional<TextPosition> value_position(const std::string &pointer) const;
  /// Position of the key naming `pointer` (for object members), else of its value.
  std::optional<TextPosition> key_position(const std::string &pointer) const;
  const std::vector<Duplicate> &duplicates() const { return m_duplicates; }

  /// Line and column of a byte offset into `text`.
  static TextPosition position_of(std::string_view text, std::size_t offset);

private:
  struct Entry {
    std::size_t key_offset = std::string::npos;
    std::size_t value_offset = 0;
  };
  TextPosition position(std::size_t offset) const;

  std::vector<std::size_t> m_line_starts;
  std::unordered_map<std::string, Entry> m_entries;
  std::vector<Duplicate> m_duplicates;
  friend class JsonIndexBuilder;
};

/// Appends `token` to a JSON pointer with RFC 6901 escaping ("~" -> "~0", "/" -> "~1").
std::string pointer_append(const std::string &pointer, std::string_view token);

} // namespace chatbench::scenario
