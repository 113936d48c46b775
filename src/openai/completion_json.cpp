// The parsed-value implementation of completion_scan.hpp, the reference the scanner is fuzzed
// against; also the full-parse path of chunk.hpp and usage.hpp.
#include "openai/completion_scan.hpp"

#include <algorithm>

namespace chatbench::openai {
namespace {

using nlohmann::json;

const json *member(const json &object, std::string_view key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::uint64_t string_length(const json &object, std::string_view key) {
  const json *value = member(object, key);
  return value != nullptr && value->is_string() ? value->get_ref<const std::string &>().size() : 0;
}

std::optional<double> number(const json &object, std::string_view key) {
  const json *value = member(object, key);
  if (value == nullptr || !value->is_number()) {
    return std::nullopt;
  }
  return value->get<double>();
}

void read_choice(const json &choice, detail::ChoiceField field, ChunkInfo &info) {
  const json *delta = member(choice, field == detail::ChoiceField::delta ? "delta" : "message");
  if (delta != nullptr && delta->is_object()) {
    const json *role = member(*delta, "role");
    info.role = info.role || (role != nullptr && role->is_string());
    const std::uint64_t content = string_length(*delta, "content");
    const std::uint64_t reasoning =
        std::max(string_length(*delta, "reasoning"), string_length(*delta, "reasoning_content"));
    const std::uint64_t refusal = string_length(*delta, "refusal");
    const json *tools = member(*delta, "tool_calls");
    const auto tool_calls =
        static_cast<std::uint32_t>(tools != nullptr && tools->is_array() ? tools->size() : 0);
    info.content = info.content || content > 0;
    info.reasoning = info.reasoning || reasoning > 0;
    info.refusal = info.refusal || refusal > 0;
    info.tool_calls = info.tool_calls || tool_calls > 0;
    info.content_bytes += content;
    info.reasoning_bytes += reasoning;
    info.tool_call_deltas += tool_calls;
  }
  const json *finish = member(choice, "finish_reason");
  if (finish != nullptr && finish->is_string()) {
    info.finish_reasons.add(parse_finish_reason(finish->get_ref<const std::string &>()));
  }
}

} // namespace

std::optional<Usage> usage_from_json(const json &usage) {
  if (!usage.is_object()) {
    return std::nullopt;
  }
  Usage out;
  out.prompt_tokens = number(usage, "prompt_tokens");
  out.completion_tokens = number(usage, "completion_tokens");
  out.total_tokens = number(usage, "total_tokens");
  out.total_time_s = number(usage, "total_time");
  if (const json *details = member(usage, "completion_tokens_details");
      details != nullptr && details->is_object()) {
    out.reasoning_tokens = number(*details, "reasoning_tokens");
  }
  return out;
}

namespace detail {

ChunkInfo walk_completion(const json &value, ChoiceField field) noexcept {
  ChunkInfo info;
  if (!value.is_object()) {
    info.kind = ChunkKind::not_object;
    return info;
  }
  if (const json *error = member(value, "error")) {
    info.error = !error->is_null();
  }
  if (const json *choices = member(value, "choices"); choices != nullptr && choices->is_array()) {
    info.choices_array = true;
    info.choices = static_cast<std::uint32_t>(choices->size());
    for (const json &choice : *choices) {
      if (choice.is_object()) {
        read_choice(choice, field, info);
      }
    }
  }
  if (const json *usage = member(value, "usage")) {
    info.usage = usage_from_json(*usage);
  }
  finish_kind(info);
  return info;
}

void finish_kind(ChunkInfo &info) noexcept {
  if (info.error) {
    info.kind = ChunkKind::error;
  } else if (info.carries_tokens()) {
    info.kind = ChunkKind::tokens;
  } else if (info.role) {
    info.kind = ChunkKind::role;
  } else if (!info.finish_reasons.empty()) {
    info.kind = ChunkKind::finish;
  } else if (info.usage && info.choices == 0) {
    info.kind = ChunkKind::usage;
  } else {
    info.kind = ChunkKind::empty;
  }
}

} // namespace detail
} // namespace chatbench::openai
