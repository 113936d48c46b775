// The openai module's per-request and per-chunk costs on the engine's worker threads.
// - Chunk classification: the hot-path scanner (classify_chunk) against the full nlohmann parse
//   (parse_chunk) and against nlohmann's SAX parser with a handler that does nothing (the floor
//   of a SAX-based classifier), on a realistic mix of 150-260-byte chunks: OpenAI style (role
//   chunk, content, finish, usage), vLLM style, OpenRouter style with doubles.
//   Target: well above 100k chunks/s per core.
// - Request bodies: fixed messages, a template with three placeholders, a conversation, and a
//   synthetic prompt of 1,000 words with a drawn max_tokens, each into a reused buffer.
// - Full responses: decode_response (scanner) against parse_response (nlohmann).
#include "openai/chunk.hpp"
#include "openai/request_body.hpp"
#include "openai/response.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

using namespace chatbench;
using nlohmann::json;

constexpr std::string_view k_openai_head =
    R"({"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk",)"
    R"("created":1741570283,"model":"gpt-4o-mini-2024-07-18","service_tier":"default",)"
    R"("system_fingerprint":"fp_06737a9306",)";
constexpr std::string_view k_vllm_head =
    R"({"id":"chatcmpl-8d1f0c2a7b9e4f1c","object":"chat.completion.chunk","created":1741570300,)"
    R"("model":"vllm-primary",)";
constexpr std::string_view k_words[] = {" the",     " model",   " answered", ",",
                                        " quickly", " and",     " with",     " \\\"quoted\\\"",
                                        " of",      " varying", " length",   " caf\\u00e9."};

// A stream's worth of chunks: ~97% content, plus role, finish and usage chunks.
std::vector<std::string> make_chunks() {
  std::vector<std::string> chunks;
  chunks.push_back(std::string(k_openai_head) +
                   R"("choices":[{"index":0,"delta":{"role":"assistant","content":"",)"
                   R"("refusal":null},"logprobs":null,"finish_reason":null}],"usage":null})");
  std::uint32_t seed = 12345;
  for (int i = 0; i < 200; ++i) {
    seed = seed * 1664525U + 1013904223U;
    const std::string word = std::string(k_words[(seed >> 20) % std::size(k_words)]);
    if ((seed >> 16) % 2 == 0) {
      chunks.push_back(std::string(k_openai_head) +
                       R"("choices":[{"index":0,"delta":{"content":")" + word +
                       R"("},"logprobs":null,"finish_reason":null}],"usage":null})");
    } else {
      chunks.push_back(std::string(k_vllm_head) + R"("choices":[{"index":0,"delta":{"content":")" +
                       word + R"("},"logprobs":null,"finish_reason":null}]})");
    }
  }
  chunks.push_back(std::string(k_openai_head) +
                   R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],)"
                   R"("usage":null})");
  chunks.push_back(std::string(k_vllm_head) +
                   R"("choices":[],"usage":{"prompt_tokens":25.0,"total_tokens":229.0,)"
                   R"("completion_tokens":204.0,"total_time":1.25}})");
  return chunks;
}

std::size_t total_bytes(const std::vector<std::string> &chunks) {
  std::size_t bytes = 0;
  for (const std::string &c : chunks) {
    bytes += c.size();
  }
  return bytes;
}

template <class Classify> void run_chunks(benchmark::State &state, Classify &&classify) {
  const std::vector<std::string> chunks = make_chunks();
  std::uint64_t tokens = 0;
  for (auto _ : state) {
    for (const std::string &chunk : chunks) {
      tokens += classify(chunk) ? 1U : 0U;
    }
  }
  benchmark::DoNotOptimize(tokens);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(chunks.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(total_bytes(chunks)));
  state.counters["bytes_per_chunk"] =
      static_cast<double>(total_bytes(chunks)) / static_cast<double>(chunks.size());
}

void BM_ClassifyChunk_Scanner(benchmark::State &state) {
  run_chunks(state,
             [](const std::string &c) { return openai::classify_chunk(c).carries_tokens(); });
}
BENCHMARK(BM_ClassifyChunk_Scanner);

void BM_ClassifyChunk_FullParse(benchmark::State &state) {
  run_chunks(state,
             [](const std::string &c) { return openai::parse_chunk(c).info.carries_tokens(); });
}
BENCHMARK(BM_ClassifyChunk_FullParse);

// nlohmann's SAX parser with a handler that accepts everything: what any SAX-based classifier
// would cost at least (the lexer still copies every string into its token buffer).
struct NullSax : nlohmann::json_sax<json> {
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t &) override { return true; }
  bool string(string_t &) override { return true; }
  bool binary(binary_t &) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t &) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) override {
    return false;
  }
};

void BM_ClassifyChunk_NlohmannSaxFloor(benchmark::State &state) {
  run_chunks(state, [](const std::string &c) {
    NullSax sax;
    return json::sax_parse(c, &sax);
  });
}
BENCHMARK(BM_ClassifyChunk_NlohmannSaxFloor);

const json k_messages = json::parse(
    R"([{"role":"system","content":"You are a helpful assistant. Answer briefly."},)"
    R"({"role":"user","content":"What is the capital of France, and why is it famous?"}])");

void run_build(benchmark::State &state, const openai::PromptGenerator &prompts) {
  openai::RequestBodyOptions options;
  options.model = "gpt-4o-mini";
  options.stream = true;
  options.max_tokens = 256;
  options.temperature = 0.7;
  const auto builder = openai::RequestBodyBuilder::create(openai::Provider::openai, options);
  std::string body;
  std::uint64_t index = 0;
  std::int64_t bytes = 0;
  for (auto _ : state) {
    (void)builder->build(prompts, index++, body);
    bytes += static_cast<std::int64_t>(body.size());
    benchmark::DoNotOptimize(body.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
  state.counters["body_bytes"] = static_cast<double>(body.size());
}

void BM_BuildBody_Fixed(benchmark::State &state) {
  run_build(state, *openai::fixed_prompts(k_messages));
}
BENCHMARK(BM_BuildBody_Fixed);

void BM_BuildBody_Template(benchmark::State &state) {
  const json messages =
      json::parse(R"([{"role":"system","content":"You are a {{persona}}."},)"
                  R"({"role":"user","content":"Tell me about {{city}} in {{season}}, briefly."}])");
  const openai::TemplateVariables variables{{"persona", {"travel guide", "historian", "chef"}},
                                            {"city", {"Paris", "Oslo", "Quito", "Kyoto", "Lagos"}},
                                            {"season", {"spring", "summer", "autumn", "winter"}}};
  run_build(state, *openai::template_prompts(messages, variables, 1));
}
BENCHMARK(BM_BuildBody_Template);

void BM_BuildBody_Conversation(benchmark::State &state) {
  std::vector<json> conversations;
  for (int i = 0; i < 100; ++i) {
    json c = k_messages;
    c.push_back({{"role", "assistant"}, {"content", "Paris. It is famous for art and food."}});
    c.push_back({{"role", "user"}, {"content", "Tell me more, turn " + std::to_string(i)}});
    conversations.push_back(std::move(c));
  }
  run_build(state,
            **openai::conversation_prompts(conversations, openai::ConversationOrder::shuffled, 1));
}
BENCHMARK(BM_BuildBody_Conversation);

void BM_BuildBody_Synthetic(benchmark::State &state) {
  openai::SyntheticPrompt spec;
  spec.input_tokens = util::Distribution::constant(static_cast<double>(state.range(0)));
  spec.output_tokens = util::Distribution{util::Distribution::Kind::normal, 256, 32, 1, 4096};
  spec.system_prompt = "You are a helpful assistant.";
  run_build(state, *openai::synthetic_prompts(spec, 1));
}
BENCHMARK(BM_BuildBody_Synthetic)->Arg(100)->Arg(1000);

const std::string k_response =
    R"({"id":"chatcmpl-1","object":"chat.completion","created":1741570283,"model":"gpt-4o-mini",)"
    R"("choices":[{"index":0,"message":{"role":"assistant","content":")" +
    std::string(1500, 'x') +
    R"(","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],)"
    R"("usage":{"prompt_tokens":9,"completion_tokens":300,"total_tokens":309,)"
    R"("completion_tokens_details":{"reasoning_tokens":0}},"system_fingerprint":"fp_1"})";

void BM_DecodeResponse_Scanner(benchmark::State &state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(openai::decode_response(k_response).body.content_bytes);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(k_response.size()));
}
BENCHMARK(BM_DecodeResponse_Scanner);

void BM_DecodeResponse_FullParse(benchmark::State &state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(openai::parse_response(k_response).summary.body.content_bytes);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(k_response.size()));
}
BENCHMARK(BM_DecodeResponse_FullParse);

} // namespace

BENCHMARK_MAIN();
