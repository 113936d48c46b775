// Capacity planning as a user meets it: `chatbench run` with a concurrency sweep against the
// embedded mock's capacity model, whose knee is known: 4 generations at once, each busy 200 ms
// (50 ms to the first token, 15 more tokens 10 ms apart). Up to concurrency 4 nothing waits; at
// 8, every request waits about one generation (TTFT ~250 ms). Then `chatbench report` renders
// the sweep again from report.json alone.
#include "binary.hpp"

#include <csignal>

using namespace chatbench::integration;
using nlohmann::json;

namespace {

// report.html's capacity section, "" when it has none.
std::string capacity_section(const std::string &html) {
  const std::size_t begin = html.find("<section id=\"capacity\">");
  const std::size_t end = html.find("</section>", begin);
  return begin == std::string::npos || end == std::string::npos ? ""
                                                                : html.substr(begin, end - begin);
}

} // namespace

TEST(Capacity, ConcurrencySweepFindsTheKneeGatesOnItAndRendersAgain) {
  Workdir dir("capacity");
  const std::string scenario = dir.file("sweep.json", R"({
    "name": "sweep",
    "targets": [{"name": "m", "provider": "openai", "base_url": "mock",
                 "mock": {"ttft": "50ms", "itl": "10ms", "output_tokens": 16,
                          "max_concurrency": 4}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true, "max_tokens": 16},
    "load": {"mode": "sweep", "duration": "1200ms", "warmup": "400ms",
             "sweep": {"over": "concurrency", "levels": [1, 2, 4, 8], "window": "400ms",
                       "max_duration": "2s", "tolerance": "20%",
                       "slo": ["ttft.p95 < 150ms"]}},
    "checks": {"thresholds": ["capacity.max_concurrency >= 4", "capacity.max_concurrency >= 8"]}
  })");
  const Outcome o = run({"run", scenario, "--out", "out"}, dir.path);
  // The second gate fails: the sweep's answer is 4.
  ASSERT_EQ(o.exit_code, 1) << o.err << o.out;
  const json report = dir.report();
  const json &capacity = report.at("targets").at(0).at("capacity");
  EXPECT_EQ(capacity.at("mode"), "sweep");
  EXPECT_EQ(capacity.at("over"), "concurrency");
  const json &steps = capacity.at("steps");
  ASSERT_EQ(steps.size(), 4u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(steps.at(i).at("status"), "stable") << i;
    EXPECT_LT(steps.at(i).at("figures").at("ttft").at("p50_ns").get<double>(), 100e6) << i;
  }
  EXPECT_GT(steps.at(3).at("figures").at("ttft").at("p50_ns").get<double>(), 150e6);
  EXPECT_EQ(capacity.at("knee").at("level"), 4);
  EXPECT_NEAR(capacity.at("knee").at("achieved_rate").get<double>(), 20.0, 2.0);
  EXPECT_EQ(capacity.at("answer").at("level"), 4);
  EXPECT_EQ(capacity.at("answer").at("first_fail"), 3);
  const json &verdicts = report.at("thresholds");
  ASSERT_EQ(verdicts.size(), 2u);
  EXPECT_TRUE(verdicts.at(0).at("passed").get<bool>()) << verdicts.dump();
  EXPECT_FALSE(verdicts.at(1).at("passed").get<bool>()) << verdicts.dump();
  // One line per step while it runs, and the steps table in the console and summary.md.
  EXPECT_NE(o.err.find("step 3 level concurrency 8"), std::string::npos) << o.err;
  EXPECT_NE(o.out.find("knee: step 2"), std::string::npos) << o.out;
  EXPECT_NE(slurp(dir.path / "out" / "summary.md").find("knee"), std::string::npos);
  const std::string section = capacity_section(slurp(dir.path / "out" / "report.html"));
  ASSERT_NE(section.find("knee: step 2"), std::string::npos);
  EXPECT_NE(section.find("id=\"capacity-throughput\""), std::string::npos);

  // Rendered again from report.json alone: the same capacity section.
  std::filesystem::remove(dir.path / "out" / "report.html");
  const Outcome again = run({"report", "out", "--format", "html,md"}, dir.path);
  ASSERT_EQ(again.exit_code, 0) << again.err << again.out;
  EXPECT_EQ(capacity_section(slurp(dir.path / "out" / "report.html")), section);
}

TEST(Capacity, SigintEndsTheSweepAtTheCurrentStepAndStillReportsIt) {
  Workdir dir("capacity_sigint");
  // Steps of 3 s at least: the signal 2.5 s in falls in the second one.
  const std::string scenario = dir.file("long.json", R"({
    "name": "long",
    "targets": [{"name": "m", "provider": "openai", "base_url": "mock",
                 "mock": {"ttft": "20ms", "itl": "5ms", "output_tokens": 8}}],
    "workload": {"messages": [{"role": "user", "content": "hi"}]},
    "request": {"stream": true},
    "load": {"mode": "sweep", "duration": "1500ms", "warmup": "200ms",
             "sweep": {"over": "concurrency", "levels": [1, 2, 4, 8], "window": "500ms",
                       "max_duration": "3s"}}
  })");
  const auto start = std::chrono::steady_clock::now();
  const Outcome o = run(
      {"run", scenario, "--out", "out"}, dir.path, std::chrono::seconds(30),
      [](pid_t pid) { ::kill(pid, SIGINT); }, std::chrono::milliseconds(2500));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_EQ(o.exit_code, 3) << o.err;
  const json report = dir.report();
  EXPECT_EQ(report.at("status"), "interrupted");
  const json &capacity = report.at("targets").at(0).at("capacity");
  const json &steps = capacity.at("steps");
  ASSERT_GE(steps.size(), 1u);
  ASSERT_LT(steps.size(), 4u) << "no step may start after the signal";
  EXPECT_EQ(steps.back().at("status"), "interrupted");
  EXPECT_EQ(capacity.at("stopped_early"), "interrupted by a signal");
}
