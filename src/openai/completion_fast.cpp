// The scanner implementation of completion_scan.hpp. It keeps, like nlohmann, the last value of a
// duplicate key: each key of interest resets what an earlier occurrence recorded.
#include "openai/completion_scan.hpp"
#include "openai/json_scan.hpp"

#include <algorithm>

namespace chatbench::openai::detail {
namespace {

// What one choice's delta (or message) says; the last occurrence of each key wins.
struct DeltaState {
  bool role = false;
  std::uint64_t content = 0;
  std::uint64_t reasoning = 0;
  std::uint64_t reasoning_content = 0;
  std::uint64_t refusal = 0;
  std::uint32_t tool_calls = 0;
};

struct ChoiceState {
  DeltaState delta;
  std::optional<FinishReason> finish;
};

// A string's decoded length, or 0 (consuming the value) when it is not a string.
bool string_length(JsonScanner &in, std::uint64_t &length) {
  length = 0;
  if (in.peek() != ValueType::string) {
    return in.skip();
  }
  ScannedString text;
  if (!in.string(text)) {
    return false;
  }
  length = text.decoded_bytes;
  return true;
}

bool read_delta(JsonScanner &in, DeltaState &delta) {
  return in.object([&](std::string_view key) {
    if (key == "content") {
      return string_length(in, delta.content);
    }
    if (key == "role") {
      delta.role = in.peek() == ValueType::string;
      return in.skip();
    }
    if (key == "reasoning") {
      return string_length(in, delta.reasoning);
    }
    if (key == "reasoning_content") {
      return string_length(in, delta.reasoning_content);
    }
    if (key == "refusal") {
      return string_length(in, delta.refusal);
    }
    if (key == "tool_calls") {
      delta.tool_calls = 0;
      if (in.peek() != ValueType::array) {
        return in.skip();
      }
      return in.array([&] {
        ++delta.tool_calls;
        return in.skip();
      });
    }
    return in.skip();
  });
}

bool read_choice(JsonScanner &in, ChoiceField field, ChoiceState &choice) {
  const std::string_view field_name = field == ChoiceField::delta ? "delta" : "message";
  return in.object([&](std::string_view key) {
    if (key == field_name) {
      choice.delta = {};
      return in.peek() == ValueType::object ? read_delta(in, choice.delta) : in.skip();
    }
    if (key == "finish_reason") {
      choice.finish.reset();
      if (in.peek() != ValueType::string) {
        return in.skip();
      }
      ScannedString text;
      if (!in.string(text)) {
        return false;
      }
      choice.finish = parse_finish_reason(text.text());
      return true;
    }
    return in.skip();
  });
}

void fold(const ChoiceState &choice, ChunkInfo &info) {
  const DeltaState &d = choice.delta;
  info.role = info.role || d.role;
  info.content = info.content || d.content > 0;
  info.reasoning = info.reasoning || d.reasoning > 0 || d.reasoning_content > 0;
  info.refusal = info.refusal || d.refusal > 0;
  info.tool_calls = info.tool_calls || d.tool_calls > 0;
  info.content_bytes += d.content;
  info.reasoning_bytes += std::max(d.reasoning, d.reasoning_content);
  info.tool_call_deltas += d.tool_calls;
  if (choice.finish) {
    info.finish_reasons.add(*choice.finish);
  }
}

bool read_choices(JsonScanner &in, ChoiceField field, ChunkInfo &info) {
  info.choices_array = false;
  info.choices = 0;
  info.role = info.content = info.reasoning = info.refusal = info.tool_calls = false;
  info.finish_reasons = {};
  info.content_bytes = info.reasoning_bytes = 0;
  info.tool_call_deltas = 0;
  if (in.peek() != ValueType::array) {
    return in.skip();
  }
  info.choices_array = true;
  return in.array([&] {
    ++info.choices;
    if (in.peek() != ValueType::object) {
      return in.skip();
    }
    ChoiceState choice;
    if (!read_choice(in, field, choice)) {
      return false;
    }
    fold(choice, info);
    return true;
  });
}

// A number member's value, or nullopt (consuming the value) when it is not a number.
bool number_member(JsonScanner &in, std::optional<double> &out) {
  out.reset();
  if (in.peek() != ValueType::number) {
    return in.skip();
  }
  double value = 0;
  if (!in.number(&value)) {
    return false;
  }
  out = value;
  return true;
}

bool read_usage(JsonScanner &in, std::optional<Usage> &out) {
  out.reset();
  if (in.peek() != ValueType::object) {
    return in.skip();
  }
  Usage usage;
  const bool ok = in.object([&](std::string_view key) {
    if (key == "prompt_tokens") {
      return number_member(in, usage.prompt_tokens);
    }
    if (key == "completion_tokens") {
      return number_member(in, usage.completion_tokens);
    }
    if (key == "total_tokens") {
      return number_member(in, usage.total_tokens);
    }
    if (key == "total_time") {
      return number_member(in, usage.total_time_s);
    }
    if (key == "completion_tokens_details") {
      usage.reasoning_tokens.reset();
      if (in.peek() != ValueType::object) {
        return in.skip();
      }
      return in.object([&](std::string_view detail) {
        return detail == "reasoning_tokens" ? number_member(in, usage.reasoning_tokens) : in.skip();
      });
    }
    return in.skip();
  });
  out = usage;
  return ok;
}

} // namespace

ChunkInfo scan_completion(std::string_view text, ChoiceField field) noexcept {
  JsonScanner in(text);
  ChunkInfo info;
  if (!in.begin()) {
    return ChunkInfo{};
  }
  if (in.peek() != ValueType::object) {
    if (!in.skip() || !in.finish()) {
      return ChunkInfo{};
    }
    info.kind = ChunkKind::not_object;
    return info;
  }
  const bool ok = in.object([&](std::string_view key) {
    if (key == "choices") {
      return read_choices(in, field, info);
    }
    if (key == "usage") {
      return read_usage(in, info.usage);
    }
    if (key == "error") {
      info.error = !in.take_null();
      return info.error ? in.skip() : true;
    }
    return in.skip();
  });
  if (!ok || !in.finish()) {
    return ChunkInfo{};
  }
  finish_kind(info);
  return info;
}

} // namespace chatbench::openai::detail
