// SSE parse throughput on a realistic streamed chat-completions reply: ~600 chunk events of
// 190-260 bytes (`data: {"id":"chatcmpl-...","object":"chat.completion.chunk",...}\n\n`), a few
// keep-alive comments, the finish and usage chunks and `data: [DONE]`. Fed whole, in slices the
// size of socket reads, and with a steady-clock read per event as the engine will do.
// Target (the issue): >= 1 GB/s on one core with timestamps.
#include "sse/parser.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace chatbench;

constexpr std::string_view k_head =
    R"({"id":"chatcmpl-9Qx7aB3kLmN0pRsTuVwXyZ12cD4e","object":"chat.completion.chunk",)"
    R"("created":1718000000,"model":"gpt-4o-mini-2024-07-18",)";
constexpr std::string_view k_fingerprint = R"("system_fingerprint":"fp_0ba0d124f1",)";
constexpr std::string_view k_words[] = {" the",     " model",   " answered", ",",
                                        " quickly", " and",     " with",     " tokens",
                                        " of",      " varying", " length",   "."};

// One reply; `eol` is the line ending ("\n" or "\r\n"), `chunks` the number of content events.
std::string make_reply(std::size_t chunks, std::string_view eol) {
  std::string reply;
  auto event = [&](std::string_view json) {
    reply.append("data: ").append(json).append(eol).append(eol);
  };
  std::string json;
  std::uint32_t seed = 12345;
  for (std::size_t i = 0; i < chunks; ++i) {
    seed = seed * 1664525u + 1013904223u;            // deterministic variety in size
    const bool openai_style = (seed >> 16) % 2 == 0; // else vLLM-like: no fingerprint, logprobs
    json.assign(k_head);
    if (openai_style) {
      json += k_fingerprint;
    }
    json += R"("choices":[{"index":0,"delta":{"content":")";
    json += k_words[(seed >> 20) % std::size(k_words)];
    json += openai_style ? R"("},"logprobs":null,"finish_reason":null}]})" : R"("}}]})";
    event(json);
    if (i % 100 == 50) {
      reply.append(": OPENROUTER PROCESSING").append(eol).append(eol);
    }
  }
  json.assign(k_head);
  json += R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]})";
  event(json);
  json.assign(k_head);
  json +=
      R"("choices":[],"usage":{"prompt_tokens":42,"completion_tokens":600,"total_tokens":642}})";
  event(json);
  event("[DONE]");
  return reply;
}

struct CountingSink {
  std::uint64_t events = 0;
  std::uint64_t data_bytes = 0;
  std::uint64_t comments = 0;
  void on_event(const sse::Event &event) {
    ++events;
    data_bytes += event.data.size() + (event.done ? 1 : 0);
  }
  void on_comment(std::string_view) { ++comments; }
  void on_error(sse::ErrorKind) {}
};

// What the engine will do: read the steady clock when an event completes and keep the gap.
struct TimestampSink : CountingSink {
  std::vector<std::int64_t> gaps_ns = std::vector<std::int64_t>(1024);
  std::int64_t last_ns = 0;
  void on_event(const sse::Event &event) {
    const std::int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                    std::chrono::steady_clock::now().time_since_epoch())
                                    .count();
    gaps_ns[events % gaps_ns.size()] = now_ns - last_ns;
    last_ns = now_ns;
    CountingSink::on_event(event);
  }
};

// range(0): slice size in bytes, 0 for the whole reply in one call.
template <class SinkType> void parse_reply(benchmark::State &state, std::string_view eol) {
  const std::string reply = make_reply(600, eol);
  const auto slice = state.range(0) == 0 ? reply.size() : static_cast<std::size_t>(state.range(0));
  sse::Parser parser;
  SinkType sink;
  for (auto _ : state) {
    for (std::size_t at = 0; at < reply.size(); at += slice) {
      parser.feed(std::string_view(reply).substr(at, slice), sink);
    }
    benchmark::DoNotOptimize(parser.finish());
  }
  benchmark::DoNotOptimize(sink.data_bytes);
  const auto iterations = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(reply.size()));
  state.counters["events"] =
      benchmark::Counter(static_cast<double>(sink.events), benchmark::Counter::kIsRate);
  state.counters["bytes_per_event"] =
      static_cast<double>(reply.size()) / (static_cast<double>(sink.events) / iterations);
}

void BM_parse_lf(benchmark::State &state) {
  parse_reply<CountingSink>(state, "\n");
}
void BM_parse_crlf(benchmark::State &state) {
  parse_reply<CountingSink>(state, "\r\n");
}
void BM_parse_lf_timestamped(benchmark::State &state) {
  parse_reply<TimestampSink>(state, "\n");
}

BENCHMARK(BM_parse_lf)->Arg(0)->Arg(1024)->Arg(2048)->Arg(16384);
BENCHMARK(BM_parse_crlf)->Arg(0)->Arg(1024);
BENCHMARK(BM_parse_lf_timestamped)->Arg(0)->Arg(1024)->Arg(2048)->Arg(16384);

} // namespace

BENCHMARK_MAIN();
