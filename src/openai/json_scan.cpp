#include "openai/json_scan.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <system_error>
#include <vector>

namespace chatbench::openai::detail {
namespace {

constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

// Open containers of skip(): a bit per level, inline for the usual depths.
class DepthStack {
public:
  bool empty() const noexcept { return m_depth == 0; }
  bool top_is_object() const noexcept { return get(m_depth - 1); }
  void push(bool is_object) {
    if (m_depth < k_inline) {
      m_inline[m_depth] = is_object;
    } else {
      m_spill.push_back(is_object);
    }
    ++m_depth;
  }
  void pop() noexcept {
    --m_depth;
    if (m_depth >= k_inline) {
      m_spill.pop_back();
    }
  }

private:
  static constexpr std::size_t k_inline = 64;
  bool get(std::size_t i) const noexcept {
    return i < k_inline ? m_inline[i] : m_spill[i - k_inline];
  }
  std::array<bool, k_inline> m_inline; // written before read: no need to clear
  std::vector<bool> m_spill;
  std::size_t m_depth = 0;
};

// Whether a number whose conversion was out of range overflowed (|value| >= 1, hence about
// 1e308 or more) rather than underflowed. [int_begin, int_end) are the integer digits,
// [frac_begin, frac_end) the fraction digits, `exponent` the saturated exponent.
bool overflowed(const char *int_begin, const char *int_end, const char *frac_begin,
                const char *frac_end, long long exponent) noexcept {
  while (int_begin != int_end && *int_begin == '0') {
    ++int_begin;
  }
  if (int_begin != int_end) {
    return exponent + (int_end - int_begin) - 1 >= 0;
  }
  long long zeros = 0;
  while (frac_begin != frac_end && *frac_begin == '0') {
    ++frac_begin;
    ++zeros;
  }
  return exponent - zeros - 1 >= 0;
}

} // namespace

bool JsonScanner::begin() noexcept {
  if (!m_begun) {
    m_begun = true;
    if (m_pos != m_end && static_cast<unsigned char>(*m_pos) == 0xEF) {
      if (m_end - m_pos < 3 || std::memcmp(m_pos, "\xEF\xBB\xBF", 3) != 0) {
        return fail();
      }
      m_pos += 3;
    }
  }
  skip_ws();
  return !m_failed;
}

bool JsonScanner::finish() noexcept {
  skip_ws();
  // nlohmann's lexer reads a NUL byte as the end of input (for C strings), so whatever follows a
  // complete value and a NUL is ignored.
  return m_pos == m_end || *m_pos == '\0' ? !m_failed : fail();
}

void JsonScanner::skip_ws() noexcept {
  while (m_pos != m_end && (*m_pos == ' ' || *m_pos == '\n' || *m_pos == '\r' || *m_pos == '\t')) {
    ++m_pos;
  }
}

bool JsonScanner::expect(char c) noexcept {
  if (m_pos != m_end && *m_pos == c) {
    ++m_pos;
    return true;
  }
  return false;
}

ValueType JsonScanner::peek() noexcept {
  skip_ws();
  if (m_failed) {
    return ValueType::invalid;
  }
  if (m_pos == m_end) {
    return ValueType::end;
  }
  switch (*m_pos) {
  case '{':
    return ValueType::object;
  case '[':
    return ValueType::array;
  case '"':
    return ValueType::string;
  case 't':
  case 'f':
  case 'n':
    return ValueType::literal;
  default:
    return *m_pos == '-' || is_digit(*m_pos) ? ValueType::number : ValueType::invalid;
  }
}

bool JsonScanner::take_null() noexcept {
  skip_ws();
  if (m_end - m_pos >= 4 && std::memcmp(m_pos, "null", 4) == 0) {
    m_pos += 4;
    return true;
  }
  return false;
}

bool JsonScanner::literal() noexcept {
  const auto left = static_cast<std::size_t>(m_end - m_pos);
  for (const std::string_view word :
       {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
    if (left >= word.size() && std::memcmp(m_pos, word.data(), word.size()) == 0) {
      m_pos += word.size();
      return true;
    }
  }
  return fail();
}

bool JsonScanner::number(double *value) noexcept {
  skip_ws();
  return number_impl(value);
}

bool JsonScanner::number_impl(double *value) noexcept {
  const char *start = m_pos;
  if (m_pos != m_end && *m_pos == '-') {
    ++m_pos;
  }
  const char *int_begin = m_pos;
  if (m_pos == m_end || !is_digit(*m_pos)) {
    return fail();
  }
  if (*m_pos++ != '0') {
    while (m_pos != m_end && is_digit(*m_pos)) {
      ++m_pos;
    }
  }
  const char *int_end = m_pos;
  const char *frac_begin = m_pos;
  if (m_pos != m_end && *m_pos == '.') {
    frac_begin = ++m_pos;
    if (m_pos == m_end || !is_digit(*m_pos)) {
      return fail();
    }
    while (m_pos != m_end && is_digit(*m_pos)) {
      ++m_pos;
    }
  }
  const char *frac_end = m_pos;
  long long exponent = 0;
  bool has_exponent = false;
  if (m_pos != m_end && (*m_pos == 'e' || *m_pos == 'E')) {
    has_exponent = true;
    ++m_pos;
    bool negative = false;
    if (m_pos != m_end && (*m_pos == '+' || *m_pos == '-')) {
      negative = *m_pos++ == '-';
    }
    if (m_pos == m_end || !is_digit(*m_pos)) {
      return fail();
    }
    for (; m_pos != m_end && is_digit(*m_pos); ++m_pos) {
      if (exponent < 1'000'000'000) { // saturate: only the sign of the magnitude matters later
        exponent = exponent * 10 + (*m_pos - '0');
      }
    }
    exponent = negative ? -exponent : exponent;
  }
  // Only an exponent or some 309 digits can overflow; skip the conversion otherwise.
  if (value == nullptr && !has_exponent && m_pos - start < 300) {
    return true;
  }
  double converted = 0;
  const auto [end, ec] = std::from_chars(start, m_pos, converted);
  if (ec == std::errc::result_out_of_range) {
    if (overflowed(int_begin, int_end, frac_begin, frac_end, exponent)) {
      return fail(); // nlohmann: "number overflow"
    }
    converted = *start == '-' ? -0.0 : 0.0; // strtod's underflow result, which nlohmann keeps
  } else if (ec != std::errc() || end != m_pos) {
    return fail();
  }
  if (value != nullptr) {
    *value = converted;
  }
  return true;
}

bool JsonScanner::skip_scalar() noexcept {
  const char c = *m_pos;
  if (c == '"') {
    return string_impl(nullptr) || fail();
  }
  if (c == '-' || is_digit(c)) {
    return number_impl(nullptr);
  }
  return literal();
}

bool JsonScanner::skip() noexcept {
  skip_ws();
  if (m_pos != m_end && *m_pos != '{' && *m_pos != '[') {
    return skip_scalar(); // most skipped values; no stack needed
  }
  DepthStack stack;
  auto member_key = [this]() noexcept {
    skip_ws();
    if (m_pos == m_end || *m_pos != '"' || !string_impl(nullptr)) {
      return false;
    }
    skip_ws();
    return expect(':');
  };
  for (;;) {
    skip_ws();
    if (m_pos == m_end) {
      return fail();
    }
    const char c = *m_pos;
    if (c == '{' || c == '[') {
      ++m_pos;
      skip_ws();
      if (m_pos != m_end && *m_pos == (c == '{' ? '}' : ']')) {
        ++m_pos;
      } else {
        stack.push(c == '{');
        if (c == '{' && !member_key()) {
          return fail();
        }
        continue;
      }
    } else if (!skip_scalar()) {
      return false;
    }
    // A value is complete: close containers until one continues with ','.
    for (;;) {
      if (stack.empty()) {
        return true;
      }
      skip_ws();
      if (m_pos == m_end) {
        return fail();
      }
      const char d = *m_pos++;
      const bool in_object = stack.top_is_object();
      if (d == ',') {
        if (in_object && !member_key()) {
          return fail();
        }
        break;
      }
      if (d != (in_object ? '}' : ']')) {
        return fail();
      }
      stack.pop();
    }
  }
}

} // namespace chatbench::openai::detail
