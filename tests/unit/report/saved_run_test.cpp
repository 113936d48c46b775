// A run read back from its report.json: report.json rendered again from it equals the original
// in every field (the scenario section too, given the same Scenario), and so do summary.md,
// junit.xml and the console summary; bad files are refused with the file and the JSON pointer.
#include "report/saved_run.hpp"

#include "report/console.hpp"
#include "report/json_report.hpp"
#include "report/markdown.hpp"
#include "report/run_junit.hpp"

#include "capacity_fixtures.hpp"
#include "fixtures.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace chatbench::report {
namespace saved_run_test {
namespace {

using namespace test;
using nlohmann::json;

// Several targets: findings, every failure kind (on the mock), an error, nothing measured.
run::RunOutput mixed_run() {
  std::vector<run::TargetRun> targets;
  targets.push_back(with_findings(alpha()));
  targets.push_back(every_failure());
  targets.push_back(errored());
  targets.push_back(empty_target());
  return make_run(std::move(targets));
}

// Set-up fields that differ from the fixtures' defaults, output bytes, a warn level and an
// interruption.
run::RunOutput interrupted_run() {
  std::vector<metrics::RequestRecord> records;
  for (std::uint64_t i = 0; i < 3; ++i) {
    records.push_back(streamed({.id = i + 1, .at_ms = 50 * static_cast<std::int64_t>(i)}));
    records.back().output_bytes = 17 + i;
  }
  records.push_back(failed(4, 20, FailureKind::http_status, 500));
  run::TargetRun t = with_findings(make_target("delta", records));
  t.provider = openai::Provider::p8080;
  t.include_usage = false;
  t.stream = false;
  t.token_limit_field = "max_completion_tokens";
  t.notes = {"stream_options dropped: the provider does not accept it", "second note"};
  t.interrupted = true;
  t.conformance_level = conformance::Severity::warn;
  t.conformance_sample = 0.25;
  std::vector<run::TargetRun> targets;
  targets.push_back(std::move(t));
  run::RunOutput run = make_run(std::move(targets), true);
  run.requests_file.clear();
  run.manifest.tls.clear();
  return run;
}

class SavedRunFile : public testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("chatbench-saved-" + std::to_string(::getpid()) + "-" +
             testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  std::string write(const std::string &name, std::string_view text) const {
    const std::string path = (m_dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // report.json of `run` (the fixture scenario's thresholds), saved and read back.
  SavedRun round_trip(const run::RunOutput &run) {
    m_verdicts = evaluate_thresholds(fixture_scenario().checks.thresholds, run);
    m_document = report_json(run, fixture_scenario(), m_verdicts);
    const std::string path = (m_dir / "report.json").string();
    EXPECT_TRUE(write_json_file(path, m_document));
    Result<SavedRun> loaded = load_saved_run(path);
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
    return loaded ? std::move(*loaded) : SavedRun{};
  }

  void expect_same_views(const run::RunOutput &run) {
    const SavedRun loaded = round_trip(run);
    const json again = report_json(loaded.output, fixture_scenario(), loaded.verdicts);
    ASSERT_EQ(again["targets"].size(), m_document["targets"].size());
    for (std::size_t i = 0; i < again["targets"].size(); ++i) {
      EXPECT_EQ(again["targets"][i], m_document["targets"][i])
          << "target " << i << "\nagain:    " << again["targets"][i].dump()
          << "\noriginal: " << m_document["targets"][i].dump();
    }
    EXPECT_EQ(again["manifest"], m_document["manifest"]);
    EXPECT_EQ(again, m_document); // status, thresholds, requests_file, scenario too
    EXPECT_EQ(loaded.document, json::parse(json(m_document).dump()));
    EXPECT_EQ(summary_markdown(loaded.output, loaded.verdicts), summary_markdown(run, m_verdicts));
    EXPECT_EQ(run_junit(loaded.output, loaded.verdicts), run_junit(run, m_verdicts));
    std::ostringstream console_again;
    std::ostringstream console_original;
    print_summary(console_again, loaded.output, loaded.verdicts, {});
    print_summary(console_original, run, m_verdicts, {});
    EXPECT_EQ(console_again.str(), console_original.str());
  }

  std::filesystem::path m_dir;
  std::vector<Verdict> m_verdicts;
  json m_document;
};

TEST_F(SavedRunFile, OneStreamedTargetRendersAsTheOriginal) {
  expect_same_views(streamed_run());
}

TEST_F(SavedRunFile, FindingsFailuresErrorsAndSeveralTargetsRenderAsTheOriginal) {
  expect_same_views(mixed_run());
}

TEST_F(SavedRunFile, AnInterruptedRunWithOtherSetUpRendersAsTheOriginal) {
  expect_same_views(interrupted_run());
}

TEST_F(SavedRunFile, ARunWithoutTargetsRendersAsTheOriginal) {
  expect_same_views(make_run({}));
}

TEST_F(SavedRunFile, ASweepAndASearchRenderAsTheOriginal) {
  expect_same_views(capacity_run());
  const SavedRun loaded = round_trip(capacity_run());
  ASSERT_EQ(loaded.output.targets.size(), 2u);
  EXPECT_EQ(loaded.output.targets[0].capacity, rate_sweep());
  EXPECT_EQ(loaded.output.targets[1].capacity, concurrency_search());
}

TEST_F(SavedRunFile, KeepsWhatReportJsonHolds) {
  const SavedRun loaded = round_trip(mixed_run());
  EXPECT_EQ(loaded.output.out_dir, m_dir.string());
  EXPECT_EQ(loaded.output.requests_file, "reports/fixture/requests.jsonl");
  EXPECT_EQ(loaded.output.manifest.started, fixture_manifest().started);
  ASSERT_EQ(loaded.verdicts.size(), m_verdicts.size());
  for (std::size_t i = 0; i < m_verdicts.size(); ++i) {
    EXPECT_EQ(loaded.verdicts[i].expression, m_verdicts[i].expression);
    EXPECT_EQ(loaded.verdicts[i].actual, m_verdicts[i].actual);
    EXPECT_EQ(loaded.verdicts[i].passed, m_verdicts[i].passed);
  }
  const run::RunOutput original = mixed_run();
  const run::TargetRun &alpha_back = loaded.output.targets[0];
  for (std::size_t m = 0; m < metrics::k_metric_count; ++m) {
    const auto metric = static_cast<metrics::Metric>(m);
    EXPECT_EQ(alpha_back.recorder.histogram(metric), original.targets[0].recorder.histogram(metric))
        << metrics::to_string(metric);
  }
  EXPECT_EQ(alpha_back.timeline.buckets(), original.targets[0].timeline.buckets());
  EXPECT_EQ(alpha_back.conformance.failed(conformance::Check::chunk_schema), 3u);
  const run::TargetRun &beta_back = loaded.output.targets[1];
  EXPECT_EQ(beta_back.recorder.counts().http_failures,
            original.targets[1].recorder.counts().http_failures);
  EXPECT_EQ(beta_back.mock_figures.emission_lag_p99_ns, 900'000);
  EXPECT_EQ(loaded.output.targets[2].error, original.targets[2].error);
}

// Tally::failed(check) is not in report.json: restored from the findings, it is a lower bound
// when one check failed at different pointers in different responses (see saved_run.hpp).
TEST(SavedTallyRestore, FailedByCheckIsTheLargestFindingCount) {
  auto profile = conformance::Profile::load("openai");
  ASSERT_TRUE(profile);
  conformance::ResponseFindings r(**profile, conformance::Severity::fail);
  conformance::Tally tally;
  for (std::uint64_t id = 1; id <= 4; ++id) {
    r.reset(id);
    r.add(conformance::Check::chunk_schema, id % 2 == 0 ? "/created" : "/id", "missing");
    tally.add(r);
  }
  const conformance::Tally back = conformance::Tally::restore(
      {tally.checked(), tally.failures(), tally.warnings(), tally.dropped(), tally.findings()});
  EXPECT_EQ(tally.failed(conformance::Check::chunk_schema), 4u);
  EXPECT_EQ(back.failed(conformance::Check::chunk_schema), 2u);
  EXPECT_EQ(back.checked(), 4u);
  EXPECT_EQ(back.failures(), 4u);
  EXPECT_EQ(back.sorted_findings().size(), 2u);
}

// --- Bad input: the error names the file and the JSON pointer.

json saved_document() {
  const run::RunOutput run = mixed_run();
  const scenario::Scenario s = fixture_scenario();
  return report_json(run, s, evaluate_thresholds(s.checks.thresholds, run));
}

std::string error_of(const json &document) {
  Result<SavedRun> loaded = saved_run_from_json(document, "runs/x/report.json");
  EXPECT_FALSE(loaded);
  if (loaded) {
    return "";
  }
  EXPECT_EQ(loaded.error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(loaded.error().message.starts_with("runs/x/report.json: ")) << loaded.error().message;
  return loaded.error().message;
}

TEST_F(SavedRunFile, AMissingFileIsAnIoErrorNamingIt) {
  const std::string path = (m_dir / "nothing" / "report.json").string();
  const Result<SavedRun> loaded = load_saved_run(path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::io);
  EXPECT_EQ(loaded.error().message, "cannot read " + path + ": No such file or directory");
  const Result<SavedRun> folder = load_saved_run(m_dir.string());
  ASSERT_FALSE(folder);
  EXPECT_NE(folder.error().message.find("a folder, not a report.json"), std::string::npos);
}

TEST_F(SavedRunFile, NotJsonIsRefused) {
  const std::string path = write("report.json", "{\"schema\": \"chatbench.report/1\",");
  const Result<SavedRun> loaded = load_saved_run(path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(loaded.error().message, path + ": not JSON");
  EXPECT_EQ(error_of(json::array()), "runs/x/report.json: not a JSON object");
}

TEST(SavedRunDocument, AnotherSchemaIsRefusedByName) {
  EXPECT_EQ(error_of(json{{"schema", "chatbench.check/1"}, {"targets", json::array()}}),
            "runs/x/report.json: /schema: not a chatbench report (\"schema\" is "
            "\"chatbench.check/1\", expected \"chatbench.report/1\")");
  EXPECT_EQ(error_of(json{{"targets", json::array()}}),
            "runs/x/report.json: /schema: not a chatbench report (no \"schema\", expected "
            "\"chatbench.report/1\")");
}

TEST(SavedRunDocument, ABadHistogramNamesItsPointer) {
  json document = saved_document();
  document["targets"][1]["histograms"]["ttft"] = "chatbench-hist/1 lowest=1 garbage";
  const std::string message = error_of(document);
  EXPECT_TRUE(message.starts_with("runs/x/report.json: /targets/1/histograms/ttft: histogram "
                                  "encoding: "))
      << message;
}

TEST(SavedRunDocument, MissingAndMistypedFieldsNameTheirPointer) {
  json document = saved_document();
  document["targets"][0]["conformance"]["findings"][0].erase("severity");
  EXPECT_EQ(error_of(document),
            "runs/x/report.json: /targets/0/conformance/findings/0/severity: missing");

  document = saved_document();
  document["targets"][2]["timeline"]["points"] = "none";
  EXPECT_EQ(error_of(document), "runs/x/report.json: /targets/2/timeline/points: expected an "
                                "array, found \"none\"");

  document = saved_document();
  document["manifest"]["seed"] = -3;
  EXPECT_EQ(error_of(document),
            "runs/x/report.json: /manifest/seed: expected a whole number >= 0, found -3");

  document = saved_document();
  document["targets"][0]["provider"] = "openia";
  EXPECT_EQ(error_of(document), "runs/x/report.json: /targets/0/provider: expected a provider "
                                "name, found \"openia\"");

  document = saved_document();
  document["targets"][1]["failures"]["http_42x"] = 1;
  EXPECT_EQ(error_of(document),
            "runs/x/report.json: /targets/1/failures/http_42x: not a failure kind");

  document = saved_document();
  document["targets"][1]["requests"]["failed"] = 0;
  EXPECT_EQ(error_of(document),
            "runs/x/report.json: /targets/1/requests: failed is not total - ok");
}

} // namespace
} // namespace saved_run_test
} // namespace chatbench::report
