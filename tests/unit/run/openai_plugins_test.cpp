#include "run/openai_plugins.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace chatbench;

namespace {

scenario::Scenario base_scenario() {
  scenario::Scenario s;
  s.seed = 3;
  scenario::Target t;
  t.name = "a";
  t.provider = openai::Provider::openai;
  t.model = "m";
  s.targets.push_back(t);
  s.workload.messages = nlohmann::json::array({{{"role", "user"}, {"content", "hi"}}});
  return s;
}

} // namespace

TEST(PromptSource, FixedMessagesShareOneBody) {
  const scenario::Scenario s = base_scenario();
  auto bench = run::make_workbench(s, s.targets[0]);
  ASSERT_TRUE(bench) << bench.error().message;
  std::atomic<std::uint64_t> made{0};
  run::PromptSource source(*bench, &made);
  engine::Request a, b;
  ASSERT_TRUE(source.next(0, a));
  ASSERT_TRUE(source.next(1, b));
  EXPECT_EQ(a.shared_body.get(), b.shared_body.get());
  const auto body = nlohmann::json::parse(a.body_bytes());
  EXPECT_EQ(body["model"], "m");
  EXPECT_EQ(body["messages"][0]["content"], "hi");
  EXPECT_FALSE(a.stream);
  EXPECT_EQ(made.load(), 2u);
}

TEST(PromptSource, SyntheticBodiesDependOnlyOnTheIndex) {
  scenario::Scenario s = base_scenario();
  s.workload.kind = scenario::Workload::Kind::synthetic;
  s.workload.input_tokens = {util::Distribution::Kind::uniform, 27.5, 0, 5, 50};
  s.request.stream = true;
  auto bench = run::make_workbench(s, s.targets[0]);
  ASSERT_TRUE(bench);
  run::PromptSource one(*bench, nullptr), two(*bench, nullptr);
  engine::Request r1, r2, r3;
  ASSERT_TRUE(one.next(7, r1));
  ASSERT_TRUE(two.next(3, r3));
  ASSERT_TRUE(two.next(7, r2));
  EXPECT_EQ(r1.body, r2.body);
  EXPECT_NE(r1.body, r3.body);
  EXPECT_TRUE(r1.stream);
  EXPECT_EQ(r1.shared_body, nullptr);
  EXPECT_TRUE(nlohmann::json::parse(r1.body)["stream"].get<bool>());
}

TEST(PromptSource, RejectedBodyOptionsNameTheTarget) {
  scenario::Scenario s = base_scenario();
  s.request.extra = nlohmann::json::array();
  auto bench = run::make_workbench(s, s.targets[0]);
  ASSERT_FALSE(bench);
  EXPECT_EQ(bench.error().code, ErrorCode::invalid_scenario);
  EXPECT_EQ(bench.error().message.rfind("target \"a\": ", 0), 0u);
}

TEST(ChunkClassifier, StreamEvents) {
  run::ChunkClassifier c;
  auto role =
      c.on_event(0, "", R"({"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})");
  EXPECT_TRUE(role.role);
  EXPECT_EQ(role.tokens, 0u);
  auto token = c.on_event(0, "", R"({"choices":[{"index":0,"delta":{"content":"Hi"}}]})");
  EXPECT_EQ(token.tokens, 1u);
  EXPECT_FALSE(token.finish);
  auto finish = c.on_event(0, "", R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})");
  EXPECT_TRUE(finish.finish);
  EXPECT_EQ(finish.tokens, 0u);
  auto usage = c.on_event(
      0, "",
      R"({"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":12.0,"total_tokens":15}})");
  EXPECT_EQ(usage.usage_completion_tokens, 12);
  EXPECT_EQ(token.usage_completion_tokens, -1);
}

TEST(ChunkClassifier, ErrorsAndGarbage) {
  run::ChunkClassifier c;
  auto error = c.on_event(0, "", R"({"error":{"message":"overloaded","code":502}})");
  EXPECT_TRUE(error.error);
  EXPECT_EQ(error.detail, "error event: overloaded");
  auto bad = c.on_event(0, "", R"({"choices":[)");
  EXPECT_TRUE(bad.invalid);
  EXPECT_FALSE(bad.error);
  auto array = c.on_event(0, "", "[1]");
  EXPECT_TRUE(array.invalid);
  EXPECT_NE(array.detail.find("not an object"), std::string_view::npos);
}

TEST(ChunkClassifier, BodiesUseUsageOrEstimateFromBytes) {
  run::ChunkClassifier c;
  auto with_usage = c.on_body(
      0,
      R"({"choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],"usage":{"completion_tokens":2}})");
  EXPECT_EQ(with_usage.usage_completion_tokens, 2);
  EXPECT_TRUE(with_usage.finish);
  auto estimate = c.on_body(
      0,
      R"({"choices":[{"index":0,"message":{"role":"assistant","content":"12345678 "},"finish_reason":"stop"}]})");
  EXPECT_EQ(estimate.usage_completion_tokens, -1);
  EXPECT_EQ(estimate.tokens, 3u); // 9 bytes at 4 bytes per token, rounded up
  auto error = c.on_body(
      0,
      R"({"detail":[{"loc":["body","model"],"msg":"field required","type":"value_error.missing"}]})");
  EXPECT_TRUE(error.error);
  EXPECT_NE(error.detail.find("field required"), std::string_view::npos);
  auto html = c.on_body(0, "<html>oops</html>");
  EXPECT_TRUE(html.invalid);
}
