#include "sse/content_type.hpp"

#include <algorithm>

namespace chatbench::sse {
namespace {

constexpr std::string_view k_media_type = "text/event-stream";

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t';
}

char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

bool is_event_stream(std::string_view content_type) noexcept {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && is_space(type.front())) {
    type.remove_prefix(1);
  }
  while (!type.empty() && is_space(type.back())) {
    type.remove_suffix(1);
  }
  return std::ranges::equal(type, k_media_type, [](char a, char b) { return ascii_lower(a) == b; });
}

} // namespace chatbench::sse
