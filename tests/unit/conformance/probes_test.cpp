// The probes of `chatbench check`: derived from a valid body and the profile's request schema.
#include "conformance/probes.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace chatbench::conformance {
namespace {

using nlohmann::json;

std::shared_ptr<const Profile> load(std::string_view name) {
  return *Profile::load(name);
}

std::vector<std::string> names(const std::vector<Probe> &probes) {
  std::vector<std::string> out;
  for (const Probe &p : probes) {
    out.push_back(p.name);
  }
  return out;
}

bool has(const std::vector<Probe> &probes, std::string_view name) {
  return std::any_of(probes.begin(), probes.end(), [&](const Probe &p) { return p.name == name; });
}

const json k_valid = {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};

TEST(Probes, OpenAIGetsEveryKind) {
  const std::vector<Probe> p = make_probes(*load("openai"), {k_valid, true});
  for (const char *name : {"minimal", "stream", "stream_include_usage", "temperature",
                           "missing_messages", "messages_wrong_type", "unknown_role",
                           "malformed_json", "missing_credentials", "wrong_credentials"}) {
    EXPECT_TRUE(has(p, name)) << name << " in " << ::testing::PrintToString(names(p));
  }
  const auto stream = std::find_if(p.begin(), p.end(),
                                   [](const Probe &x) { return x.name == "stream_include_usage"; });
  EXPECT_TRUE(stream->stream && stream->include_usage);
  EXPECT_EQ(json::parse(stream->body).at("stream_options").at("include_usage"), true);
}

TEST(Probes, FollowTheProfilesRequestSchema) {
  const json infera_body = {{"model", "m"},
                            {"messages", {{{"role", "user"}, {"content", "hi"}}}},
                            {"max_tokens", 16},
                            {"temperature", 1.0}};
  const std::vector<Probe> infera = make_probes(*load("infera"), {infera_body, true});
  EXPECT_FALSE(has(infera, "stream")) << "Infera does not stream";
  EXPECT_FALSE(has(infera, "unknown_role")) << "Infera's role is a free string";
  EXPECT_TRUE(has(infera, "missing_messages"));
  const std::vector<Probe> solidrust = make_probes(*load("solidrust"), {k_valid, false});
  EXPECT_FALSE(has(solidrust, "stream_include_usage")) << "no stream_options documented";
  EXPECT_FALSE(has(solidrust, "missing_credentials")) << "no key configured";
  EXPECT_TRUE(has(solidrust, "top_p"));
}

TEST(Probes, VerdictsFollowTheCheck) {
  const auto openai = load("openai");
  const std::vector<Probe> p = make_probes(*openai, {k_valid, true});
  const auto find = [&](std::string_view n) {
    return *std::find_if(p.begin(), p.end(), [&](const Probe &x) { return x.name == n; });
  };
  EXPECT_EQ(probe_failure(find("minimal"), *openai, 200, false), "");
  EXPECT_EQ(probe_failure(find("minimal"), *openai, 500, false), "expected 2xx, got 500");
  EXPECT_NE(probe_failure(find("minimal"), *openai, 200, true), "") << "a failing finding";
  EXPECT_EQ(probe_failure(find("missing_messages"), *openai, 400, false), "");
  EXPECT_EQ(probe_failure(find("missing_messages"), *openai, 200, false), "expected 400, got 200");
  EXPECT_EQ(probe_failure(find("wrong_credentials"), *openai, 401, false), "");
  EXPECT_EQ(probe_failure(find("wrong_credentials"), *openai, 200, false),
            "expected 401 or 403, got 200");
  EXPECT_EQ(probe_failure(find("minimal"), *openai, 0, false), "expected 2xx, got no response");
}

} // namespace
} // namespace chatbench::conformance
