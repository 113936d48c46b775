#include "mock/bodies.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace chatbench::mock;
using chatbench::openai::Provider;
using Json = nlohmann::json;

namespace {

BodyContext context(Provider provider) {
  return BodyContext{provider, "model \"x\"", 1704067200123, 5, 9, true};
}

Json completion(Provider provider, Corruption corruption = Corruption::none) {
  std::string out;
  BodyWriter(context(provider)).completion(out, Usage{10, 4, 0.25}, "stop", corruption);
  return Json::parse(out, nullptr, false);
}

} // namespace

TEST(MockBodies, EveryProviderSendsValidJsonWithConsistentUsage) {
  for (const auto &info : chatbench::openai::providers()) {
    const Json body = completion(info.id);
    ASSERT_FALSE(body.is_discarded()) << info.name;
    EXPECT_EQ(body["model"], "model \"x\"") << info.name;
    EXPECT_EQ(body["usage"]["prompt_tokens"].get<double>(), 10) << info.name;
    EXPECT_EQ(body["usage"]["completion_tokens"].get<double>(), 4) << info.name;
    EXPECT_EQ(body["usage"]["total_tokens"].get<double>(), 14) << info.name;
    EXPECT_EQ(body["choices"][0]["finish_reason"], "stop") << info.name;
    EXPECT_EQ(body["choices"][0]["message"]["role"], "assistant") << info.name;
    const std::string content = body["choices"][0]["message"]["content"];
    EXPECT_EQ(std::count(content.begin(), content.end(), ' '), 3) << info.name; // 4 words
  }
}

TEST(MockBodies, ProviderQuirks) {
  const Json openai = completion(Provider::openai);
  EXPECT_TRUE(openai["choices"][0]["message"]["refusal"].is_null());
  EXPECT_TRUE(openai["choices"][0]["logprobs"].is_null());
  EXPECT_EQ(openai["created"], 1704067200);
  EXPECT_TRUE(openai["id"].get<std::string>().starts_with("chatcmpl-"));

  const Json fortytwo = completion(Provider::fortytwo);
  EXPECT_FALSE(fortytwo.contains("id"));
  EXPECT_FALSE(fortytwo.contains("created"));

  std::string raw;
  BodyWriter(context(Provider::interactive))
      .completion(raw, Usage{10, 4, 0}, "stop", Corruption::none);
  EXPECT_NE(raw.find(R"("created":1704067200.123)"), std::string::npos);
  EXPECT_NE(raw.find(R"("prompt_tokens":10.0)"), std::string::npos);
  EXPECT_NE(raw.find(R"("index":0.0)"), std::string::npos);

  EXPECT_DOUBLE_EQ(completion(Provider::p8080)["usage"]["total_time"].get<double>(), 0.25);

  const Json vllm = completion(Provider::solidrust);
  EXPECT_TRUE(vllm["choices"][0].contains("stop_reason"));
  EXPECT_TRUE(vllm["choices"][0]["message"]["tool_calls"].is_array());
  EXPECT_TRUE(vllm.contains("prompt_logprobs"));
}

TEST(MockBodies, Corruptions) {
  EXPECT_TRUE(completion(Provider::openai, Corruption::malformed_json).is_discarded());
  EXPECT_FALSE(completion(Provider::openai, Corruption::missing_field).contains("choices"));
  EXPECT_TRUE(
      completion(Provider::openai, Corruption::wrong_type)["choices"][0]["index"].is_string());
}

TEST(MockBodies, ChunksFollowTheOpenAIChunkFormat) {
  const BodyWriter writer(context(Provider::openai));
  std::string role;
  writer.role_chunk(role);
  const Json r = Json::parse(role);
  EXPECT_EQ(r["object"], "chat.completion.chunk");
  EXPECT_EQ(r["choices"][0]["delta"]["role"], "assistant");
  EXPECT_EQ(r["choices"][0]["delta"]["content"], "");
  EXPECT_TRUE(r["usage"].is_null()); // include_usage: null until the usage chunk

  std::string content;
  writer.content_chunk(content, 1, 2, Corruption::none);
  const Json c = Json::parse(content);
  EXPECT_EQ(c["id"], r["id"]);
  EXPECT_TRUE(c["choices"][0]["finish_reason"].is_null());
  EXPECT_EQ(c["choices"][0]["delta"]["content"].get<std::string>().front(), ' ');

  std::string finish;
  writer.finish_chunk(finish, "length");
  EXPECT_EQ(Json::parse(finish)["choices"][0]["finish_reason"], "length");

  std::string usage;
  writer.usage_chunk(usage, Usage{3, 7, 0});
  const Json u = Json::parse(usage);
  EXPECT_TRUE(u["choices"].empty());
  EXPECT_EQ(u["usage"]["total_tokens"], 10);

  std::string error;
  writer.error_event(error);
  EXPECT_TRUE(Json::parse(error)["error"].contains("message"));

  std::string missing;
  writer.content_chunk(missing, 0, 1, Corruption::missing_field);
  EXPECT_FALSE(Json::parse(missing).contains("choices"));
}

TEST(MockBodies, InteractiveErrorEventIsAnOpenRouterChunk) {
  std::string error;
  BodyWriter(context(Provider::interactive)).error_event(error);
  const Json e = Json::parse(error);
  EXPECT_EQ(e["choices"][0]["finish_reason"], "error");
  EXPECT_TRUE(e["error"]["code"].is_string());
}

TEST(MockBodies, EscapesStrings) {
  std::string out;
  append_json_string(out, "a\"b\\c\nd\x01");
  EXPECT_EQ(out, R"("a\"b\\c\nd\u0001")");
}
