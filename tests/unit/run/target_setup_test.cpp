#include "run/target_setup.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace chatbench;

namespace {

scenario::Target target(openai::Provider provider) {
  scenario::Target t;
  t.name = "t";
  t.provider = provider;
  t.base_url = "http://127.0.0.1:9";
  t.path = std::string(openai::info(provider).path);
  t.model = "m";
  return t;
}

} // namespace

TEST(TargetSetup, BearerKeyFromTheEnvironmentThenTheScenarioHeaders) {
  ::setenv("CHATBENCH_TEST_KEY", "sk-123", 1);
  scenario::Target t = target(openai::Provider::openai);
  t.api_key = {scenario::ApiKey::Source::env, "CHATBENCH_TEST_KEY"};
  t.headers = {{"X-Team", "bench"}};
  scenario::Load load;
  load.timeouts.first_token = std::chrono::seconds(7);
  const auto key = run::read_api_key(t);
  ASSERT_TRUE(key) << key.error().message;
  const engine::Target et = run::engine_target(t, load, *key);
  EXPECT_EQ(et.url, "http://127.0.0.1:9/v1/chat/completions");
  ASSERT_EQ(et.headers.size(), 2u);
  EXPECT_EQ(et.headers[0].first, "Authorization");
  EXPECT_EQ(et.headers[0].second, "Bearer sk-123");
  EXPECT_EQ(et.headers[1].first, "X-Team");
  EXPECT_EQ(et.timeouts.first_token, std::chrono::seconds(7));
}

TEST(TargetSetup, InferaSendsTheKeyInAnApiKeyHeaderOnItsOwnRoute) {
  ::setenv("CHATBENCH_TEST_KEY", "k", 1);
  scenario::Target t = target(openai::Provider::infera);
  t.api_key = {scenario::ApiKey::Source::env, "CHATBENCH_TEST_KEY"};
  const auto key = run::read_api_key(t);
  ASSERT_TRUE(key);
  const engine::Target et = run::engine_target(t, {}, *key, "http://127.0.0.1:4242/");
  EXPECT_EQ(et.url, "http://127.0.0.1:4242/chat/completions");
  ASSERT_EQ(et.headers.size(), 1u);
  EXPECT_EQ(et.headers[0].first, "api_key");
  EXPECT_EQ(et.headers[0].second, "k");
}

TEST(TargetSetup, MissingOrEmptyVariableNamesTargetAndVariable) {
  ::unsetenv("CHATBENCH_TEST_NO_SUCH_KEY");
  scenario::Target t = target(openai::Provider::openai);
  t.api_key = {scenario::ApiKey::Source::env, "CHATBENCH_TEST_NO_SUCH_KEY"};
  auto key = run::read_api_key(t);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::invalid_scenario);
  EXPECT_NE(key.error().message.find("target \"t\""), std::string::npos);
  EXPECT_NE(key.error().message.find("CHATBENCH_TEST_NO_SUCH_KEY is not set"), std::string::npos);
  ::setenv("CHATBENCH_TEST_NO_SUCH_KEY", "", 1);
  key = run::read_api_key(t);
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("is empty"), std::string::npos);
  ::unsetenv("CHATBENCH_TEST_NO_SUCH_KEY");
}

TEST(TargetSetup, KeyFileIsTrimmedAndAnEmptyFileIsAnError) {
  const auto dir = std::filesystem::temp_directory_path() / "chatbench_key_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "key").string();
  std::ofstream(path) << "sk-file \r\n";
  scenario::Target t = target(openai::Provider::openai);
  t.api_key = {scenario::ApiKey::Source::file, path};
  auto key = run::read_api_key(t);
  ASSERT_TRUE(key);
  EXPECT_EQ(*key, "sk-file");
  std::ofstream(path, std::ios::trunc) << "\n";
  EXPECT_FALSE(run::read_api_key(t));
  t.api_key.name = (dir / "absent").string();
  key = run::read_api_key(t);
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("absent"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(TargetSetup, NoKeyNoAuthHeader) {
  const engine::Target et = run::engine_target(target(openai::Provider::p8080), {}, "");
  EXPECT_TRUE(et.headers.empty());
}
