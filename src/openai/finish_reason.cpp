#include "openai/finish_reason.hpp"

#include <array>

namespace chatbench::openai {
namespace {

constexpr std::array<std::string_view, 7> k_names{
    "stop", "length", "tool_calls", "content_filter", "function_call", "error", "other"};

} // namespace

FinishReason parse_finish_reason(std::string_view text) noexcept {
  for (std::size_t i = 0; i + 1 < k_names.size(); ++i) {
    if (k_names[i] == text) {
      return static_cast<FinishReason>(i);
    }
  }
  return FinishReason::other;
}

std::string_view to_string(FinishReason reason) noexcept {
  const auto i = static_cast<std::size_t>(reason);
  return i < k_names.size() ? k_names[i] : "other";
}

} // namespace chatbench::openai
