// The cost of conformance checks per chunk and per response: what checking every response costs
// a run's worker thread (issue target: checking every chunk must not limit a run below 20,000
// chunks/s per core). Each iteration is one item through conformance::ExchangeChecker, as the
// run's CheckingClassifier feeds it: JSON parse, schema validation, semantic checks.
//
//   ./build.sh bench && build/bench/bench/bench_conformance_check
#include "conformance/exchange.hpp"
#include "conformance/profile.hpp"

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

namespace {

using namespace chatbench::conformance;

const Profile &profile(const char *name) {
  static std::map<std::string, std::shared_ptr<const Profile>> cache;
  auto &p = cache[name];
  if (!p) {
    p = *Profile::load(name);
  }
  return *p;
}

const std::string k_chunk =
    R"({"id":"chatcmpl-9a7b","object":"chat.completion.chunk","created":1704067200,)"
    R"("model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,)"
    R"("delta":{"content":" token"},"logprobs":null,"finish_reason":null}],"usage":null})";

const std::string k_body =
    R"({"id":"chatcmpl-9a7b","object":"chat.completion","created":1704067200,)"
    R"("model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"message":)"
    R"({"role":"assistant","content":")" +
    std::string(600, 'x') +
    R"(","refusal":null},"logprobs":null,"finish_reason":"stop"}],)"
    R"("usage":{"prompt_tokens":25,"completion_tokens":150,"total_tokens":175}})";

// One content chunk of a long stream (the stream's start and end are amortised away).
void BM_Chunk(benchmark::State &state, const char *name) {
  ExchangeChecker checker(profile(name), Severity::fail);
  checker.begin(1, {true, false});
  checker.on_response(200, "text/event-stream");
  for (auto _ : state) {
    checker.on_event("", k_chunk);
  }
  benchmark::DoNotOptimize(checker.findings().items().size());
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(k_chunk.size()));
}
BENCHMARK_CAPTURE(BM_Chunk, openai, "openai");
BENCHMARK_CAPTURE(BM_Chunk, interactive, "interactive");
BENCHMARK_CAPTURE(BM_Chunk, solidrust, "solidrust");

// A whole non-streamed exchange: status, Content-Type, a ~0.9 KB body.
void BM_Response(benchmark::State &state, const char *name) {
  ExchangeChecker checker(profile(name), Severity::fail);
  std::uint64_t id = 0;
  for (auto _ : state) {
    checker.begin(++id, {false, false});
    checker.on_response(200, "application/json");
    checker.on_body(k_body);
    checker.end(true, true);
  }
  benchmark::DoNotOptimize(checker.findings().items().size());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Response, openai, "openai");
BENCHMARK_CAPTURE(BM_Response, interactive, "interactive");

// A chunk with a finding (missing created) on every event: the dedupe path.
void BM_ChunkWithFinding(benchmark::State &state) {
  std::string chunk = k_chunk;
  chunk.erase(chunk.find(R"("created":1704067200,)"), 21);
  ExchangeChecker checker(profile("openai"), Severity::fail);
  checker.begin(1, {true, false});
  checker.on_response(200, "text/event-stream");
  for (auto _ : state) {
    checker.on_event("", chunk);
  }
  benchmark::DoNotOptimize(checker.findings().items().size());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ChunkWithFinding);

} // namespace

BENCHMARK_MAIN();
