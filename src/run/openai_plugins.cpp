#include "run/openai_plugins.hpp"

#include "openai/chunk.hpp"
#include "openai/response.hpp"
#include "openai/tokens.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cstdint>
#include <new>
#include <span>

namespace chatbench::run {
namespace {

Result<std::unique_ptr<const openai::PromptGenerator>>
prompt_generator(const scenario::Workload &workload, std::uint64_t seed) {
  using Kind = scenario::Workload::Kind;
  switch (workload.kind) {
  case Kind::messages:
    return openai::fixed_prompts(workload.messages);
  case Kind::template_:
    return openai::template_prompts(workload.messages, workload.variables, seed);
  case Kind::conversations:
    return openai::conversation_prompts(workload.conversations,
                                        openai::ConversationOrder::sequential, seed);
  case Kind::synthetic:
    return openai::synthetic_prompts(
        {workload.input_tokens, workload.output_tokens, workload.system_prompt}, seed);
  }
  return make_error(ErrorCode::internal, "unknown workload kind");
}

openai::RequestBodyOptions body_options(const scenario::RequestOptions &request,
                                        const scenario::Target &target) {
  openai::RequestBodyOptions options;
  options.model = target.model;
  options.stream = request.stream;
  options.max_tokens = request.max_tokens;
  options.temperature = request.temperature;
  options.top_p = request.top_p;
  options.stop = request.stop;
  options.include_usage = request.include_usage;
  options.extra = request.extra;
  return options;
}

// usage.completion_tokens as an integer, by the rule of openai/tokens.hpp; -1 when unusable.
std::int64_t usage_tokens(const std::optional<openai::Usage> &usage) noexcept {
  const openai::OutputTokens tokens = openai::count_output_tokens(0, usage, false);
  return tokens.source == openai::TokenSource::usage ? static_cast<std::int64_t>(tokens.count) : -1;
}

} // namespace

Result<std::shared_ptr<const Workbench>> make_workbench(const scenario::Scenario &scenario,
                                                        const scenario::Target &target) {
  const auto fail = [&target](const std::string &message) {
    return make_error(ErrorCode::invalid_scenario,
                      "target " + util::quoted(target.name) + ": " + message);
  };
  Result<openai::RequestBodyBuilder> builder =
      openai::RequestBodyBuilder::create(target.provider, body_options(scenario.request, target));
  if (!builder) {
    return fail(builder.error().message);
  }
  Result<std::unique_ptr<const openai::PromptGenerator>> prompts =
      prompt_generator(scenario.workload, scenario.seed);
  if (!prompts) {
    return fail(prompts.error().message);
  }
  auto bench = std::make_shared<Workbench>(Workbench{std::move(*builder), std::move(*prompts), {}});
  if (scenario.workload.kind == scenario::Workload::Kind::messages) {
    bench->constant_body =
        std::make_shared<const std::string>(bench->builder.build(*bench->prompts, 0));
  }
  return std::shared_ptr<const Workbench>(std::move(bench));
}

Result<void> PromptSource::next(std::uint64_t id, engine::Request &request) {
  request.target = 0;
  request.stream = m_bench->builder.stream();
  if (m_bench->constant_body) {
    request.shared_body = m_bench->constant_body;
  } else {
    m_bench->builder.build(*m_bench->prompts, id, request.body);
  }
  if (m_made != nullptr) {
    m_made->fetch_add(1, std::memory_order_relaxed);
  }
  return {};
}

engine::EventClass ChunkClassifier::on_event(std::uint64_t, std::string_view,
                                             std::string_view data) noexcept {
  const openai::ChunkInfo info = openai::classify_chunk(data);
  engine::EventClass c;
  switch (info.kind) {
  case openai::ChunkKind::invalid_json:
    c.invalid = true;
    c.detail = "an event's data is not valid JSON";
    return c;
  case openai::ChunkKind::not_object:
    c.invalid = true;
    c.detail = "an event's data is JSON but not an object";
    return c;
  case openai::ChunkKind::error:
    c.error = true;
    try {
      m_detail = "error event: " + openai::summarize_error(data).message;
      c.detail = m_detail;
    } catch (const std::bad_alloc &) {
      c.detail = "error event";
    }
    return c;
  default:
    break;
  }
  c.role = info.role;
  c.tokens = info.carries_tokens() ? 1 : 0;
  c.output_bytes = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(info.content_bytes + info.reasoning_bytes, UINT32_MAX));
  c.finish = !info.finish_reasons.empty();
  c.usage_completion_tokens = usage_tokens(info.usage);
  return c;
}

engine::EventClass ChunkClassifier::on_body(std::uint64_t, std::string_view body) noexcept {
  engine::EventClass c;
  try {
    const openai::ResponseSummary summary = openai::decode_response(body, 200);
    if (!summary.valid_json || !summary.is_object) {
      c.invalid = true;
      c.detail =
          summary.valid_json ? "the body is JSON but not an object" : "the body is not valid JSON";
      return c;
    }
    if (summary.error) {
      m_detail = "error body: " + summary.error->message;
      c.error = true;
      c.detail = m_detail;
      return c;
    }
    const openai::ChunkInfo &info = summary.body;
    const std::uint64_t bytes = info.content_bytes + info.reasoning_bytes;
    c.tokens =
        static_cast<std::uint32_t>(bytes == 0 ? (info.carries_tokens() ? 1 : 0) : (bytes + 3) / 4);
    c.output_bytes = static_cast<std::uint32_t>(std::min<std::uint64_t>(bytes, UINT32_MAX));
    c.role = info.role;
    c.finish = !info.finish_reasons.empty();
    c.usage_completion_tokens = usage_tokens(info.usage);
  } catch (const std::bad_alloc &) {
    c.invalid = true;
    c.detail = "out of memory decoding the body";
  }
  return c;
}

} // namespace chatbench::run
