#include "mock/validation.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace chatbench::mock;
using chatbench::openai::Provider;
using Json = nlohmann::json;

namespace {

ErrorReply error_of(Provider provider, std::string_view body) {
  auto parsed = parse_chat_request(provider, body);
  EXPECT_TRUE(std::holds_alternative<ErrorReply>(parsed)) << body;
  return std::holds_alternative<ErrorReply>(parsed) ? std::get<ErrorReply>(parsed) : ErrorReply{};
}

ChatRequest request_of(Provider provider, std::string_view body) {
  auto parsed = parse_chat_request(provider, body);
  if (auto *e = std::get_if<ErrorReply>(&parsed)) {
    ADD_FAILURE() << "rejected: " << e->status << " " << e->body;
    return {};
  }
  return std::get<ChatRequest>(parsed);
}

constexpr std::string_view k_hello = R"("messages":[{"role":"user","content":"Hello there!"}])";

} // namespace

TEST(MockValidation, AcceptsAValidOpenAIRequest) {
  const ChatRequest r =
      request_of(Provider::openai, R"({"model":"gpt-4o-mini",)" + std::string(k_hello) +
                                       R"(,"stream":true,"stream_options":{"include_usage":true},)"
                                       R"("max_completion_tokens":50})");
  EXPECT_EQ(r.model, "gpt-4o-mini");
  EXPECT_TRUE(r.stream);
  EXPECT_TRUE(r.include_usage);
  EXPECT_EQ(r.max_tokens, 50U);
  EXPECT_EQ(r.prompt_tokens, 3U + 3U + 3U); // "Hello there!" is 12 bytes: 3 tokens
}

TEST(MockValidation, OpenAIErrorsAreErrorObjectsWithParamAndCode) {
  const ErrorReply missing = error_of(Provider::openai, R"({"model":"m"})");
  EXPECT_EQ(missing.status, 400U);
  const Json body = Json::parse(missing.body);
  EXPECT_EQ(body["error"]["type"], "invalid_request_error");
  EXPECT_EQ(body["error"]["param"], "messages");
  EXPECT_EQ(body["error"]["code"], "missing_required_parameter");

  const ErrorReply role =
      error_of(Provider::openai, R"({"model":"m","messages":[{"role":"robot","content":"x"}]})");
  EXPECT_EQ(Json::parse(role.body)["error"]["param"], "messages[0].role");

  const ErrorReply range = error_of(Provider::openai, R"({"model":"m",)" + std::string(k_hello) +
                                                          R"(,"temperature":3})");
  EXPECT_EQ(Json::parse(range.body)["error"]["param"], "temperature");

  const ErrorReply json = error_of(Provider::openai, "{not json");
  EXPECT_EQ(json.status, 400U);
  EXPECT_TRUE(Json::parse(json.body)["error"]["param"].is_null());

  const ErrorReply empty = error_of(Provider::openai, R"({"model":"m","messages":[]})");
  EXPECT_EQ(Json::parse(empty.body)["error"]["code"], "empty_array");
}

TEST(MockValidation, InferaIsFastAPIWithEveryProblemListed) {
  // Infera requires max_tokens and temperature.
  const ErrorReply e = error_of(Provider::infera, R"({"model":"m",)" + std::string(k_hello) + "}");
  EXPECT_EQ(e.status, 422U);
  const Json detail = Json::parse(e.body)["detail"];
  ASSERT_EQ(detail.size(), 2U);
  EXPECT_EQ(detail[0]["type"], "missing");
  EXPECT_EQ(detail[0]["loc"], Json::array({"body", "max_tokens"}));
  EXPECT_EQ(detail[0]["msg"], "Field required");
  EXPECT_EQ(detail[1]["loc"], Json::array({"body", "temperature"}));

  const ErrorReply content = error_of(
      Provider::infera,
      R"({"model":"m","max_tokens":5,"temperature":1,"messages":[{"role":"user","content":[]}]})");
  const Json d2 = Json::parse(content.body)["detail"];
  EXPECT_EQ(d2[0]["loc"], Json::array({"body", "messages", 0, "content"}));
  EXPECT_EQ(d2[0]["type"], "string_type");

  const ErrorReply parsing =
      error_of(Provider::infera, R"({"model":"m",)" + std::string(k_hello) +
                                     R"(,"max_tokens":"many","temperature":1})");
  EXPECT_EQ(Json::parse(parsing.body)["detail"][0]["type"], "int_parsing");
}

TEST(MockValidation, InferaCoercesLikePydanticAndIgnoresStream) {
  const ChatRequest r =
      request_of(Provider::infera, R"({"model":"m",)" + std::string(k_hello) +
                                       R"(,"max_tokens":"12","temperature":"0.5",)"
                                       R"("stream":true})");
  EXPECT_EQ(r.max_tokens, 12U);
  EXPECT_FALSE(r.stream); // FastAPI drops fields its model does not declare
}

TEST(MockValidation, FortytwoSchemaErrorsAre422AndEmptyMessagesAre400) {
  const ErrorReply role =
      error_of(Provider::fortytwo, R"({"model":"m","messages":[{"role":"tool","content":"x"}]})");
  EXPECT_EQ(role.status, 422U);
  const Json d = Json::parse(role.body)["detail"][0];
  EXPECT_EQ(d["type"], "enum");
  EXPECT_EQ(d["msg"], "Input should be 'user', 'system' or 'assistant'");

  const ErrorReply empty = error_of(Provider::fortytwo, R"({"model":"m","messages":[]})");
  EXPECT_EQ(empty.status, 400U);
  EXPECT_EQ(Json::parse(empty.body)["error"]["type"], "invalid_request_error");

  // Neither role nor content is required by Fortytwo's message schema.
  EXPECT_EQ(request_of(Provider::fortytwo, R"({"model":"m","messages":[{}]})").prompt_tokens, 6U);
}

TEST(MockValidation, InteractiveNeedsOnlyMessagesAndChecksRoles) {
  const ChatRequest r =
      request_of(Provider::interactive,
                 R"({"messages":[{"role":"user","content":[{"type":"text","text":"abcdefgh"}]},)"
                 R"({"role":"assistant"}],"max_tokens":20.0})");
  EXPECT_EQ(r.model, "");
  EXPECT_EQ(r.max_tokens, 20U);
  EXPECT_EQ(r.prompt_tokens, 3U + 5U + 3U);

  const ErrorReply tool =
      error_of(Provider::interactive, R"({"messages":[{"role":"tool","content":"42"}]})");
  EXPECT_EQ(tool.status, 400U);
  const Json e = Json::parse(tool.body)["error"];
  for (const char *key : {"code", "message", "param", "type"}) {
    EXPECT_TRUE(e[key].is_string()) << key;
  }
  EXPECT_EQ(e["param"], "messages[0].tool_call_id");
}

TEST(MockValidation, P8080ChecksReasoningEffortAndAcceptsStopStrings) {
  const ErrorReply effort = error_of(Provider::p8080, R"({"model":"m",)" + std::string(k_hello) +
                                                          R"(,"reasoning_effort":"low"})");
  EXPECT_EQ(effort.status, 400U);
  const Json e = Json::parse(effort.body)["error"];
  EXPECT_TRUE(e.contains("message") && e.contains("type") && e.contains("code"));
  request_of(Provider::p8080, R"({"model":"m",)" + std::string(k_hello) + R"(,"stop":"END"})");
  request_of(Provider::p8080,
             R"({"model":"m",)" + std::string(k_hello) + R"(,"reasoning_effort":"minimal"})");
}

TEST(MockValidation, SolidrustIsVLLMWithIntegerCodes) {
  const ErrorReply e =
      error_of(Provider::solidrust, R"({"model":"m",)" + std::string(k_hello) + R"(,"top_p":1.5})");
  EXPECT_EQ(e.status, 400U);
  const Json error = Json::parse(e.body)["error"];
  EXPECT_EQ(error["code"], 400);
  EXPECT_EQ(error["type"], "BadRequestError");
  const ErrorReply developer = error_of(
      Provider::solidrust, R"({"model":"m","messages":[{"role":"developer","content":"x"}]})");
  EXPECT_EQ(developer.status, 400U);
}

TEST(MockValidation, NonObjectBodiesAreRejectedEverywhere) {
  for (const auto &info : chatbench::openai::providers()) {
    const ErrorReply e = error_of(info.id, "[1,2]");
    EXPECT_TRUE(e.status == 400U || e.status == 422U) << info.name;
    EXPECT_TRUE(Json::accept(e.body)) << info.name;
  }
}
