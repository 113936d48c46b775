#include "report/junit.hpp"

#include <cstdint>
#include <cstdio>

namespace chatbench::report {
namespace {

std::string seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", s < 0 ? 0.0 : s);
  return buffer;
}

// Length of the UTF-8 sequence starting at `text[i]`, 0 when it is not a valid one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char c = byte(i);
  const std::size_t n = c < 0x80           ? 1
                        : (c >> 5) == 0x6  ? 2
                        : (c >> 4) == 0xe  ? 3
                        : (c >> 3) == 0x1e ? 4
                                           : 0;
  if (n == 0 || i + n > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) {
      return 0;
    }
  }
  return n;
}

} // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (n == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
      out += "\xEF\xBF\xBD"; // U+FFFD
      i += n == 0 ? 1 : n;
      continue;
    }
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string junit_xml(std::string_view name, std::span<const JunitSuite> suites) {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t skipped = 0;
  double time = 0;
  for (const JunitSuite &suite : suites) {
    tests += suite.cases.size();
    time += suite.time_s;
    for (const JunitCase &c : suite.cases) {
      failures += c.failed ? 1 : 0;
      skipped += c.skipped ? 1 : 0;
    }
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"" + xml_escape(name) + "\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(skipped) + "\" time=\"" + seconds(time) + "\">\n";
  for (const JunitSuite &suite : suites) {
    std::size_t suite_failures = 0;
    std::size_t suite_skipped = 0;
    for (const JunitCase &c : suite.cases) {
      suite_failures += c.failed ? 1 : 0;
      suite_skipped += c.skipped ? 1 : 0;
    }
    out += "  <testsuite name=\"" + xml_escape(suite.name) + "\" tests=\"" +
           std::to_string(suite.cases.size()) + "\" failures=\"" + std::to_string(suite_failures) +
           "\" errors=\"0\" skipped=\"" + std::to_string(suite_skipped) + "\" time=\"" +
           seconds(suite.time_s) + "\">\n";
    for (const JunitCase &c : suite.cases) {
      out += "    <testcase name=\"" + xml_escape(c.name) + "\" classname=\"" +
             xml_escape(c.classname) + "\" time=\"" + seconds(c.time_s) + "\"";
      if (!c.failed && !c.skipped) {
        out += "/>\n";
        continue;
      }
      out += ">\n";
      if (c.failed) {
        out += "      <failure message=\"" + xml_escape(c.failure_message) + "\">" +
               xml_escape(c.failure_text) + "</failure>\n";
      } else {
        out += "      <skipped message=\"" + xml_escape(c.skipped_message) + "\"/>\n";
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

} // namespace chatbench::report
