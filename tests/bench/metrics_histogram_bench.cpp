// Histogram costs on the load engine's hot path (record) and at report time (percentiles,
// summary, merge, encode, decode). Values are lognormal latencies around 50 ms in nanoseconds,
// the shape of TTFT and E2E.
#include "metrics/histogram.hpp"
#include "metrics/summary.hpp"

#include <benchmark/benchmark.h>
#include <cmath>
#include <random>
#include <vector>

using chatbench::metrics::Histogram;
using chatbench::metrics::summarize;

namespace {

std::vector<std::int64_t> latencies(std::size_t n, std::uint64_t seed, double sigma = 1.0) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> d(std::log(5e7), sigma);
  std::vector<std::int64_t> values(n);
  for (auto &v : values) {
    v = static_cast<std::int64_t>(d(rng));
  }
  return values;
}

Histogram filled(std::size_t n, std::uint64_t seed) {
  Histogram h;
  for (std::int64_t v : latencies(n, seed)) {
    h.record(v);
  }
  return h;
}

// 4096 pre-drawn values, cycled: the cost of record itself, not of the random generator.
void BM_Record(benchmark::State &state) {
  const std::vector<std::int64_t> values = latencies(4096, 1);
  Histogram h;
  std::size_t i = 0;
  for (auto _ : state) {
    h.record(values[i++ & 4095]);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Record);

// Inter-token latencies: a narrow range, so the same few cache lines.
void BM_RecordNarrow(benchmark::State &state) {
  const std::vector<std::int64_t> values = latencies(4096, 2, 0.1);
  Histogram h;
  std::size_t i = 0;
  for (auto _ : state) {
    h.record(values[i++ & 4095]);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordNarrow);

void BM_RecordCorrected(benchmark::State &state) {
  const std::vector<std::int64_t> values = latencies(4096, 3);
  Histogram h;
  std::size_t i = 0;
  for (auto _ : state) {
    h.record_corrected(values[i++ & 4095], 10'000'000); // a 10 ms schedule
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordCorrected);

void BM_ValueAtPercentile(benchmark::State &state) {
  const Histogram h = filled(1'000'000, 4);
  for (auto _ : state) {
    benchmark::DoNotOptimize(h.value_at_percentile(99.9));
  }
}
BENCHMARK(BM_ValueAtPercentile);

void BM_Summarize(benchmark::State &state) {
  const Histogram h = filled(1'000'000, 5);
  for (auto _ : state) {
    benchmark::DoNotOptimize(summarize(h));
  }
}
BENCHMARK(BM_Summarize);

void BM_Merge(benchmark::State &state) {
  const Histogram worker = filled(1'000'000, 6);
  Histogram total;
  for (auto _ : state) {
    benchmark::DoNotOptimize(total.merge(worker));
  }
}
BENCHMARK(BM_Merge);

void BM_Encode(benchmark::State &state) {
  const Histogram h = filled(1'000'000, 7);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = h.encode();
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Encode);

void BM_Decode(benchmark::State &state) {
  const std::string text = filled(1'000'000, 8).encode();
  for (auto _ : state) {
    auto h = Histogram::decode(text);
    benchmark::DoNotOptimize(h.has_value());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_Decode);

} // namespace
BENCHMARK_MAIN();
