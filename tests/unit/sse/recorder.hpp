#pragma once
// Test helpers: a sink that writes what it receives as readable lines, and a driver that feeds an
// input in pieces cut at given offsets.
#include "sse/parser.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace chatbench::sse::testing {

inline std::string quoted(std::string_view text) {
  return util::quoted(text, std::numeric_limits<std::size_t>::max());
}

/// The log line of an event, comment, error or stream end, as Recorder writes it.
inline std::string event_line(std::string_view data, std::string_view type = {},
                              std::string_view id = {}) {
  std::string line = "event data=" + quoted(data);
  if (!type.empty()) {
    line += " type=" + quoted(type);
  }
  if (!id.empty()) {
    line += " id=" + quoted(id);
  }
  return data == "[DONE]" ? line + " done" : line;
}
inline std::string comment_line(std::string_view text) {
  return "comment " + quoted(text);
}
inline std::string error_line() {
  return "error event_too_large";
}
inline std::string end_line(Ending ending) {
  return "end " + std::string(to_string(ending));
}

class Recorder {
public:
  void on_event(const Event &event) {
    // `done` is logged from the flag, so a wrong flag shows as a wrong line.
    std::string line = event_line(event.data, event.type, event.id);
    const bool logged_done = line.ends_with(" done");
    if (logged_done && !event.done) {
      line += " (flag missing)";
    } else if (!logged_done && event.done) {
      line += " done (flag wrong)";
    }
    m_log.push_back(std::move(line));
  }
  void on_comment(std::string_view text) { m_log.push_back(comment_line(text)); }
  void on_error(ErrorKind kind) { m_log.push_back("error " + std::string(to_string(kind))); }
  void on_end(Ending ending) { m_log.push_back(end_line(ending)); }

  const std::vector<std::string> &log() const { return m_log; }

private:
  std::vector<std::string> m_log;
};

/// Feeds `input` cut at the sorted offsets `cuts`, each piece from its own buffer that is
/// overwritten after the call (a view kept past feed() then shows as garbage), and finishes.
/// Also checks the memory bound after every piece; a breach is logged as a line.
inline std::vector<std::string> parse(std::string_view input, std::span<const std::size_t> cuts,
                                      Limits limits = {}) {
  Parser parser(limits);
  Recorder recorder;
  std::vector<std::string> extra;
  std::size_t from = 0;
  auto feed_piece = [&](std::size_t to) {
    std::string piece(input.substr(from, to - from));
    parser.feed(piece, recorder);
    std::fill(piece.begin(), piece.end(), '#');
    if (parser.buffered_bytes() > limits.max_event_bytes) {
      extra.push_back("buffered " + std::to_string(parser.buffered_bytes()) + " bytes");
    }
    from = to;
  };
  for (const std::size_t cut : cuts) {
    feed_piece(cut);
  }
  feed_piece(input.size());
  recorder.on_end(parser.finish());
  std::vector<std::string> log = recorder.log();
  log.insert(log.end(), extra.begin(), extra.end());
  return log;
}

inline std::vector<std::string> parse_whole(std::string_view input, Limits limits = {}) {
  return parse(input, {}, limits);
}

} // namespace chatbench::sse::testing
