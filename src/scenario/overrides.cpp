#include "scenario/overrides.hpp"

#include "scenario/json_index.hpp"
#include "util/text.hpp"

#include <charconv>

namespace chatbench::scenario {
namespace {

using nlohmann::json;

std::string shown(const std::string &pointer) {
  return pointer.empty() ? "the document" : pointer;
}

std::vector<std::string> split_path(const std::string &path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) {
      return parts;
    }
    start = dot + 1;
  }
}

std::optional<std::size_t> array_index(const std::string &part) {
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
  if (ec != std::errc() || end != part.data() + part.size()) {
    return std::nullopt;
  }
  return index;
}

Result<AppliedOverride> apply_one(json &document, const std::string &text) {
  const auto bad = [&](const std::string &why) {
    return make_error(ErrorCode::invalid_argument, "--set " + text + ": " + why);
  };
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return bad("expected PATH=VALUE, such as load.rate=50");
  }
  const std::vector<std::string> parts = split_path(text.substr(0, eq));
  const std::string raw = text.substr(eq + 1);
  json value = json::parse(raw, nullptr, false);
  if (value.is_discarded()) {
    value = raw;
  }
  json *node = &document;
  std::string pointer;
  for (const std::string &part : parts) {
    if (part.empty()) {
      return bad("empty path segment");
    }
    if (node->is_array()) {
      const auto index = array_index(part);
      if (!index || *index >= node->size()) {
        return bad(shown(pointer) + " is an array of " + std::to_string(node->size()) +
                   "; expected an index below that, found " + util::quoted(part));
      }
      node = &(*node)[*index];
      pointer += "/" + part;
      continue;
    }
    if (node->is_null()) {
      *node = json::object();
    }
    if (!node->is_object()) {
      return bad(shown(pointer) + " is not an object, so it has no key " + util::quoted(part));
    }
    node = &(*node)[part];
    pointer = pointer_append(pointer, part);
  }
  *node = std::move(value);
  return AppliedOverride{"--set " + text, pointer};
}

} // namespace

Result<std::vector<AppliedOverride>> apply_overrides(json &document,
                                                     const std::vector<std::string> &overrides) {
  std::vector<AppliedOverride> applied;
  for (const std::string &text : overrides) {
    auto one = apply_one(document, text);
    if (!one) {
      return Unexpected(std::move(one).error());
    }
    applied.push_back(std::move(*one));
  }
  return applied;
}

} // namespace chatbench::scenario
