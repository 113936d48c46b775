// Request bodies: each option, each provider rule, extra fields and per-request values.
#include "openai/request_body.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace chatbench::openai {
namespace {

using nlohmann::json;

const json k_messages = json::parse(R"([{"role":"user","content":"Hi"}])");

RequestBodyOptions options(std::string model = "m") {
  RequestBodyOptions o;
  o.model = std::move(model);
  return o;
}

json body(Provider provider, const RequestBodyOptions &o, const PromptGenerator &prompts,
          std::uint64_t index = 0) {
  const auto builder = RequestBodyBuilder::create(provider, o);
  EXPECT_TRUE(builder) << (builder ? "" : builder.error().message);
  return json::parse(builder->build(prompts, index));
}

json body(Provider provider, const RequestBodyOptions &o) {
  return body(provider, o, *fixed_prompts(k_messages));
}

TEST(RequestBody, MinimalBodyIsModelAndMessagesInThatOrder) {
  const auto builder = RequestBodyBuilder::create(Provider::openai, options("gpt-4o-mini"));
  ASSERT_TRUE(builder);
  EXPECT_EQ(builder->build(*fixed_prompts(k_messages), 0),
            R"({"model":"gpt-4o-mini","messages":[{"content":"Hi","role":"user"}]})");
  EXPECT_FALSE(builder->stream());
  EXPECT_TRUE(builder->notes().empty());
}

TEST(RequestBody, EveryOption) {
  RequestBodyOptions o = options();
  o.stream = true;
  o.max_tokens = 100;
  o.temperature = 0.7;
  o.top_p = 0.9;
  o.stop = json::array({"\n\n", "END"});
  const json b = body(Provider::openai, o);
  EXPECT_EQ(b, json::parse(R"({"model":"m","messages":[{"role":"user","content":"Hi"}],)"
                           R"("stream":true,"stream_options":{"include_usage":true},)"
                           R"("max_tokens":100,"temperature":0.7,"top_p":0.9,)"
                           R"("stop":["\n\n","END"]})"));
}

TEST(RequestBody, IncludeUsageDefaultsPerProvider) {
  RequestBodyOptions o = options();
  o.stream = true;
  for (const Provider p : {Provider::openai, Provider::interactive, Provider::p8080}) {
    EXPECT_EQ(body(p, o)["stream_options"], json::parse(R"({"include_usage":true})"));
  }
  for (const Provider p : {Provider::fortytwo, Provider::solidrust}) {
    EXPECT_FALSE(body(p, o).contains("stream_options"));
    EXPECT_TRUE(body(p, o)["stream"]);
  }
  o.include_usage = true;
  EXPECT_TRUE(body(Provider::solidrust, o).contains("stream_options")); // explicit: sent
  o.include_usage = false;
  EXPECT_FALSE(body(Provider::openai, o).contains("stream_options"));
  RequestBodyOptions unstreamed = options();
  unstreamed.include_usage = true;
  const auto b = RequestBodyBuilder::create(Provider::openai, unstreamed);
  EXPECT_FALSE(json::parse(b->build(*fixed_prompts(k_messages), 0)).contains("stream_options"));
  EXPECT_EQ(b->notes().size(), 1U);
}

TEST(RequestBody, InferaRequiresMaxTokensAndTemperatureAndDropsTheRest) {
  RequestBodyOptions o = options("infera-model");
  o.stream = true;
  o.top_p = 0.5;
  o.stop = "x";
  const auto builder = RequestBodyBuilder::create(Provider::infera, o);
  ASSERT_TRUE(builder);
  EXPECT_FALSE(builder->stream());
  EXPECT_EQ(builder->notes().size(), 5U);
  EXPECT_EQ(json::parse(builder->build(*fixed_prompts(k_messages), 0)),
            json::parse(R"({"model":"infera-model","messages":[{"role":"user","content":"Hi"}],)"
                        R"("max_tokens":256,"temperature":1.0})"));
  o.max_tokens = 32;
  o.temperature = 0.0;
  const json given = body(Provider::infera, o);
  EXPECT_EQ(given["max_tokens"], 32);
  EXPECT_EQ(given["temperature"], 0.0);
}

TEST(RequestBody, P8080UsesMaxCompletionTokensAndArrayStop) {
  RequestBodyOptions o = options("8080/taalas/llama3.1-8b-instruct");
  o.max_tokens = 64;
  o.stop = "END";
  const json b = body(Provider::p8080, o);
  EXPECT_EQ(b["max_completion_tokens"], 64);
  EXPECT_FALSE(b.contains("max_tokens"));
  EXPECT_EQ(b["stop"], json::array({"END"}));
}

TEST(RequestBody, InteractiveModelIsOptional) {
  const json b = body(Provider::interactive, options(""));
  EXPECT_FALSE(b.contains("model"));
  EXPECT_EQ(b["messages"], k_messages);
  EXPECT_FALSE(RequestBodyBuilder::create(Provider::openai, options("")));
}

TEST(RequestBody, ExtraIsMergedLastAndReplacesFields) {
  RequestBodyOptions o = options();
  o.temperature = 0.2;
  o.max_tokens = 10;
  o.extra = json::parse(R"({"temperature":1.5,"seed":7,"reasoning_effort":"minimal",)"
                        R"("max_tokens":null,"model":"override"})");
  const json b = body(Provider::openai, o);
  EXPECT_EQ(b["temperature"], 1.5);
  EXPECT_EQ(b["seed"], 7);
  EXPECT_EQ(b["reasoning_effort"], "minimal");
  EXPECT_TRUE(b["max_tokens"].is_null());
  EXPECT_EQ(b["model"], "override");
  o.extra = json::parse(R"({"messages":[{"role":"user","content":"fixed"}]})");
  EXPECT_EQ(body(Provider::openai, o)["messages"][0]["content"], "fixed");
}

TEST(RequestBody, WorkloadMaxTokensOverridesTheOptions) {
  SyntheticPrompt spec;
  spec.input_tokens = util::Distribution::constant(5);
  spec.output_tokens = util::Distribution::constant(77);
  const auto prompts = synthetic_prompts(spec, 1);
  RequestBodyOptions o = options();
  o.max_tokens = 10;
  EXPECT_EQ(body(Provider::openai, o, *prompts)["max_tokens"], 77);
  EXPECT_EQ(body(Provider::p8080, o, *prompts)["max_completion_tokens"], 77);
  EXPECT_EQ(body(Provider::infera, options(), *prompts)["max_tokens"], 77);
  o.extra = json{{"max_tokens", 5}};
  EXPECT_EQ(body(Provider::openai, o, *prompts)["max_tokens"], 5);
  o.extra = json{{"messages", json::array()}};
  const json b = body(Provider::openai, o, *prompts);
  EXPECT_EQ(b["messages"], json::array());
  EXPECT_EQ(b["max_tokens"], 77);
}

TEST(RequestBody, InvalidOptions) {
  RequestBodyOptions o = options();
  o.extra = json::array();
  EXPECT_FALSE(RequestBodyBuilder::create(Provider::openai, o));
  o = options();
  o.stop = json::array({"a", 1});
  EXPECT_FALSE(RequestBodyBuilder::create(Provider::openai, o));
  o = options();
  o.max_tokens = 0;
  EXPECT_FALSE(RequestBodyBuilder::create(Provider::openai, o));
  o = options();
  o.temperature = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(RequestBodyBuilder::create(Provider::openai, o).error().code,
            ErrorCode::invalid_argument);
}

TEST(RequestBody, SameBodiesFromManyThreadsAndAReusedBuffer) {
  const TemplateVariables variables{{"x", {"a", "b", "c", "d"}}};
  const auto prompts = template_prompts(
      json::parse(R"([{"role":"user","content":"{{x}} and {{x}}"}])"), variables, 5);
  RequestBodyOptions o = options();
  o.stream = true;
  const auto builder = RequestBodyBuilder::create(Provider::openai, o);
  std::vector<std::string> expected;
  std::string buffer;
  for (std::uint64_t i = 0; i < 256; ++i) {
    (void)builder->build(*prompts, i, buffer);
    expected.push_back(buffer);
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::string out;
      for (std::uint64_t i = 256; i-- > 0;) { // another order than the reference
        (void)builder->build(*prompts, i, out);
        mismatches[static_cast<std::size_t>(t)] += out != expected[i] ? 1 : 0;
      }
    });
  }
  for (std::thread &t : threads) {
    t.join();
  }
  EXPECT_EQ(mismatches, (std::vector<int>{0, 0, 0, 0}));
}

} // namespace
} // namespace chatbench::openai
