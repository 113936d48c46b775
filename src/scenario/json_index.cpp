#include "scenario/json_index.hpp"

#include <algorithm>

namespace chatbench::scenario {

std::string pointer_append(const std::string &pointer, std::string_view token) {
  std::string out = pointer;
  out += '/';
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// A recursive descent over the text that records offsets; it trusts the text to be JSON (with
// comments) and only guards against running off the end.
class JsonIndexBuilder {
public:
  JsonIndexBuilder(std::string_view text, JsonIndex &index) : m_text(text), m_index(index) {}

  void value(const std::string &pointer, std::size_t key_offset, int depth) {
    skip_space();
    if (m_pos >= m_text.size() || depth > 256) {
      return;
    }
    auto [it, inserted] = m_index.m_entries.try_emplace(pointer);
    if (!inserted) {
      m_index.m_duplicates.push_back(
          {pointer, m_index.position(it->second.key_offset), m_index.position(key_offset)});
    }
    it->second = {key_offset, m_pos};
    const char c = m_text[m_pos];
    if (c == '{') {
      object(pointer, depth);
    } else if (c == '[') {
      array(pointer, depth);
    } else if (c == '"') {
      skip_string();
    } else {
      while (m_pos < m_text.size() &&
             std::string_view(",]} \t\r\n/").find(m_text[m_pos]) == std::string_view::npos) {
        ++m_pos;
      }
    }
  }

private:
  void object(const std::string &pointer, int depth) {
    ++m_pos; // '{'
    for (;;) {
      skip_space();
      if (m_pos >= m_text.size() || m_text[m_pos] == '}') {
        ++m_pos;
        return;
      }
      if (m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      const std::size_t key_offset = m_pos;
      const std::string key = read_string();
      skip_space();
      if (m_pos < m_text.size() && m_text[m_pos] == ':') {
        ++m_pos;
      }
      value(pointer_append(pointer, key), key_offset, depth + 1);
    }
  }

  void array(const std::string &pointer, int depth) {
    ++m_pos; // '['
    std::size_t index = 0;
    for (;;) {
      skip_space();
      if (m_pos >= m_text.size() || m_text[m_pos] == ']') {
        ++m_pos;
        return;
      }
      if (m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      const std::size_t before = m_pos;
      value(pointer + "/" + std::to_string(index++), m_pos, depth + 1);
      if (m_pos == before) {
        ++m_pos; // never loop on unexpected input
      }
    }
  }

  // Keys are decoded only as far as pointers need: escapes other than \uXXXX are resolved, a
  // \uXXXX escape is kept verbatim (scenario keys are ASCII).
  std::string read_string() {
    std::string out;
    if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
      return out;
    }
    ++m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != '"') {
      char c = m_text[m_pos++];
      if (c == '\\' && m_pos < m_text.size()) {
        c = m_text[m_pos++];
        switch (c) {
        case 'n':
          c = '\n';
          break;
        case 't':
          c = '\t';
          break;
        case 'r':
          c = '\r';
          break;
        case 'b':
          c = '\b';
          break;
        case 'f':
          c = '\f';
          break;
        case 'u':
          out += "\\u";
          continue;
        default:
          break;
        }
      }
      out += c;
    }
    ++m_pos; // closing quote
    return out;
  }

  void skip_string() {
    ++m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != '"') {
      m_pos += m_text[m_pos] == '\\' ? std::size_t{2} : std::size_t{1};
    }
    ++m_pos;
  }

  void skip_space() {
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++m_pos;
      } else if (c == '/' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '/') {
        while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
          ++m_pos;
        }
      } else if (c == '/' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '*') {
        const std::size_t end = m_text.find("*/", m_pos + 2);
        m_pos = end == std::string_view::npos ? m_text.size() : end + 2;
      } else {
        return;
      }
    }
  }

  std::string_view m_text;
  JsonIndex &m_index;
  std::size_t m_pos = 0;
};

JsonIndex JsonIndex::build(std::string_view text) {
  JsonIndex index;
  index.m_line_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      index.m_line_starts.push_back(i + 1);
    }
  }
  JsonIndexBuilder builder(text, index);
  builder.value("", std::string::npos, 0);
  return index;
}

TextPosition JsonIndex::position(std::size_t offset) const {
  if (offset == std::string::npos) {
    return {};
  }
  const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  const auto line = static_cast<std::size_t>(it - m_line_starts.begin());
  return {line, offset - m_line_starts[line - 1] + 1};
}

TextPosition JsonIndex::position_of(std::string_view text, std::size_t offset) {
  TextPosition p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

std::optional<TextPosition> JsonIndex::value_position(const std::string &pointer) const {
  const auto it = m_entries.find(pointer);
  if (it == m_entries.end()) {
    return std::nullopt;
  }
  return position(it->second.value_offset);
}

std::optional<TextPosition> JsonIndex::key_position(const std::string &pointer) const {
  const auto it = m_entries.find(pointer);
  if (it == m_entries.end()) {
    return std::nullopt;
  }
  return position(it->second.key_offset != std::string::npos ? it->second.key_offset
                                                             : it->second.value_offset);
}

} // namespace chatbench::scenario
