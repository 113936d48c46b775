#pragma once
// Test doubles for the engine's seams and a helper that runs an Engine and collects every
// record: a source with one fixed body, a substring-based classifier that stands in for the
// OpenAI chunk decoder (no JSON parsing), and a sink per worker.
#include "engine/engine.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::engine::testing {

struct SourceOptions {
  std::string body = R"({"model":"m","messages":[{"role":"user","content":"hi"}]})";
  bool stream = false;
  bool shared = false; ///< hand the body as a shared buffer instead of copying it
};

class FixedSource : public RequestSource {
public:
  explicit FixedSource(SourceOptions options)
      : m_options(std::move(options)),
        m_shared(std::make_shared<const std::string>(m_options.body)) {}
  Result<void> next(std::uint64_t, Request &request) override {
    request.target = 0;
    request.stream = m_options.stream;
    if (m_options.shared) {
      request.shared_body = m_shared;
    } else {
      request.body.assign(m_options.body);
    }
    return {};
  }

private:
  SourceOptions m_options;
  std::shared_ptr<const std::string> m_shared;
};

/// Looks for the OpenAI chunk fields by substring: enough for the canned transcripts.
class SubstringClassifier : public EventClassifier {
public:
  EventClass on_event(std::uint64_t, std::string_view, std::string_view data) noexcept override {
    return classify(data);
  }
  EventClass on_body(std::uint64_t, std::string_view body) noexcept override {
    return classify(body);
  }

  static EventClass classify(std::string_view data) noexcept {
    EventClass c;
    if (data.empty() || data.front() != '{') {
      c.invalid = true;
      c.detail = "event data is not a JSON object";
      return c;
    }
    c.role = data.find(R"("role")") != std::string_view::npos;
    const std::size_t content = data.find(R"("content":")");
    if (content != std::string_view::npos && content + 11 < data.size() &&
        data[content + 11] != '"') {
      c.tokens = 1;
    }
    c.finish = data.find(R"("finish_reason":")") != std::string_view::npos;
    if (data.find(R"("error")") != std::string_view::npos) {
      c.error = true;
      c.detail = "error object in the response";
    }
    constexpr std::string_view k_usage = R"("completion_tokens":)";
    if (const std::size_t at = data.find(k_usage); at != std::string_view::npos) {
      const char *begin = data.data() + at + k_usage.size();
      std::int64_t value = 0;
      if (std::from_chars(begin, data.data() + data.size(), value).ec == std::errc()) {
        c.usage_completion_tokens = value;
      }
    }
    return c;
  }
};

class CollectingSink : public RecordSink {
public:
  explicit CollectingSink(std::vector<metrics::RequestRecord> &out) : m_out(out) {}
  void on_record(const metrics::RequestRecord &record) override { m_out.push_back(record); }

private:
  std::vector<metrics::RequestRecord> &m_out;
};

struct RunOutput {
  RunResult result;
  std::vector<metrics::RequestRecord> records; ///< every worker's, worker 0 first
};

inline Target target_for(std::string url) {
  Target t;
  t.url = std::move(url);
  t.timeouts.connect = std::chrono::seconds(5);
  t.timeouts.total = std::chrono::seconds(20);
  return t;
}

/// A closed loop of `concurrency` for `requests` measured requests, no warmup, short drain.
inline LoadPlan closed_plan(double concurrency, std::uint64_t requests) {
  LoadPlan plan;
  plan.load = ClosedLoad{LevelProfile(concurrency)};
  plan.phases.requests = requests;
  plan.phases.drain = std::chrono::seconds(10);
  return plan;
}

/// Runs an Engine (one worker unless `options.workers` says otherwise) with FixedSource,
/// SubstringClassifier and a CollectingSink per worker. Fails the test on an engine error.
inline RunOutput run_engine(EngineOptions options, const SourceOptions &source = {}) {
  if (options.workers == 0) {
    options.workers = 1;
  }
  auto per_worker =
      std::make_shared<std::vector<std::vector<metrics::RequestRecord>>>(options.workers);
  options.plugins = [per_worker, source](std::uint32_t i) -> Result<WorkerPlugins> {
    WorkerPlugins plugins;
    plugins.source = std::make_unique<FixedSource>(source);
    plugins.classifier = std::make_unique<SubstringClassifier>();
    plugins.sink = std::make_unique<CollectingSink>((*per_worker)[i]);
    return plugins;
  };
  RunOutput output;
  auto engine = Engine::create(std::move(options));
  EXPECT_TRUE(engine.has_value()) << (engine ? "" : engine.error().message);
  if (!engine) {
    return output;
  }
  auto result = (*engine)->run();
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
  if (!result) {
    return output;
  }
  output.result = std::move(*result);
  for (auto &records : *per_worker) {
    output.records.insert(output.records.end(), records.begin(), records.end());
  }
  return output;
}

/// One target, a closed loop of 1, `requests` requests.
inline RunOutput run_requests(Target target, std::uint64_t requests,
                              const SourceOptions &source = {}) {
  EngineOptions options;
  options.targets.push_back(std::move(target));
  options.plan = closed_plan(1, requests);
  return run_engine(std::move(options), source);
}

} // namespace chatbench::engine::testing
