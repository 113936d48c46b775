#include "sse/parser.hpp"

#include <bit>
#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chatbench::sse {
namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_done = "[DONE]";
// Buffers larger than this are freed by reset(): one huge event should not pin memory in a parser
// that is reused for every transfer.
constexpr std::size_t k_keep_capacity = 64 * 1024;

void clear_and_trim(std::string &buffer, std::size_t keep_capacity) noexcept {
  if (buffer.capacity() > keep_capacity) {
    std::string().swap(buffer);
  }
  buffer.clear();
}

// The first CR or LF in [p, end), or end. Lines are a few hundred bytes, so the scan is 16 bytes
// a step; two memchr passes would read every line twice.
const char *find_line_end(const char *p, const char *end) noexcept {
#if defined(__SSE2__)
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
    if (mask != 0) {
      return p + std::countr_zero(static_cast<unsigned>(mask));
    }
    p += 16;
  }
  for (; p != end; ++p) {
    if (*p == '\n' || *p == '\r') {
      return p;
    }
  }
  return end;
#else
  const auto *lf =
      static_cast<const char *>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  const char *limit = lf != nullptr ? lf : end;
  const auto *cr =
      static_cast<const char *>(std::memchr(p, '\r', static_cast<std::size_t>(limit - p)));
  return cr != nullptr ? cr : limit;
#endif
}

std::string_view without_leading_space(std::string_view value) noexcept {
  if (!value.empty() && value.front() == ' ') {
    value.remove_prefix(1);
  }
  return value;
}

std::optional<std::uint64_t> parse_retry(std::string_view value) noexcept {
  std::uint64_t ms = 0;
  const char *end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, ms);
  if (value.empty() || ec != std::errc{} || ptr != end) {
    return std::nullopt; // not only ASCII digits, or too large to be meant
  }
  return ms;
}

} // namespace

std::string_view to_string(ErrorKind kind) noexcept {
  switch (kind) {
  case ErrorKind::event_too_large:
    return "event_too_large";
  }
  return "unknown";
}

std::string_view to_string(Ending ending) noexcept {
  switch (ending) {
  case Ending::clean:
    return "clean";
  case Ending::unterminated_line:
    return "unterminated_line";
  case Ending::unterminated_event:
    return "unterminated_event";
  }
  return "unknown";
}

void Parser::Text::own() {
  if (!m_owned) {
    m_storage.assign(m_view);
    m_view = m_storage;
    m_owned = true;
  }
}

void Parser::Text::append(char separator, std::string_view value) {
  own();
  m_storage += separator;
  m_storage += value;
  m_view = m_storage;
}

void Parser::Text::clear() noexcept {
  m_storage.clear(); // keeps the capacity: the next long event reuses it
  m_view = {};
  m_owned = false;
}

void Parser::Text::release(std::size_t keep_capacity) noexcept {
  clear();
  clear_and_trim(m_storage, keep_capacity);
}

Parser::Parser(Limits limits) : m_limits(limits) {}

Parser::Step Parser::next() {
  if (m_dispatched) {
    clear_event();
  }
  while (m_pos != m_end) {
    if (m_skip_lf) {
      m_skip_lf = false;
      if (*m_pos == '\n') {
        ++m_pos;
        continue;
      }
    }
    if (m_at_start) {
      if (const Step step = skip_bom(); step != Step::none) {
        return step;
      }
      continue;
    }
    const char *eol = find_line_end(m_pos, m_end);
    if (eol == m_end) {
      const std::string_view bytes(m_pos, static_cast<std::size_t>(m_end - m_pos));
      m_pos = m_end;
      return hold_partial_line(bytes);
    }
    const std::string_view line(m_pos, static_cast<std::size_t>(eol - m_pos));
    m_pos = eol + 1;
    m_skip_lf = *eol == '\r';
    const Step step = m_line_open ? complete_line(line) : on_line(line);
    if (step != Step::none) {
      return step;
    }
  }
  own_borrowed(); // the slice goes away when feed() returns
  return Step::end_of_input;
}

// Consumes the BOM, which may arrive split; a partial match that fails is the start of a line.
Parser::Step Parser::skip_bom() {
  while (m_pos != m_end && m_bom_seen < k_bom.size()) {
    if (*m_pos != k_bom[m_bom_seen]) {
      m_at_start = false;
      if (m_bom_seen == 0) {
        return Step::none;
      }
      m_line_open = true;
      if (!fits(m_bom_seen)) {
        return start_skipping();
      }
      m_line.assign(k_bom.substr(0, m_bom_seen));
      note_buffered();
      return Step::none;
    }
    ++m_pos;
    ++m_bom_seen;
  }
  m_at_start = m_bom_seen < k_bom.size();
  return Step::none;
}

Parser::Step Parser::hold_partial_line(std::string_view bytes) {
  own_borrowed(); // before m_line changes: a value may borrow from it
  const bool was_open = m_line_open;
  m_line_open = true;
  if (m_skipping) {
    return Step::end_of_input; // the bytes of a line being skipped are not kept
  }
  if (!fits((was_open ? m_line.size() : 0) + bytes.size())) {
    return start_skipping();
  }
  if (was_open) {
    m_line.append(bytes);
  } else {
    m_line.assign(bytes);
  }
  note_buffered();
  return Step::end_of_input;
}

Parser::Step Parser::complete_line(std::string_view rest) {
  m_line_open = false;
  if (m_skipping) {
    return Step::none; // the rest of a line that was too long: not blank, so still skipping
  }
  if (!fits(m_line.size() + rest.size())) {
    return start_skipping();
  }
  m_line.append(rest);
  return on_line(m_line);
}

Parser::Step Parser::on_line(std::string_view line) {
  if (line.empty()) {
    return on_blank_line();
  }
  if (m_skipping) {
    return Step::none;
  }
  if (!fits(line.size())) {
    return start_skipping();
  }
  const auto *colon = static_cast<const char *>(std::memchr(line.data(), ':', line.size()));
  if (colon == line.data()) {
    m_comment = without_leading_space(line.substr(1));
    ++m_stats.comments;
    return Step::comment;
  }
  if (colon == nullptr) {
    on_field(line, {});
  } else {
    const auto name_size = static_cast<std::size_t>(colon - line.data());
    on_field(line.substr(0, name_size), without_leading_space(line.substr(name_size + 1)));
  }
  return Step::none;
}

void Parser::on_field(std::string_view name, std::string_view value) {
  if (name == "data") {
    if (m_data_lines++ == 0) {
      m_data.borrow(value);
    } else {
      m_data.append('\n', value);
      note_buffered();
    }
    m_data_bytes += value.size() + 1;
  } else if (name == "event") {
    m_type.borrow(value);
    m_has_type = true;
  } else if (name == "id") {
    if (value.find('\0') == std::string_view::npos) {
      m_last_id.assign(value);
    }
  } else if (name == "retry") {
    if (const auto ms = parse_retry(value)) {
      m_retry_ms = ms;
    }
  } else {
    ++m_stats.unknown_fields;
  }
}

Parser::Step Parser::on_blank_line() noexcept {
  if (m_skipping || m_data_lines == 0) {
    m_skipping = false;
    clear_event();
    return Step::none;
  }
  m_event.data = m_data.view();
  m_event.type = m_type.view();
  m_event.id = m_last_id;
  m_event.done = m_event.data == k_done;
  m_dispatched = true;
  ++m_stats.events;
  return Step::event;
}

Parser::Step Parser::start_skipping() noexcept {
  clear_event();
  m_line.clear();
  m_skipping = true;
  ++m_stats.oversize_events;
  return Step::error;
}

// Whether the event in progress can take a line of `line_bytes` more without exceeding the limit.
// The sum only grows while a line is read, so a line is refused at the same byte however the
// stream is sliced.
bool Parser::fits(std::size_t line_bytes) const noexcept {
  const std::size_t held = m_data_bytes + (m_has_type ? m_type.view().size() : 0);
  return held <= m_limits.max_event_bytes && line_bytes <= m_limits.max_event_bytes - held;
}

void Parser::own_borrowed() {
  if (m_data_lines > 0 && !m_data.owned()) {
    m_data.own();
    note_buffered();
  }
  if (m_has_type && !m_type.owned()) {
    m_type.own();
    note_buffered();
  }
}

void Parser::clear_event() noexcept {
  m_data.clear();
  m_data_bytes = 0;
  m_data_lines = 0;
  m_type.clear();
  m_has_type = false;
  m_dispatched = false;
}

void Parser::note_buffered() noexcept {
  const std::size_t now = buffered_bytes();
  if (now > m_stats.max_buffered_bytes) {
    m_stats.max_buffered_bytes = now;
  }
}

std::size_t Parser::buffered_bytes() const noexcept {
  const std::size_t line = m_line_open ? m_line.size() : 0;
  return line + m_data.owned_bytes() + m_type.owned_bytes();
}

bool Parser::at_event_boundary() const noexcept {
  const bool partial_bom = m_at_start && m_bom_seen > 0;
  const bool no_event = m_dispatched || (m_data_lines == 0 && !m_has_type);
  return !m_line_open && !partial_bom && !m_skipping && no_event;
}

Ending Parser::finish() noexcept {
  Ending ending = Ending::clean;
  if (m_line_open || (m_at_start && m_bom_seen > 0)) {
    ending = Ending::unterminated_line;
  } else if (!at_event_boundary()) {
    ending = Ending::unterminated_event;
  }
  reset();
  return ending;
}

void Parser::reset() noexcept {
  clear_event();
  m_data.release(k_keep_capacity);
  m_type.release(k_keep_capacity);
  clear_and_trim(m_line, k_keep_capacity);
  clear_and_trim(m_last_id, k_keep_capacity);
  m_pos = m_end = nullptr;
  m_line_open = false;
  m_skip_lf = false;
  m_at_start = true;
  m_bom_seen = 0;
  m_skipping = false;
  m_retry_ms.reset();
  m_event = {};
  m_comment = {};
}

} // namespace chatbench::sse
