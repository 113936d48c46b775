#pragma once
// Reads the SSE transcripts of tests/unit/openai/transcripts: the data of each event other than
// [DONE], in order. A minimal reader for these well-formed files (LF line endings, `data: ` with
// one space, comment lines skipped); the real parser is the sse module's.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace chatbench::openai::test {

inline std::string transcript_path(const std::string &name) {
  return std::string(CHATBENCH_SOURCE_DIR) + "/tests/unit/openai/transcripts/" + name;
}

inline std::vector<std::string> read_events(const std::string &name) {
  std::ifstream in(transcript_path(name));
  if (!in) {
    throw std::runtime_error("cannot read " + transcript_path(name));
  }
  std::vector<std::string> events;
  std::string line;
  std::string data;
  bool open = false;
  auto dispatch = [&] {
    if (open && data != "[DONE]") {
      events.push_back(data);
    }
    data.clear();
    open = false;
  };
  while (std::getline(in, line)) {
    if (line.empty()) {
      dispatch();
    } else if (line.rfind("data: ", 0) == 0) {
      data += (open ? "\n" : "") + line.substr(6);
      open = true;
    }
  }
  dispatch();
  return events;
}

} // namespace chatbench::openai::test
