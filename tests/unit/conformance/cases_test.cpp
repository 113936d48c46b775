// The data-driven conformance cases: every file in tests/conformance/cases/ is a canned reply
// (status, headers, body or SSE transcript), the profile it is judged by, and the exact findings
// expected. Each is fed through conformance::ExchangeChecker as the engine would feed it (the SSE
// transcript through sse::Parser in one slice), so adding a case needs no C++. The format is in
// tests/conformance/README.md.
#include "conformance/exchange.hpp"
#include "conformance/profile.hpp"
#include "sse/content_type.hpp"
#include "sse/parser.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace chatbench::conformance {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path k_cases = fs::path(CHATBENCH_SOURCE_DIR) / "tests/conformance/cases";

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto &entry : fs::directory_iterator(k_cases)) {
    if (entry.path().extension() == ".json") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

const Profile &profile_named(const std::string &name) {
  static std::map<std::string, std::shared_ptr<const Profile>> cache;
  auto &slot = cache[name];
  if (!slot) {
    Result<std::shared_ptr<const Profile>> loaded = Profile::load(name);
    if (!loaded) {
      throw std::runtime_error(loaded.error().message);
    }
    slot = std::move(*loaded);
  }
  return *slot;
}

// "events": each item one SSE event: an object or array is `data: <json>`, "[DONE]" the
// marker, a string starting with ':' a comment line, any other string raw data.
std::string transcript_of(const json &events) {
  std::string out;
  for (const json &e : events) {
    if (!e.is_string()) {
      out += "data: " + e.dump() + "\n\n";
      continue;
    }
    const std::string &s = e.get_ref<const std::string &>();
    out += s.starts_with(":") ? s + "\n" : "data: " + s + "\n\n";
  }
  return out;
}

struct Feeder {
  ExchangeChecker &checker;
  void on_event(const sse::Event &event) {
    if (event.done) {
      checker.on_done();
    } else {
      checker.on_event(event.type, event.data);
    }
  }
  void on_comment(std::string_view) {}
  void on_error(sse::ErrorKind) {}
};

// The findings as "check pointer severity" lines, sorted.
std::multiset<std::string> keys_of(const std::vector<Finding> &findings) {
  std::multiset<std::string> out;
  for (const Finding &f : findings) {
    out.insert(std::string(to_string(f.check)) + " " + f.pointer + " " +
               std::string(to_string(f.severity)));
  }
  return out;
}

std::multiset<std::string> expected_keys(const json &expect) {
  std::multiset<std::string> out;
  for (const json &e : expect) {
    out.insert(e.at("check").get<std::string>() + " " + e.value("pointer", "") + " " +
               e.value("severity", "fail"));
  }
  return out;
}

class ConformanceCase : public ::testing::TestWithParam<std::string> {};

TEST_P(ConformanceCase, GivesExactlyTheExpectedFindings) {
  const fs::path file = k_cases / (GetParam() + ".json");
  const json c = json::parse(std::ifstream(file), nullptr, true, /*ignore_comments=*/true);
  ASSERT_TRUE(c.contains("profile") && c.contains("expect")) << file << ": needs profile, expect";
  const Profile &profile = profile_named(c.at("profile").get<std::string>());
  const json request = c.value("request", json::object());
  const Expectation expect{request.value("stream", false), request.value("include_usage", false)};
  const int status = c.value("status", 200);
  const json headers = c.value("headers", json::object());
  std::string content_type = headers.value("content-type", "");
  if (!headers.contains("content-type")) {
    content_type = expect.stream ? "text/event-stream" : "application/json";
  }

  ExchangeChecker checker(profile, Severity::fail);
  checker.begin(7, expect);
  checker.on_response(status, content_type);
  const bool streamed =
      expect.stream && status >= 200 && status < 300 && sse::is_event_stream(content_type);
  bool sse_clean = true;
  if (streamed) {
    const std::string transcript =
        c.contains("events") ? transcript_of(c.at("events")) : c.value("sse", "");
    sse::Parser parser;
    Feeder feeder{checker};
    parser.feed(transcript, feeder);
    sse_clean = parser.finish() == sse::Ending::clean;
  } else {
    const std::string body = c.contains("json") ? c.at("json").dump() : c.value("body", "");
    checker.on_body(body, c.value("complete", true));
  }
  checker.end(!c.value("client_ended", false), sse_clean);

  const std::multiset<std::string> got = keys_of(checker.findings().items());
  const std::multiset<std::string> want = expected_keys(c.at("expect"));
  std::string detail;
  for (const Finding &f : checker.findings().items()) {
    detail += "  " + std::string(to_string(f.check)) + " '" + f.pointer + "' " +
              std::string(to_string(f.severity)) + ": " + f.message + " [" + f.example + "]\n";
  }
  EXPECT_EQ(got, want) << file.filename() << " (" << c.value("description", "") << ")\n"
                       << "findings:\n"
                       << detail;
}

INSTANTIATE_TEST_SUITE_P(Cases, ConformanceCase, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string> &param) {
                           std::string name = param.param;
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char ch) {
                                 return !std::isalnum(static_cast<unsigned char>(ch));
                               },
                               '_');
                           return name;
                         });

TEST(ConformanceCases, CoverEveryProfileAndEveryResponseCheck) {
  std::set<std::string> profiles;
  std::set<std::string> checks;
  for (const std::string &name : case_names()) {
    const json c = json::parse(std::ifstream(k_cases / (name + ".json")), nullptr, true, true);
    profiles.insert(c.at("profile").get<std::string>());
    for (const json &e : c.at("expect")) {
      checks.insert(e.at("check").get<std::string>());
    }
  }
  for (const std::string &p : Profile::names()) {
    EXPECT_TRUE(profiles.contains(p)) << "no case for profile " << p;
  }
  for (std::size_t i = 0; i < static_cast<std::size_t>(Check::positive_data_acceptance); ++i) {
    const std::string check(to_string(static_cast<Check>(i)));
    EXPECT_TRUE(checks.contains(check)) << "no case expects " << check;
  }
  EXPECT_GE(case_names().size(), 40U);
}

} // namespace
} // namespace chatbench::conformance
