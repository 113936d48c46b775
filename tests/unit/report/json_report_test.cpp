// report.json: the fixture runs validate against schemas/report.schema.json, the key fields hold
// the figures, no number is NaN or infinite, a mutated document is rejected, and the file is
// written atomically.
#include "report/json_report.hpp"

#include "capacity_fixtures.hpp"
#include "fixtures.hpp"

#include "../support/json_schema.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

namespace chatbench::report {
namespace {

using namespace test;
using nlohmann::json;

const std::filesystem::path k_source = CHATBENCH_SOURCE_DIR;

class ReportJson : public testing::Test {
protected:
  static void SetUpTestSuite() {
    s_schema = std::make_unique<test_support::JsonSchema>(k_source / "schemas/report.schema.json");
  }

  static std::string errors_of(const json &document) { return s_schema->errors_of(document); }

  static json report_of(const run::RunOutput &run) {
    const scenario::Scenario s = fixture_scenario();
    const std::vector<Verdict> verdicts = evaluate_thresholds(s.checks.thresholds, run);
    return report_json(run, s, verdicts);
  }

  static inline std::unique_ptr<test_support::JsonSchema> s_schema;
};

run::RunOutput run_of(std::vector<run::TargetRun> targets, bool interrupted = false) {
  return make_run(std::move(targets), interrupted);
}

std::vector<run::RunOutput> fixture_runs() {
  std::vector<run::RunOutput> runs;
  runs.push_back(streamed_run());
  std::vector<run::TargetRun> failures;
  failures.push_back(every_failure());
  runs.push_back(run_of(std::move(failures)));
  std::vector<run::TargetRun> mixed;
  mixed.push_back(alpha());
  mixed.push_back(errored());
  runs.push_back(run_of(std::move(mixed)));
  std::vector<run::TargetRun> stopped;
  stopped.push_back(
      make_target("alpha", {streamed({.id = 1}), failed(2, 10, FailureKind::cut_off)}));
  stopped.back().interrupted = true;
  runs.push_back(run_of(std::move(stopped), true));
  std::vector<run::TargetRun> empty;
  empty.push_back(empty_target());
  runs.push_back(run_of(std::move(empty)));
  runs.push_back(run_of({}));
  runs.push_back(capacity_run()); // a rate sweep and a concurrency search
  return runs;
}

// Every number in `document` is finite; `where` names the first that is not.
std::string first_non_finite(const json &document, const std::string &where = "") {
  if (document.is_number_float() && !std::isfinite(document.get<double>())) {
    return where.empty() ? "/" : where;
  }
  if (document.is_structured()) {
    for (auto it = document.begin(); it != document.end(); ++it) {
      const std::string key = document.is_object() ? it.key() : "[]";
      if (std::string found = first_non_finite(*it, where + "/" + key); !found.empty()) {
        return found;
      }
    }
  }
  return "";
}

TEST_F(ReportJson, EveryFixtureRunMatchesTheSchemaWithFiniteNumbers) {
  int index = 0;
  for (const run::RunOutput &run : fixture_runs()) {
    const json document = report_of(run);
    EXPECT_EQ(errors_of(document), "") << "run " << index << "\n" << document.dump(2);
    EXPECT_EQ(first_non_finite(document), "") << "run " << index;
    ++index;
  }
}

TEST_F(ReportJson, MutatedDocumentsAreRejected) {
  const json good = report_of(fixture_runs()[1]);
  ASSERT_EQ(errors_of(good), "");
  // Each mutation sets the value at a JSON pointer, or removes it (nullopt).
  struct Mutation {
    std::string_view pointer;
    std::optional<json> value;
  };
  const std::vector<Mutation> mutations{
      {"/status", std::nullopt},                     // required
      {"/status", "maybe"},                          // not an allowed status
      {"/schema", "chatbench.report/2"},             // another version
      {"/interrupted", true},                        // interrupted yet "failed"
      {"/extra", 1},                                 // unknown top-level field
      {"/targets/0/colour", "red"},                  // unknown target field
      {"/targets/0/metrics/ttft_ms/p50", "fast"},    // a number as text
      {"/targets/0/requests/ok", -1},                // a negative count
      {"/targets/0/failures/tls", std::nullopt},     // every kind is listed
      {"/targets/0/failures/gremlins", 1},           // no such kind
      {"/targets/0/error_rate", 1.5},                // a fraction above 1
      {"/targets/0/tokens/source", "guess"},         // no such source
      {"/targets/0/mock_figures", std::nullopt},     // a mock target has them
      {"/targets/0/mock", false},                    // and only a mock target
      {"/targets/0/histograms/ttft", "[1,2]"},       // not an encoded histogram
      {"/manifest/started", "2024-05-01T12:34:56Z"}, // milliseconds missing
      {"/thresholds/0/passed", std::nullopt},        // required
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

TEST_F(ReportJson, TopLevelAndManifest) {
  const json d = report_of(streamed_run());
  EXPECT_EQ(d["schema"], "chatbench.report/1");
  EXPECT_EQ(d["status"], "passed"); // ttft.p95 401 ms < 800 ms, no errors
  EXPECT_EQ(d["interrupted"], false);
  EXPECT_EQ(d["requests_file"], "reports/fixture/requests.jsonl");
  const json &m = d["manifest"];
  EXPECT_EQ(m["started"], "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(m["duration_s"], 1.5);
  EXPECT_EQ(m["seed"], 42);
  EXPECT_EQ(m["scenario_hash"], "fnv1a64:0123456789abcdef");
  EXPECT_EQ(m["command_line"], json({"chatbench", "run", "scenarios/fixture.json"}));
  ASSERT_EQ(d["thresholds"].size(), 2u);
  EXPECT_EQ(d["thresholds"][0]["expression"], "ttft.p95 < 800ms");
  EXPECT_EQ(d["thresholds"][0]["target"], "alpha");
  EXPECT_EQ(d["thresholds"][0]["passed"], true);
  EXPECT_EQ(d["thresholds"][0]["actual"], 401e6);
}

TEST_F(ReportJson, ScenarioSection) {
  const json s = report_of(streamed_run())["scenario"];
  EXPECT_EQ(s["name"], "fixture");
  EXPECT_EQ(s["load"]["mode"], "rate");
  EXPECT_EQ(s["load"]["rate_per_s"], 10.0);
  EXPECT_TRUE(s["load"]["concurrency"].is_null());
  EXPECT_EQ(s["load"]["arrival"], "poisson");
  EXPECT_EQ(s["load"]["duration_s"], 30.0);
  EXPECT_TRUE(s["load"]["requests"].is_null());
  EXPECT_EQ(s["load"]["warmup"]["requests"], 1);
  EXPECT_EQ(s["slo"]["ttft_ms"], 250.0);
  EXPECT_TRUE(s["slo"]["tpot_ms"].is_null());
}

TEST_F(ReportJson, TargetFigures) {
  const json t = report_of(streamed_run())["targets"][0];
  EXPECT_EQ(t["name"], "alpha");
  EXPECT_EQ(t["provider"], "openai");
  EXPECT_FALSE(t.contains("error"));
  EXPECT_FALSE(t.contains("mock_figures"));
  EXPECT_EQ(t["mock"], false);
  EXPECT_EQ(t["requests"], json({{"total", 4}, {"ok", 4}, {"failed", 0}, {"warmup", 1}}));
  EXPECT_EQ(t["metrics"]["ttft_ms"]["min"], 101.0);
  EXPECT_EQ(t["metrics"]["ttft_ms"]["count"], 4);
  EXPECT_NEAR(t["metrics"]["ttft_ms"]["p50"].get<double>(), 201, 0.2);
  EXPECT_EQ(t["metrics"]["e2e_ms"]["max"], 486.0);
  EXPECT_EQ(t["metrics"]["tls_ms"]["count"], 0);
  EXPECT_TRUE(t["metrics"]["tls_ms"]["p50"].is_null()); // no samples: null, not 0
  EXPECT_NEAR(t["metrics"]["output_tokens_per_s_per_request"]["max"].get<double>(), 5 / 0.185,
              0.03);
  EXPECT_DOUBLE_EQ(t["throughput"]["requests_per_s"].get<double>(), 4 / 0.786);
  EXPECT_EQ(t["goodput"]["requests"], 2);
  EXPECT_EQ(t["goodput"]["slo"]["ttft_ms"], 250.0);
  EXPECT_TRUE(t["goodput"]["slo"]["e2e_ms"].is_null());
  EXPECT_EQ(t["tokens"]["source"], "usage");
  EXPECT_EQ(t["tokens"]["output_total"], 20);
  EXPECT_EQ(t["http"]["status"], json({{"200", 4}}));
  EXPECT_EQ(t["http"]["versions"], json({{"1.1", 4}}));
  EXPECT_EQ(t["duration"]["measured_s"], 0.786);
  EXPECT_EQ(t["late_sends"], 1);
  // Timeline: 100 ms buckets; requests sent at 1, 101, 201, 301 ms (and the warmup one at 1).
  EXPECT_EQ(t["timeline"]["bucket_s"], 0.1);
  const json &points = t["timeline"]["points"];
  ASSERT_EQ(points.size(), 8u); // the last request ends at 786 ms
  EXPECT_EQ(points[0]["sent"], 2);
  EXPECT_EQ(points[3]["t_s"], 0.3);
  EXPECT_EQ(points[7]["done"], 1);
}

TEST_F(ReportJson, HistogramsDecodeToTheRecordedOnes) {
  const run::TargetRun target = alpha();
  const json h = report_of(streamed_run())["targets"][0]["histograms"];
  for (const auto &[name, metric] : {std::pair{"ttft", metrics::Metric::ttft_intended},
                                     {"e2e", metrics::Metric::e2e_intended},
                                     {"itl", metrics::Metric::itl},
                                     {"ttfb", metrics::Metric::ttfb_sent},
                                     {"output_rate_milli", metrics::Metric::output_rate_milli}}) {
    auto decoded = metrics::Histogram::decode(h[name].get<std::string>());
    ASSERT_TRUE(decoded) << name;
    EXPECT_TRUE(*decoded == target.recorder.histogram(metric)) << name;
  }
}

TEST_F(ReportJson, FailuresHttpAndMock) {
  const json t = report_of(fixture_runs()[1])["targets"][0];
  EXPECT_EQ(t["failures"]["http_status"], 2);
  EXPECT_EQ(t["failures"]["http_429"], 1);
  EXPECT_EQ(t["failures"]["http_503"], 1);
  EXPECT_EQ(t["failures"]["not_sent"], 1);
  EXPECT_FALSE(t["failures"].contains("ok"));
  EXPECT_EQ(t["http"]["status"], json({{"200", 1}, {"429", 1}, {"503", 1}}));
  EXPECT_EQ(t["http"]["versions"], json({{"1.1", 1}, {"2", 2}}));
  EXPECT_EQ(t["mock"], true);
  EXPECT_EQ(t["mock_figures"]["completions"], 18);
  EXPECT_EQ(t["mock_figures"]["emission_lag_p99_ms"], 0.9);
}

TEST_F(ReportJson, Status) {
  const std::vector<run::RunOutput> runs = fixture_runs();
  EXPECT_EQ(report_of(runs[0])["status"], "passed");
  EXPECT_EQ(report_of(runs[1])["status"], "failed"); // error_rate 94% >= 1%
  const json errored_run = report_of(runs[2]);
  EXPECT_EQ(errored_run["status"], "failed");
  EXPECT_EQ(errored_run["targets"][1]["error"],
            "mock: cannot listen on 127.0.0.1:0: Address already in use");
  const json stopped = report_of(runs[3]);
  EXPECT_EQ(stopped["status"], "interrupted");
  EXPECT_EQ(stopped["interrupted"], true);
  EXPECT_EQ(stopped["targets"][0]["interrupted"], true);
  EXPECT_EQ(report_of(runs[4])["status"], "failed"); // nothing measured: thresholds fail
  EXPECT_EQ(report_of(runs[5])["targets"].size(), 0u);
}

class JsonFile : public testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("chatbench-report-" + std::to_string(::getpid()) + "-" +
             testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  std::filesystem::path m_dir;
};

TEST_F(JsonFile, WritesAndReplacesLeavingNoTemporaryFile) {
  const std::string path = (m_dir / "report.json").string();
  ASSERT_TRUE(write_json_file(path, json{{"a", 1}}));
  ASSERT_TRUE(write_json_file(path, json{{"a", 2}, {"text", std::string("bad \xff byte")}}));
  std::ifstream in(path);
  const json back = json::parse(in);
  EXPECT_EQ(back["a"], 2);
  EXPECT_EQ(back["text"], "bad \xEF\xBF\xBD byte"); // invalid UTF-8 replaced, not thrown
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(m_dir), {}), 1);
}

TEST_F(JsonFile, AMissingFolderIsAnIoErrorNamingThePath) {
  const std::string path = (m_dir / "missing" / "report.json").string();
  const Result<void> written = write_json_file(path, json::object());
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::io);
  EXPECT_NE(written.error().message.find(path), std::string::npos) << written.error().message;
  EXPECT_NE(written.error().message.find("No such file or directory"), std::string::npos)
      << written.error().message;
}

TEST_F(JsonFile, AFolderInTheWayOfTheRenameIsReported) {
  const std::filesystem::path path = m_dir / "report.json";
  std::filesystem::create_directories(path / "inside");
  const Result<void> written = write_json_file(path.string(), json::object());
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message.find("cannot rename"), std::string::npos)
      << written.error().message;
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(m_dir), {}), 1); // no temporary
}

} // namespace
} // namespace chatbench::report
