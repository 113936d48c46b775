// Every shipped profile loads from the embedded schemas/ files and says what its seed says.
#include "conformance/profile.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace chatbench::conformance {
namespace {

std::shared_ptr<const Profile> load(std::string_view name) {
  Result<std::shared_ptr<const Profile>> p = Profile::load(name);
  EXPECT_TRUE(p) << (p ? "" : p.error().message);
  return p ? *p : nullptr;
}

TEST(Profile, EveryProviderHasOneAndItLoads) {
  EXPECT_EQ(Profile::names(), (std::vector<std::string>{"8080", "fortytwo", "infera", "interactive",
                                                        "openai", "solidrust"}));
  for (const std::string &name : Profile::names()) {
    const auto p = load(name);
    ASSERT_TRUE(p) << name;
    EXPECT_EQ(p->name(), name);
    EXPECT_NE(p->request_schema(), nullptr) << name;
    ASSERT_NE(p->responses(200), nullptr) << name;
    EXPECT_NE(p->responses(200)->json, nullptr) << name;
    EXPECT_FALSE(p->finish_reasons().empty()) << name;
    EXPECT_FALSE(p->notes().empty()) << name << ": every tolerance needs its reason";
  }
}

TEST(Profile, StreamingFollowsTheSeeds) {
  EXPECT_FALSE(load("infera")->streams()) << "Infera documents no streaming";
  for (const char *name : {"openai", "fortytwo", "interactive", "8080", "solidrust"}) {
    EXPECT_TRUE(load(name)->streams()) << name;
  }
}

TEST(Profile, QuirksAreTolerancesWithSeverities) {
  const auto interactive = load("interactive");
  EXPECT_EQ(interactive->integral_numbers(), IntegralPolicy::warn_fractional);
  EXPECT_TRUE(interactive->finish_reason_nullable());
  EXPECT_TRUE(interactive->finish_reason_allowed("error"));
  EXPECT_EQ(interactive->severity(Check::error_schema), Severity::warn);
  const auto openai = load("openai");
  EXPECT_EQ(openai->integral_numbers(), IntegralPolicy::require);
  EXPECT_FALSE(openai->finish_reason_allowed("error"));
  EXPECT_EQ(openai->severity(Check::response_schema), Severity::fail);
  EXPECT_EQ(openai->severity(Check::integral_number), Severity::warn) << "the default";
  EXPECT_EQ(load("infera")->severity(Check::response_schema), Severity::warn)
      << "Infera's 200 schema is {}: the OpenAI shape is only a hint";
}

TEST(Profile, StatusesAreDocumentedOrCoveredByADefault) {
  const auto openai = load("openai");
  EXPECT_TRUE(openai->documents(429));
  EXPECT_EQ(openai->responses(418), nullptr) << "no default at OpenAI";
  const auto fortytwo = load("fortytwo");
  EXPECT_TRUE(fortytwo->documents(422));
  EXPECT_FALSE(fortytwo->documents(418));
  EXPECT_NE(fortytwo->responses(418), nullptr) << "its default covers it";
}

TEST(Profile, RequestPropertiesComeFromTheRequestSchema) {
  EXPECT_TRUE(load("openai")->documents_request_property("stream_options"));
  EXPECT_FALSE(load("solidrust")->documents_request_property("stream_options"));
  EXPECT_TRUE(load("infera")->documents_request_property("temperature"));
}

TEST(Profile, AnUnknownNameIsAnError) {
  const Result<std::shared_ptr<const Profile>> p = Profile::load("nosuch");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("nosuch"), std::string::npos);
}

} // namespace
} // namespace chatbench::conformance
