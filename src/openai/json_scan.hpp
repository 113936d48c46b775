#pragma once
// Internal to the openai module: a validating, allocation-free JSON reader over one buffer, for
// the hot-path chunk and response classifiers (chunk.cpp, response.cpp). It accepts exactly the
// texts nlohmann::json::parse accepts: RFC 8259 grammar, a UTF-8 byte order mark only as the first
// byte, strings that are well-formed UTF-8 with valid escapes (surrogates paired), control
// characters escaped, and numbers whose value does not overflow a double (nlohmann rejects 1e400;
// underflow gives 0), and, as nlohmann does, a NUL byte after the value ends the input. Nesting
// depth is unlimited (containers that are skipped use a heap stack only past 64 levels). The fuzz
// target fuzz_openai_chunk checks the agreement.
//
// The reader is a cursor: callers walk the structure they care about with object() / array() and
// skip() the rest. Every method returns false once the text is invalid, and the cursor stays
// failed. Not thread-safe; one per call, on the stack.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace chatbench::openai::detail {

/// A string value as read: its decoded (UTF-8) length, and its first `k_capacity` decoded bytes
/// (enough for the keys and enum words the classifiers compare).
struct ScannedString {
  static constexpr std::size_t k_capacity = 32;
  std::size_t decoded_bytes = 0;
  char head[k_capacity] = {};

  /// The decoded text when it fit; otherwise a view that equals no key of ours.
  std::string_view text() const noexcept {
    return decoded_bytes <= k_capacity ? std::string_view(head, decoded_bytes)
                                       : std::string_view("\x01(long)");
  }
};

enum class ValueType : std::uint8_t { object, array, string, number, literal, end, invalid };

class JsonScanner {
public:
  explicit JsonScanner(std::string_view text) noexcept
      : m_pos(text.data()), m_end(text.data() + text.size()) {}

  /// Skips a leading byte order mark (only at the very start, as nlohmann does) and whitespace.
  bool begin() noexcept;
  /// True when only whitespace remains (call after the top-level value).
  bool finish() noexcept;
  bool failed() const noexcept { return m_failed; }

  /// The type of the value at the cursor (after whitespace), without consuming it. `literal` is
  /// true, false or null; `end` is the end of input.
  ValueType peek() noexcept;
  /// The value at the cursor is `null`; consumes it when it is.
  bool take_null() noexcept;

  /// Reads an object at the cursor; for each member calls `on_member(key)`, which must consume the
  /// value (typed reads or skip()) and return false to abort. Duplicate keys are reported as many
  /// times as they occur (nlohmann keeps the last value).
  template <class F> bool object(F &&on_member) noexcept;
  /// Reads an array at the cursor; calls `on_element()` for each element, which must consume it.
  template <class F> bool array(F &&on_element) noexcept;

  /// Reads a string at the cursor.
  bool string(ScannedString &out) noexcept;
  /// Reads a number at the cursor; its value, when `value` is not null.
  bool number(double *value) noexcept;
  /// Skips one value of any type, validating it (iteratively: deep nesting is fine).
  bool skip() noexcept;

private:
  bool fail() noexcept {
    m_failed = true;
    return false;
  }
  void skip_ws() noexcept;
  bool expect(char c) noexcept;
  bool literal() noexcept;
  bool skip_scalar() noexcept;
  bool escape(ScannedString *out) noexcept;
  bool utf8(ScannedString *out) noexcept;
  bool string_impl(ScannedString *out) noexcept;
  bool number_impl(double *value) noexcept;
  void put(ScannedString *out, const char *bytes, std::size_t n) noexcept;

  const char *m_pos;
  const char *m_end;
  bool m_failed = false;
  bool m_begun = false;
};

template <class F> bool JsonScanner::object(F &&on_member) noexcept {
  if (!expect('{')) {
    return fail();
  }
  skip_ws();
  if (m_pos != m_end && *m_pos == '}') {
    ++m_pos;
    return true;
  }
  ScannedString key;
  for (;;) {
    skip_ws();
    if (m_pos == m_end || *m_pos != '"' || !string_impl(&key)) {
      return fail();
    }
    skip_ws();
    if (!expect(':')) {
      return fail();
    }
    skip_ws();
    if (!on_member(key.text()) || m_failed) {
      return fail();
    }
    skip_ws();
    if (m_pos == m_end) {
      return fail();
    }
    const char c = *m_pos++;
    if (c == '}') {
      return true;
    }
    if (c != ',') {
      return fail();
    }
  }
}

template <class F> bool JsonScanner::array(F &&on_element) noexcept {
  if (!expect('[')) {
    return fail();
  }
  skip_ws();
  if (m_pos != m_end && *m_pos == ']') {
    ++m_pos;
    return true;
  }
  for (;;) {
    skip_ws();
    if (!on_element() || m_failed) {
      return fail();
    }
    skip_ws();
    if (m_pos == m_end) {
      return fail();
    }
    const char c = *m_pos++;
    if (c == ']') {
      return true;
    }
    if (c != ',') {
      return fail();
    }
  }
}

} // namespace chatbench::openai::detail
