// Full responses and error bodies: the families of research/seeds-and-conformance.md 1.7.
#include "openai/response.hpp"

#include <gtest/gtest.h>

namespace chatbench::openai {
namespace {

TEST(Response, OpenAiSuccess) {
  const char *body =
      R"({"id":"chatcmpl-1","object":"chat.completion","created":1741570283,"model":"gpt-4o-mini",)"
      R"("choices":[{"index":0,"message":{"role":"assistant","content":"Hi there!","refusal":null,)"
      R"("annotations":[]},"logprobs":null,"finish_reason":"stop"}],)"
      R"("usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,)"
      R"("completion_tokens_details":{"reasoning_tokens":0}},"system_fingerprint":"fp_1"})";
  const ResponseSummary r = decode_response(body);
  EXPECT_TRUE(r.valid_json);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.body.choices, 1U);
  EXPECT_EQ(r.body.content_bytes, 9U);
  EXPECT_TRUE(r.body.role);
  EXPECT_TRUE(r.body.finish_reasons.has(FinishReason::stop));
  ASSERT_TRUE(r.body.usage);
  EXPECT_EQ(r.body.usage->completion_tokens, 3.0);
  const ParsedResponse parsed = parse_response(body);
  EXPECT_EQ(parsed.summary.body, r.body);
  EXPECT_EQ(parsed.value["id"], "chatcmpl-1");
}

TEST(Response, InteractiveDoublesAndNullFinish) {
  const ResponseSummary r = decode_response(
      R"({"id":"gen-1","object":"chat.completion","created":1741570400.0,"model":"m",)"
      R"("choices":[{"index":0.0,"message":{"role":"assistant","content":"ok","reasoning":"hm"},)"
      R"("finish_reason":null}],"usage":{"prompt_tokens":4.0,"completion_tokens":1.0,)"
      R"("total_tokens":5.0}})");
  EXPECT_TRUE(r.body.reasoning);
  EXPECT_TRUE(r.body.finish_reasons.empty());
  EXPECT_EQ(r.body.usage->total_tokens, 5.0);
}

TEST(Response, P8080TotalTimeAndToolCalls) {
  const ResponseSummary r = decode_response(
      R"({"id":"c","object":"chat.completion","created":1,"model":"8080/x","choices":[{"index":0,)"
      R"("message":{"role":"assistant","content":null,"tool_calls":[{"id":"t","type":"function",)"
      R"("function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}],)"
      R"("usage":{"prompt_tokens":1,"completion_tokens":7,"total_tokens":8,"total_time":0.25}})");
  EXPECT_TRUE(r.body.tool_calls);
  EXPECT_EQ(r.body.tool_call_deltas, 1U);
  EXPECT_EQ(r.body.usage->total_time_s, 0.25);
}

TEST(ErrorBody, OpenAiWithStringCode) {
  const ErrorSummary e =
      summarize_error(R"({"error":{"message":"Rate limit reached","type":"requests","param":null,)"
                      R"("code":"rate_limit_exceeded"}})");
  EXPECT_EQ(e, (ErrorSummary{ErrorFamily::openai, "Rate limit reached", "requests",
                             "rate_limit_exceeded"}));
}

TEST(ErrorBody, OpenRouterAndVllmNumericCode) {
  EXPECT_EQ(summarize_error(R"({"error":{"code":502,"message":"Provider returned error",)"
                            R"("metadata":{"provider_name":"X"}}})"),
            (ErrorSummary{ErrorFamily::openai, "Provider returned error", "", "502"}));
  EXPECT_EQ(summarize_error(R"({"error":{"message":"bad","type":"BadRequestError","param":null,)"
                            R"("code":400.0}})")
                .code,
            "400");
  EXPECT_EQ(summarize_error(R"({"object":"error","message":"The model does not exist.",)"
                            R"("type":"NotFoundError","param":null,"code":404})"),
            (ErrorSummary{ErrorFamily::flat, "The model does not exist.", "NotFoundError", "404"}));
  EXPECT_EQ(summarize_error(R"({"error":"Too many requests"})"),
            (ErrorSummary{ErrorFamily::error_string, "Too many requests", "", ""}));
}

TEST(ErrorBody, FastApi) {
  EXPECT_EQ(summarize_error(R"({"detail":[{"type":"missing","loc":["body","max_tokens"],)"
                            R"("msg":"Field required","input":{}},{"type":"missing",)"
                            R"("loc":["body","temperature"],"msg":"Field required"}]})"),
            (ErrorSummary{ErrorFamily::fastapi_validation,
                          "body.max_tokens: Field required (+1 more)", "missing", ""}));
  EXPECT_EQ(summarize_error(R"({"detail":[{"loc":["body","messages",0,"role"],"msg":"m",)"
                            R"("type":"t"}]})")
                .message,
            "body.messages.0.role: m");
  EXPECT_EQ(summarize_error(R"({"detail":"Not authenticated"})"),
            (ErrorSummary{ErrorFamily::fastapi_detail, "Not authenticated", "", ""}));
}

TEST(ErrorBody, ProblemJson) {
  const char *body = R"({"type":"https://example.com/probs/quota","title":"Quota exceeded",)"
                     R"("status":429,"detail":"You used 100 of 100 requests"})";
  EXPECT_EQ(summarize_error(body),
            (ErrorSummary{ErrorFamily::problem_json, "You used 100 of 100 requests",
                          "https://example.com/probs/quota", "429"}));
  EXPECT_EQ(summarize_error(R"({"detail":"x"})", "application/problem+json; charset=utf-8").family,
            ErrorFamily::problem_json);
  EXPECT_EQ(summarize_error(R"({"title":"Bad Gateway","status":502})").message, "Bad Gateway");
}

TEST(ErrorBody, NonJsonAndEmpty) {
  EXPECT_EQ(summarize_error("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>"
                            "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx"
                            "</center>\r\n</body>\r\n</html>\r\n"),
            (ErrorSummary{ErrorFamily::non_json, "502 Bad Gateway", "", ""}));
  EXPECT_EQ(summarize_error("upstream   connect error\nor disconnect").message,
            "upstream connect error or disconnect");
  EXPECT_EQ(summarize_error(" \n").family, ErrorFamily::empty);
  EXPECT_EQ(summarize_error("").family, ErrorFamily::empty);
  EXPECT_EQ(summarize_error("[1,2]").family, ErrorFamily::unknown_json);
  EXPECT_EQ(summarize_error(R"({"error":null,"message":"x"})").family, ErrorFamily::unknown_json);
}

TEST(ErrorBody, LongMessagesAreCutOnACharacterBoundary) {
  std::string text(299, 'a');
  for (int i = 0; i < 100; ++i) {
    text += "\xC3\xA9";
  }
  const ErrorSummary e = summarize_error(R"({"error":{"message":")" + text + "\"}}");
  EXPECT_EQ(e.message.size(), 299U + 3U); // the two-byte é at 299..300 does not fit
  EXPECT_EQ(e.message.substr(299), "...");
}

TEST(Response, ErrorStatusesAndErrorShapesOn200) {
  const ResponseSummary limited =
      decode_response(R"({"error":{"message":"Too many concurrent requests. Retry after 10s",)"
                      R"("type":"rate_limit_exceeded"}})",
                      429, "application/json");
  ASSERT_TRUE(limited.error);
  EXPECT_EQ(limited.error->family, ErrorFamily::openai);
  EXPECT_EQ(limited.error->type, "rate_limit_exceeded");

  const ResponseSummary on_200 = decode_response(R"({"detail":"Internal error"})");
  ASSERT_TRUE(on_200.error);
  EXPECT_EQ(on_200.error->family, ErrorFamily::fastapi_detail);
  EXPECT_EQ(parse_response(R"({"detail":"Internal error"})").summary.error, on_200.error);

  const ResponseSummary html = decode_response("<html><title>Gateway Timeout</title>", 504);
  EXPECT_FALSE(html.valid_json);
  ASSERT_TRUE(html.error);
  EXPECT_EQ(html.error->family, ErrorFamily::non_json);
  EXPECT_EQ(parse_response("<html><title>Gateway Timeout</title>", 504).summary.error, html.error);

  EXPECT_FALSE(decode_response(R"({"choices":[],"detail":"x"})").error);
  EXPECT_FALSE(decode_response(R"({"unexpected":true})").error);
  EXPECT_EQ(to_string(ErrorFamily::fastapi_validation), "fastapi_validation");
}

} // namespace
} // namespace chatbench::openai
