#pragma once
// A bad-scenario case is a scenario file whose leading comments say what must happen:
//   // expect: <one line of the error message, exactly>   (one or more, in order)
//   // set: <PATH=VALUE>                                   (optional --set overrides)
//   // schema: accept|reject                               (what the JSON Schema says; default
//   reject)
// Adding a case is adding a file under tests/data/bad_scenarios/: no C++.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace chatbench::test {

struct CaseFile {
  std::filesystem::path path;
  std::string text;
  std::vector<std::string> expected;
  std::vector<std::string> overrides;
  bool schema_rejects = true;
};

inline CaseFile read_case(const std::filesystem::path &path) {
  CaseFile c;
  c.path = path;
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  c.text = buffer.str();
  std::istringstream lines(c.text);
  for (std::string line; std::getline(lines, line);) {
    const auto take = [&](const std::string &prefix, std::vector<std::string> &into) {
      if (line.rfind(prefix, 0) == 0) {
        into.push_back(line.substr(prefix.size()));
      }
    };
    take("// expect: ", c.expected);
    take("// set: ", c.overrides);
    if (line.rfind("// schema: accept", 0) == 0) {
      c.schema_rejects = false;
    }
  }
  return c;
}

inline std::vector<std::filesystem::path> files_in(const std::filesystem::path &dir,
                                                   const std::string &extension) {
  std::vector<std::filesystem::path> out;
  for (const auto &entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == extension) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The ```json blocks of a Markdown file, in order.
inline std::vector<std::string> json_blocks(const std::filesystem::path &markdown) {
  std::ifstream in(markdown);
  std::vector<std::string> blocks;
  std::string line;
  std::string *current = nullptr;
  while (std::getline(in, line)) {
    if (current == nullptr && line == "```json") {
      current = &blocks.emplace_back();
    } else if (current != nullptr && line == "```") {
      current = nullptr;
    } else if (current != nullptr) {
      current->append(line);
      current->push_back('\n');
    }
  }
  return blocks;
}

} // namespace chatbench::test
