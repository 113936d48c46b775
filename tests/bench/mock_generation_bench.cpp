// The mock's per-request and per-chunk CPU cost outside the kernel: request validation, the
// non-streamed body, and one stream step (chunk JSON, SSE and HTTP chunk framing).
// Figures: docs/BENCHMARKS.md, "Mock provider".
#include "mock/generation.hpp"
#include "mock/validation.hpp"

#include <benchmark/benchmark.h>

using namespace chatbench::mock;
using chatbench::openai::Provider;

namespace {

constexpr std::string_view k_request =
    R"({"model":"m","messages":[{"role":"system","content":"You are terse."},)"
    R"({"role":"user","content":"Benchmark the mock, please."}],"max_tokens":64,"stream":true})";

GenerationSetup setup(bool stream, std::uint32_t tokens) {
  LatencyConfig latency;
  latency.output_tokens = chatbench::util::Distribution::constant(tokens);
  GenerationSetup s;
  s.body = BodyContext{Provider::openai, "m", 1704067200000, 1, 1, false};
  s.plan = make_plan(latency, 1, 1, std::nullopt);
  s.stream = stream;
  s.prompt_tokens = 20;
  return s;
}

void BM_ValidateRequest(benchmark::State &state) {
  for (auto _ : state) {
    auto parsed = parse_chat_request(Provider::openai, k_request);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_ValidateRequest);

void BM_NonStreamedAnswer(benchmark::State &state) {
  Step step;
  for (auto _ : state) {
    Generation g(setup(false, 16));
    do {
      g.next(step);
      benchmark::DoNotOptimize(step.bytes.data());
    } while (step.kind != Step::Kind::end);
  }
}
BENCHMARK(BM_NonStreamedAnswer);

void BM_StreamStep(benchmark::State &state) {
  constexpr std::uint32_t k_tokens = 1000;
  Step step;
  std::int64_t steps = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Generation g(setup(true, k_tokens));
    state.ResumeTiming();
    do {
      g.next(step);
      benchmark::DoNotOptimize(step.bytes.data());
      ++steps;
    } while (step.kind != Step::Kind::end);
  }
  state.SetItemsProcessed(steps);
}
BENCHMARK(BM_StreamStep);

} // namespace

BENCHMARK_MAIN();
