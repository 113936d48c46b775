// targets[].capacity read back from report.json: exactly the Result written (awkward doubles
// too), an absent knee or answer stays absent, and bad fields are refused naming their JSON
// pointer and what was expected.
#include "report/saved_capacity.hpp"

#include "report/json_capacity.hpp"
#include "report/json_report.hpp"
#include "report/saved_run.hpp"

#include "capacity_fixtures.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>

namespace chatbench::report {
namespace saved_capacity_test {
namespace {

using namespace test;
using nlohmann::json;

capacity::Result decoded(const json &document, std::string *problem = nullptr) {
  json_read::Reader in;
  const capacity::Result out = read_capacity(in, {&document, "/capacity"});
  if (problem != nullptr) {
    *problem = in.problem();
  } else {
    EXPECT_TRUE(in.ok()) << in.problem();
  }
  return out;
}

TEST(SavedCapacity, ReadsBackWhatWasWritten) {
  EXPECT_EQ(decoded(capacity_json(rate_sweep())), rate_sweep());
  EXPECT_EQ(decoded(capacity_json(concurrency_search())), concurrency_search());
}

TEST(SavedCapacity, AwkwardNumbersAndAbsentPartsSurvive) {
  capacity::Result r = rate_sweep();
  r.knee.reset();
  r.answer = capacity::Answer{};
  r.steps[2].level = 0.1 + 0.2;
  r.steps[2].figures.achieved_rate = 1.0 / 3.0;
  r.steps[2].figures.ttft.p99_ns = 9'007'199'254'740'993; // not a double
  r.steps[2].slo[0].actual.reset();
  const capacity::Result back = decoded(json::parse(capacity_json(r).dump()));
  EXPECT_EQ(back, r);
  EXPECT_FALSE(back.knee);
  ASSERT_TRUE(back.answer);
  EXPECT_FALSE(back.answer->last_pass);
}

// The whole document, with `change` applied to targets[0].capacity or targets[1].capacity.
std::string error_of(std::size_t target, const std::function<void(json &)> &change) {
  const run::RunOutput run = capacity_run();
  const scenario::Scenario s = sweep_scenario();
  json document = report_json(run, s, evaluate_thresholds(s.checks.thresholds, run));
  change(document["targets"][target]["capacity"]);
  Result<SavedRun> loaded = saved_run_from_json(document, "runs/x/report.json");
  EXPECT_FALSE(loaded);
  return loaded ? "" : loaded.error().message;
}

TEST(SavedCapacity, AnUnknownNameIsRefusedWithTheNamesThereAre) {
  EXPECT_EQ(error_of(0, [](json &c) { c["steps"][6]["status"] = "wobbly"; }),
            "runs/x/report.json: /targets/0/capacity/steps/6/status: expected a step status "
            "(\"stable\", \"unstable\", \"oversaturated\", \"failed\" or \"interrupted\"), found "
            "\"wobbly\"");
  EXPECT_EQ(error_of(1, [](json &c) { c["steps"][2]["kind"] = "bisect"; }),
            "runs/x/report.json: /targets/1/capacity/steps/2/kind: expected a step kind "
            "(\"baseline\", \"probe\", \"level\" or \"search\"), found \"bisect\"");
  EXPECT_EQ(error_of(0, [](json &c) { c["mode"] = "hunt"; }),
            "runs/x/report.json: /targets/0/capacity/mode: expected \"sweep\" or \"search\", "
            "found \"hunt\"");
  EXPECT_EQ(error_of(1, [](json &c) { c["answer"]["over"] = "tokens"; }),
            "runs/x/report.json: /targets/1/capacity/answer/over: expected \"rate\" or "
            "\"concurrency\", found \"tokens\"");
}

TEST(SavedCapacity, AMissingFieldNamesItsPointer) {
  EXPECT_EQ(error_of(1, [](json &c) { c["steps"][2]["figures"]["ttft"].erase("p95_ns"); }),
            "runs/x/report.json: /targets/1/capacity/steps/2/figures/ttft/p95_ns: missing");
  EXPECT_EQ(error_of(0, [](json &c) { c["knee"].erase("achieved_rate"); }),
            "runs/x/report.json: /targets/0/capacity/knee/achieved_rate: missing");
  EXPECT_EQ(error_of(0, [](json &c) { c.erase("steps"); }),
            "runs/x/report.json: /targets/0/capacity/steps: missing");
}

TEST(SavedCapacity, AMistypedOrOutOfRangeValueNamesItsPointer) {
  EXPECT_EQ(error_of(0, [](json &c) { c["steps"][0]["figures"]["itl"]["p50_ns"] = -2; }),
            "runs/x/report.json: /targets/0/capacity/steps/0/figures/itl/p50_ns: expected "
            "whole nanoseconds >= 0, or -1 for no sample, found -2");
  EXPECT_EQ(error_of(0, [](json &c) { c["answer"]["last_pass"] = -1; }),
            "runs/x/report.json: /targets/0/capacity/answer/last_pass: expected a whole number "
            ">= 0, found -1");
  EXPECT_EQ(error_of(0, [](json &c) { c["knee"]["step"] = 4294967296; }),
            "runs/x/report.json: /targets/0/capacity/knee/step: expected a step index, found "
            "4294967296");
  EXPECT_EQ(error_of(1, [](json &c) { c["steps"][1]["slo"][0]["actual"] = "fast"; }),
            "runs/x/report.json: /targets/1/capacity/steps/1/slo/0/actual: expected a number, "
            "found \"fast\"");
}

} // namespace
} // namespace saved_capacity_test
} // namespace chatbench::report
