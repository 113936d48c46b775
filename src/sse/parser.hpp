#pragma once
// An incremental, byte-fed Server-Sent Events parser (WHATWG HTML, "Parsing an event stream"),
// for chat-completions streams. It knows nothing of JSON or I/O: the caller feeds the response body
// in whatever slices the transport delivers, and a sink receives events, comments and errors as
// soon as their last byte arrives.
//
// What it follows from the specification:
// - Lines end in CRLF, LF or CR; a CR that ends one slice and an LF that starts the next are one
//   line ending. A leading UTF-8 byte order mark is skipped.
// - `data` lines accumulate (joined with "\n"); `event` sets the type; `id` sets the last event ID,
//   which persists across events (a value containing NUL is ignored); `retry` with only ASCII
//   digits sets retry_ms(). Other field names are ignored and counted. A line without ':' is a
//   field name with an empty value. One space after the colon is stripped.
// - A blank line dispatches the event if it had at least one `data` line; otherwise the type is
//   reset and nothing is dispatched.
// - At the end of the stream an unterminated line and an undispatched event are discarded;
//   finish() says whether that happened, so that callers can report a truncated stream.
// - Bytes are not decoded: invalid UTF-8 passes through unchanged (an EventSource would show
//   U+FFFD instead).
// What it adds: comment lines (':' first) are reported to the sink (keep-alives matter for timing
// and conformance), OpenAI's `data: [DONE]` is flagged, and memory is bounded (Limits).
//
// Zero-copy: when an event lies inside one slice, its views point into that slice; only an event
// that spans slices is copied into the parser. Views handed to the sink are valid only during the
// callback. Thread-safety: none; one parser per stream (reusable after finish() or reset()).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatbench::sse {

struct Limits {
  /// Bytes the parser may hold for one event: its data (counting one joining byte per `data`
  /// line), its type and the line being read. A line or event that needs more is an error.
  /// (The last event ID is kept apart; it is one line, so it is bounded too.)
  std::size_t max_event_bytes = std::size_t{1} << 20;
};

struct Event {
  std::string_view data; ///< the `data` lines joined with "\n"; may be empty ("data:")
  std::string_view type; ///< the `event` field; empty means the default type, "message"
  std::string_view id;   ///< the last event ID at dispatch (it persists); empty when none
  bool done = false;     ///< data is exactly "[DONE]", OpenAI's end-of-stream marker
};

enum class ErrorKind : std::uint8_t {
  /// The event (or one line, comment lines included) needed more than Limits::max_event_bytes.
  /// Reported once; the parser then skips to the next blank line, dispatching nothing from that
  /// event, and resumes.
  event_too_large,
};

/// "event_too_large": for messages and reports.
std::string_view to_string(ErrorKind kind) noexcept;

/// How the stream ended, as finish() saw it.
enum class Ending : std::uint8_t {
  clean,              ///< at an event boundary: nothing was pending
  unterminated_line,  ///< the last line had no line ending; it was discarded
  unterminated_event, ///< an event's lines had no blank line after them; it was not dispatched
};

std::string_view to_string(Ending ending) noexcept;

/// Counters since construction; reset() and finish() keep them.
struct Stats {
  std::uint64_t bytes = 0;            ///< bytes fed
  std::uint64_t events = 0;           ///< events dispatched
  std::uint64_t comments = 0;         ///< comment lines reported
  std::uint64_t unknown_fields = 0;   ///< lines with a field name other than data/event/id/retry
  std::uint64_t oversize_events = 0;  ///< ErrorKind::event_too_large reports
  std::size_t max_buffered_bytes = 0; ///< peak of buffered_bytes(); never above the limit
};

/// What feed() calls. Callbacks run synchronously inside feed(); they may read the parser's
/// const accessors but must not feed, finish or reset it. Views are valid during the call only.
template <class S>
concept Sink = requires(S &sink, const Event &event, std::string_view text, ErrorKind kind) {
  sink.on_event(event);  // a dispatched event
  sink.on_comment(text); // a comment line, without its ':' and one following space
  sink.on_error(kind);   // see ErrorKind
};

class Parser {
public:
  explicit Parser(Limits limits = {});

  /// Parses the next slice of the stream (any size, including empty) and reports every event,
  /// comment and error it completes, in stream order. Throws only std::bad_alloc or what the
  /// sink throws; after either, reset() the parser before reusing it.
  template <Sink S> void feed(std::string_view bytes, S &sink);

  /// Ends the stream: discards anything pending, as an EventSource does at end of file, resets
  /// the parser for a new stream (as reset() does) and says what was discarded.
  Ending finish() noexcept;

  /// Forgets the stream (pending bytes, event, last event ID, retry, BOM state) and frees buffers
  /// grown past 64 KiB by a large event; keeps the stats.
  void reset() noexcept;

  /// True when nothing is pending: no partial line, no `data` or `event` line awaiting its blank
  /// line, no event being skipped. A stream that ends here ended cleanly.
  bool at_event_boundary() const noexcept;

  /// The reconnection time from the last valid `retry` field, if any.
  std::optional<std::uint64_t> retry_ms() const noexcept { return m_retry_ms; }
  /// Bytes copied into the parser for the event in progress; at most Limits::max_event_bytes.
  std::size_t buffered_bytes() const noexcept;
  const Stats &stats() const noexcept { return m_stats; }
  const Limits &limits() const noexcept { return m_limits; }

private:
  enum class Step : std::uint8_t { none, event, comment, error, end_of_input };

  // A field value that borrows from the input while it can and owns a copy once it must.
  class Text {
  public:
    std::string_view view() const noexcept { return m_view; }
    bool owned() const noexcept { return m_owned; }
    std::size_t owned_bytes() const noexcept { return m_owned ? m_storage.size() : 0; }
    void borrow(std::string_view value) noexcept {
      m_view = value;
      m_owned = false;
    }
    void own();
    void append(char separator, std::string_view value);
    void clear() noexcept;
    void release(std::size_t keep_capacity) noexcept;

  private:
    std::string m_storage;
    std::string_view m_view;
    bool m_owned = false;
  };

  Step next();
  Step skip_bom();
  Step hold_partial_line(std::string_view bytes);
  Step complete_line(std::string_view rest);
  Step on_line(std::string_view line);
  Step on_blank_line() noexcept;
  void on_field(std::string_view name, std::string_view value);
  Step start_skipping() noexcept;
  bool fits(std::size_t line_bytes) const noexcept;
  void own_borrowed();
  void clear_event() noexcept;
  void note_buffered() noexcept;

  Limits m_limits;
  Stats m_stats;
  const char *m_pos = nullptr; // the unread part of the slice being fed
  const char *m_end = nullptr;

  std::string m_line;       // a line that started in an earlier slice
  bool m_line_open = false; // the stream is inside a line (its bytes are in m_line unless skipping)
  bool m_skip_lf = false;   // the last line ended in CR: a following LF belongs to it
  bool m_at_start = true;   // the BOM has not been ruled out yet
  std::uint8_t m_bom_seen = 0;
  bool m_skipping = false;   // after event_too_large, until the next blank line
  bool m_dispatched = false; // m_event was handed out; clear the event on the next step

  Text m_data;
  std::size_t m_data_bytes = 0; // counted as the spec's buffer: each value plus "\n"
  std::size_t m_data_lines = 0;
  Text m_type;
  bool m_has_type = false;
  std::string m_last_id;
  std::optional<std::uint64_t> m_retry_ms;

  Event m_event;
  std::string_view m_comment;
};

template <Sink S> void Parser::feed(std::string_view bytes, S &sink) {
  m_pos = bytes.data();
  m_end = bytes.data() + bytes.size();
  m_stats.bytes += bytes.size();
  for (;;) {
    switch (next()) {
    case Step::event:
      sink.on_event(m_event);
      break;
    case Step::comment:
      sink.on_comment(m_comment);
      break;
    case Step::error:
      sink.on_error(ErrorKind::event_too_large);
      break;
    case Step::none:
    case Step::end_of_input:
      return;
    }
  }
}

} // namespace chatbench::sse
