#include "scenario/quick.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
namespace sc = chatbench::scenario;

TEST(QuickScenario, FlagsBecomeAScenario) {
  sc::QuickOptions o;
  o.target = "http://127.0.0.1:8000";
  o.provider = "solidrust";
  o.model = "vllm-primary";
  o.stream = true;
  o.rate = "50/s";
  o.duration = "30s";
  o.max_tokens = "128";
  o.api_key_env = "MY_KEY";
  o.thresholds = {"ttft.p95 < 500ms"};
  const auto s = sc::load_quick_scenario(o);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->targets[0].path, "/v1/chat/completions");
  EXPECT_EQ(s->targets[0].api_key.name, "MY_KEY");
  EXPECT_EQ(s->load.mode, sc::Load::Mode::rate);
  EXPECT_DOUBLE_EQ(s->load.rate_per_s, 50);
  EXPECT_EQ(s->load.duration, 30s);
  EXPECT_EQ(s->request.max_tokens, 128);
  EXPECT_TRUE(s->request.stream);
  EXPECT_EQ(s->checks.thresholds.size(), 1u);
}

TEST(QuickScenario, DefaultsToTenRequestsOnOneConnection) {
  sc::QuickOptions o;
  o.target = "mock";
  const auto s = sc::load_quick_scenario(o);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.concurrency, 1u);
  EXPECT_EQ(s->load.requests, 10u);
  EXPECT_EQ(s->targets[0].model, "chatbench-mock");
}

TEST(QuickScenario, BadFlagsGetTheLoadersMessages) {
  sc::QuickOptions o;
  o.target = "127.0.0.1:8000";
  o.concurrency = "lots";
  const auto s = sc::load_quick_scenario(o);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message,
            "command line: /targets/0/base_url: expected \"mock\" or a URL starting with http:// "
            "or https://, found \"127.0.0.1:8000\"\n"
            "command line: /targets/0: missing required key \"model\"\n"
            "command line: /load/concurrency: expected a whole number from 1 to 1000000, found "
            "string \"lots\"");
}

TEST(QuickScenario, SetOverridesApply) {
  sc::QuickOptions o;
  o.target = "mock";
  sc::LoadOptions load;
  load.overrides = {"load.concurrency=4"};
  const auto s = sc::load_quick_scenario(o, load);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->load.concurrency, 4u);
}
