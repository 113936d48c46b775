// report.json's capacity parts: targets[].capacity holds every step, the knee and the answer
// as capacity::Result has them, scenario.load names all four modes and the sweep settings, and
// the documents match schemas/report.schema.json (which refuses broken capacity fields).
#include "report/json_capacity.hpp"
#include "report/json_report.hpp"

#include "capacity_fixtures.hpp"

#include "../support/json_schema.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

namespace chatbench::report {
namespace json_capacity_test {
namespace {

using namespace test;
using nlohmann::json;

class CapacityJson : public testing::Test {
protected:
  static void SetUpTestSuite() {
    s_schema = std::make_unique<test_support::JsonSchema>(
        std::filesystem::path(CHATBENCH_SOURCE_DIR) / "schemas/report.schema.json");
  }
  static std::string errors_of(const json &document) { return s_schema->errors_of(document); }
  static json document_of(const run::RunOutput &run, const scenario::Scenario &s) {
    return report_json(run, s, evaluate_thresholds(s.checks.thresholds, run));
  }
  static inline std::unique_ptr<test_support::JsonSchema> s_schema;
};

TEST_F(CapacityJson, ASweepAndASearchMatchTheSchema) {
  const json d = document_of(capacity_run(), sweep_scenario());
  EXPECT_EQ(errors_of(d), "") << d["targets"][0]["capacity"].dump(2);
  scenario::Scenario search = sweep_scenario();
  search.load.mode = scenario::Load::Mode::search;
  search.load.sweep.over = scenario::Sweep::Over::concurrency;
  EXPECT_EQ(errors_of(document_of(capacity_run(), search)), "");
}

TEST_F(CapacityJson, EveryStepFigureKneeAndAnswer) {
  const json c = document_of(capacity_run(), sweep_scenario())["targets"][0]["capacity"];
  EXPECT_EQ(c["mode"], "sweep");
  EXPECT_EQ(c["over"], "rate");
  EXPECT_EQ(c["stopped_early"], "step 6 was over-saturated: error rate 35.00% over 10.00%");
  EXPECT_EQ(c["knee"], json({{"step", 4},
                             {"level", 30.0},
                             {"achieved_rate", 29.7},
                             {"output_tokens_per_s", 3801.6}}));
  EXPECT_EQ(c["answer"], json({{"found", true},
                               {"level", 30.0},
                               {"over", "rate"},
                               {"last_pass", 4},
                               {"first_fail", 5},
                               {"resolution", 0.0},
                               {"resolved", false},
                               {"monotone", true},
                               {"note", ""}}));
  ASSERT_EQ(c["steps"].size(), 7u);
  const json &baseline = c["steps"][0];
  EXPECT_EQ(baseline["kind"], "baseline");
  EXPECT_EQ(baseline["over"], "concurrency");
  EXPECT_EQ(baseline["level"], 1.0);
  const json &s4 = c["steps"][4];
  EXPECT_EQ(s4["index"], 4);
  EXPECT_EQ(s4["status"], "stable");
  EXPECT_EQ(s4["extended"], true);
  EXPECT_EQ(s4["windows"], 9);
  EXPECT_EQ(s4["measured_from_s"], 12.5);
  EXPECT_EQ(s4["measured_to_s"], 30.5);
  EXPECT_EQ(baseline["measured_from_s"], -1) << "the fixture leaves it unknown: -1";
  EXPECT_EQ(s4["reason"], "");
  const json &f = s4["figures"];
  EXPECT_EQ(f["measured_s"], 10.0);
  EXPECT_EQ(f["requests"], 297);
  EXPECT_EQ(f["offered_rate"], 30.0);
  EXPECT_EQ(f["achieved_rate"], 29.7);
  EXPECT_EQ(f["mean_in_flight"], 17.5);
  EXPECT_EQ(f["ttft"], json({{"p50_ns", 250'000'000},
                             {"p90_ns", 300'000'000},
                             {"p95_ns", 350'000'000},
                             {"p99_ns", 400'000'000}}));
  EXPECT_EQ(f["e2e"]["p50_ns"], 1'750'000'000);
  EXPECT_EQ(f["itl"]["p99_ns"], 40'000'000);
  EXPECT_EQ(s4["slo"][0], json({{"expression", "ttft.p95 < 500ms"},
                                {"actual", 350e6},
                                {"passed", true},
                                {"detail", "actual 350 ms, required < 500 ms"}}));
  EXPECT_EQ(c["steps"][6]["status"], "oversaturated");
  EXPECT_EQ(c["steps"][6]["figures"]["error_rate"], 0.35);
}

TEST_F(CapacityJson, AStepThatMeasuredNothingHasNoLatencyAndNoActual) {
  const json c = document_of(capacity_run(), sweep_scenario())["targets"][1]["capacity"];
  EXPECT_EQ(c["mode"], "search");
  EXPECT_EQ(c["answer"]["over"], "concurrency");
  EXPECT_EQ(c["answer"]["note"], "the search ran out of steps");
  const json &failed_step = c["steps"][5];
  EXPECT_EQ(failed_step["status"], "failed");
  EXPECT_EQ(failed_step["figures"]["requests"], 0);
  EXPECT_EQ(failed_step["figures"]["ttft"]["p50_ns"], -1);
  EXPECT_EQ(failed_step["figures"]["itl"]["p99_ns"], -1);
  EXPECT_TRUE(failed_step["slo"][0]["actual"].is_null());
}

TEST_F(CapacityJson, NoCapacityNoKneeNoAnswer) {
  const json plain = document_of(streamed_run(), fixture_scenario());
  EXPECT_FALSE(plain["targets"][0].contains("capacity"));
  EXPECT_FALSE(plain["scenario"]["load"].contains("sweep"));
  capacity::Result bare = rate_sweep();
  bare.knee.reset();
  bare.answer.reset();
  const json c = capacity_json(bare);
  EXPECT_TRUE(c["knee"].is_null());
  EXPECT_TRUE(c["answer"].is_null());
  capacity::Result unfound = rate_sweep();
  unfound.answer = capacity::Answer{};
  EXPECT_TRUE(capacity_json(unfound)["answer"]["last_pass"].is_null());
}

TEST_F(CapacityJson, TheLoadSectionNamesEveryModeAndTheSweepSettings) {
  scenario::Scenario s = sweep_scenario();
  s.load.sweep.max_duration = std::chrono::milliseconds(45'500);
  s.load.sweep.resolution_relative = false;
  s.load.sweep.resolution = 2;
  const json load = document_of(streamed_run(), s)["scenario"]["load"];
  EXPECT_EQ(load["mode"], "sweep");
  EXPECT_TRUE(load["concurrency"].is_null());
  EXPECT_TRUE(load["rate_per_s"].is_null());
  EXPECT_EQ(load["arrival"], "poisson"); // a rate sweep's steps arrive so
  const json &sweep = load["sweep"];
  EXPECT_EQ(sweep["over"], "rate");
  EXPECT_EQ(sweep["levels"], json({10.0, 20.0, 30.0, 40.0, 50.0}));
  EXPECT_EQ(sweep["steps"], 6);
  EXPECT_EQ(sweep["probe_concurrency"], 64);
  EXPECT_EQ(sweep["max_duration_s"], 45.5);
  EXPECT_EQ(sweep["window_s"], 2.0);
  EXPECT_EQ(sweep["stable_windows"], 3);
  EXPECT_EQ(sweep["tolerance"], 0.1);
  EXPECT_EQ(sweep["stop_error_rate"], 0.1);
  EXPECT_EQ(sweep["stop_latency_growth"], 3.0);
  EXPECT_EQ(sweep["slo"], json({"ttft.p95 < 500ms", "error_rate < 5%"}));
  EXPECT_EQ(sweep["start"], 0.0);
  EXPECT_EQ(sweep["max"], 0.0);
  EXPECT_EQ(sweep["resolution"], 2.0);
  EXPECT_EQ(sweep["resolution_relative"], false);

  s.load.mode = scenario::Load::Mode::search;
  s.load.sweep.over = scenario::Sweep::Over::concurrency;
  const json search = document_of(streamed_run(), s)["scenario"]["load"];
  EXPECT_EQ(search["mode"], "search");
  EXPECT_TRUE(search["arrival"].is_null()); // closed-loop steps
  EXPECT_EQ(search["sweep"]["over"], "concurrency");
  EXPECT_EQ(errors_of(document_of(streamed_run(), s)), "");

  s.load.mode = scenario::Load::Mode::concurrency;
  s.load.concurrency = 8;
  const json closed = document_of(streamed_run(), s)["scenario"]["load"];
  EXPECT_EQ(closed["mode"], "concurrency");
  EXPECT_EQ(closed["concurrency"], 8);
  EXPECT_FALSE(closed.contains("sweep"));
  EXPECT_EQ(load_mode_name(scenario::Load::Mode::rate), "rate");
}

TEST_F(CapacityJson, TheSchemaRefusesBrokenCapacityFields) {
  const json good = document_of(capacity_run(), sweep_scenario());
  ASSERT_EQ(errors_of(good), "");
  struct Mutation {
    std::string_view pointer;
    std::optional<json> value;
  };
  const std::vector<Mutation> mutations{
      {"/targets/0/capacity/mode", "hunt"},                       // no such mode
      {"/targets/0/capacity/steps/1/status", "wobbly"},           // no such status
      {"/targets/0/capacity/steps/1/kind", "guess"},              // no such kind
      {"/targets/0/capacity/steps/1/figures/ttft/p50_ns", -2},    // below "no sample"
      {"/targets/0/capacity/steps/1/figures/ttft/p50_ns", 1.5},   // not whole nanoseconds
      {"/targets/0/capacity/steps/1/figures/error_rate", 2},      // a fraction above 1
      {"/targets/0/capacity/steps/1/figures/ok", std::nullopt},   // required
      {"/targets/0/capacity/knee/step", std::nullopt},            // required
      {"/targets/0/capacity/answer/last_pass", -1},               // not a step
      {"/targets/0/capacity/steps/0/slo/0/passed", std::nullopt}, // required
      {"/targets/0/capacity/colour", "red"},                      // unknown field
      {"/scenario/load/sweep", std::nullopt},                     // a sweep has its settings
      {"/scenario/load/mode", "rate"},                            // and only a sweep
      {"/scenario/load/sweep/over", "tokens"},                    // no such over
  };
  for (const Mutation &m : mutations) {
    json bad = good;
    const json::json_pointer pointer{std::string(m.pointer)};
    if (m.value) {
      bad[pointer] = *m.value;
    } else {
      bad[pointer.parent_pointer()].erase(pointer.back());
    }
    EXPECT_NE(errors_of(bad), "") << m.pointer;
  }
}

} // namespace
} // namespace json_capacity_test
} // namespace chatbench::report
