// The string half of json_scan.hpp: strings, escapes and UTF-8 validation.
#include "openai/json_scan.hpp"

#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chatbench::openai::detail {
namespace {

// Bytes a string may contain as they are: printable ASCII except '"' and '\'.
constexpr std::array<bool, 256> make_plain() {
  std::array<bool, 256> plain{};
  for (std::size_t c = 0x20; c < 0x80; ++c) {
    plain[c] = c != '"' && c != '\\';
  }
  return plain;
}
constexpr std::array<bool, 256> k_plain = make_plain();

// The first byte in [p, end) that a string cannot hold as it is ('"', '\\', a control character or
// a non-ASCII byte), or end. String bytes are most of a chunk, so 16 at a time where SSE2 exists.
const char *skip_plain(const char *p, const char *end) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" also catches them.
    const __m128i special =
        _mm_or_si128(_mm_cmplt_epi8(v, space),
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) {
      return p + std::countr_zero(static_cast<unsigned>(mask));
    }
    p += 16;
  }
#endif
  while (p != end && k_plain[static_cast<unsigned char>(*p)]) {
    ++p;
  }
  return p;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// The byte a one-letter escape stands for, or 0 when the letter is no escape ('u' included).
char simple_escape(char c) noexcept {
  switch (c) {
  case '"':
  case '\\':
  case '/':
    return c;
  case 'b':
    return '\b';
  case 'f':
    return '\f';
  case 'n':
    return '\n';
  case 'r':
    return '\r';
  case 't':
    return '\t';
  default:
    return 0;
  }
}

// Four hex digits at `pos` as a value, advancing `pos`; -1 when they are not there.
long hex4(const char *&pos, const char *end) noexcept {
  if (end - pos < 4) {
    return -1;
  }
  long value = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = hex_value(*pos++);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

// The UTF-8 bytes of a code point below 0x110000; their count.
std::size_t encode_utf8(unsigned long u, char (&bytes)[4]) noexcept {
  std::size_t n = 0;
  if (u < 0x80) {
    bytes[n++] = static_cast<char>(u);
  } else if (u < 0x800) {
    bytes[n++] = static_cast<char>(0xC0 | (u >> 6));
    bytes[n++] = static_cast<char>(0x80 | (u & 0x3F));
  } else if (u < 0x10000) {
    bytes[n++] = static_cast<char>(0xE0 | (u >> 12));
    bytes[n++] = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    bytes[n++] = static_cast<char>(0x80 | (u & 0x3F));
  } else {
    bytes[n++] = static_cast<char>(0xF0 | (u >> 18));
    bytes[n++] = static_cast<char>(0x80 | ((u >> 12) & 0x3F));
    bytes[n++] = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    bytes[n++] = static_cast<char>(0x80 | (u & 0x3F));
  }
  return n;
}

} // namespace

void JsonScanner::put(ScannedString *out, const char *bytes, std::size_t n) noexcept {
  if (out == nullptr) {
    return;
  }
  if (out->decoded_bytes < ScannedString::k_capacity) {
    const std::size_t room = ScannedString::k_capacity - out->decoded_bytes;
    std::memcpy(out->head + out->decoded_bytes, bytes, n < room ? n : room);
  }
  out->decoded_bytes += n;
}

bool JsonScanner::string(ScannedString &out) noexcept {
  skip_ws();
  if (m_pos == m_end || *m_pos != '"') {
    return fail();
  }
  return string_impl(&out);
}

bool JsonScanner::string_impl(ScannedString *out) noexcept {
  ++m_pos; // the opening quote
  if (out != nullptr) {
    out->decoded_bytes = 0;
  }
  for (;;) {
    const char *run = m_pos;
    m_pos = skip_plain(m_pos, m_end);
    put(out, run, static_cast<std::size_t>(m_pos - run));
    if (m_pos == m_end) {
      return fail();
    }
    const auto c = static_cast<unsigned char>(*m_pos);
    if (c == '"') {
      ++m_pos;
      return true;
    }
    if (c == '\\') {
      if (!escape(out)) {
        return fail();
      }
    } else if (c < 0x20 || !utf8(out)) {
      return fail();
    }
  }
}

bool JsonScanner::escape(ScannedString *out) noexcept {
  ++m_pos; // the backslash
  if (m_pos == m_end) {
    return false;
  }
  if (const char c = *m_pos++; c != 'u') {
    const char simple = simple_escape(c);
    if (simple == 0) {
      return false;
    }
    put(out, &simple, 1);
    return true;
  }
  long cp = hex4(m_pos, m_end);
  if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
    return false;
  }
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (m_end - m_pos < 2 || m_pos[0] != '\\' || m_pos[1] != 'u') {
      return false;
    }
    m_pos += 2;
    const long low = hex4(m_pos, m_end);
    if (low < 0xDC00 || low > 0xDFFF) {
      return false;
    }
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  char bytes[4];
  const std::size_t n = encode_utf8(static_cast<unsigned long>(cp), bytes);
  put(out, bytes, n);
  return true;
}

// Well-formed UTF-8 (Unicode table 3-7), the ranges nlohmann's lexer checks.
bool JsonScanner::utf8(ScannedString *out) noexcept {
  const auto lead = static_cast<unsigned char>(*m_pos);
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  std::size_t trail = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    trail = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    trail = 2;
    lo = lead == 0xE0 ? 0xA0 : 0x80;
    hi = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    trail = 3;
    lo = lead == 0xF0 ? 0x90 : 0x80;
    hi = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return false;
  }
  if (static_cast<std::size_t>(m_end - m_pos) <= trail) {
    return false;
  }
  for (std::size_t i = 1; i <= trail; ++i) {
    const auto c = static_cast<unsigned char>(m_pos[i]);
    if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xBF)) {
      return false;
    }
  }
  put(out, m_pos, trail + 1);
  m_pos += trail + 1;
  return true;
}

} // namespace chatbench::openai::detail
