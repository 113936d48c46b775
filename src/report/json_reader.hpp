#pragma once
// Reading a parsed JSON document field by field with messages that name the JSON pointer of the
// first bad field ("/targets/1/histograms/ttft: expected a string, found 3"): what
// saved_run.cpp decodes report.json with. The first problem is kept and every read after it
// returns a neutral value, so a decoder reads straight through and checks ok() once.
// Not thread-safe; one Reader per document.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatbench::report::json_read {

using nlohmann::json;

// A value of the document and its JSON pointer (RFC 6901).
struct Node {
  const json *value = nullptr;
  std::string pointer;
};

inline std::string pointer_token(std::string_view key) {
  std::string out;
  for (const char c : key) {
    out += c == '~' ? "~0" : (c == '/' ? "~1" : std::string(1, c));
  }
  return out;
}

// Reads fields of the document. The first problem is kept (with its pointer) and every read
// after it returns a neutral value, so decoding reads straight through and is checked once.
class Reader {
public:
  bool ok() const noexcept { return m_problem.empty(); }
  const std::string &problem() const noexcept { return m_problem; }

  void fail(const Node &at, const std::string &what) {
    if (ok()) {
      m_problem = (at.pointer.empty() ? "/" : at.pointer) + ": " + what;
    }
  }

  // `key` of an object; a missing key is a problem unless `optional`.
  Node child(const Node &parent, std::string_view key, bool optional = false) {
    Node out{&m_null, parent.pointer + "/" + pointer_token(key)};
    if (!ok() || !is(parent, json::value_t::object, "an object")) {
      return out;
    }
    const auto it = parent.value->find(key);
    if (it != parent.value->end()) {
      out.value = &*it;
    } else if (!optional) {
      fail(out, "missing");
    }
    return out;
  }

  // The items of an array (none after a problem).
  std::vector<Node> items(const Node &array) {
    std::vector<Node> out;
    if (ok() && is(array, json::value_t::array, "an array")) {
      for (std::size_t i = 0; i < array.value->size(); ++i) {
        out.push_back({&(*array.value)[i], array.pointer + "/" + std::to_string(i)});
      }
    }
    return out;
  }

  std::string text(const Node &node) {
    return ok() && is(node, json::value_t::string, "a string") ? node.value->get<std::string>()
                                                               : std::string();
  }
  bool flag(const Node &node) {
    return ok() && is(node, json::value_t::boolean, "true or false") && node.value->get<bool>();
  }
  std::uint64_t count(const Node &node) {
    if (ok() && !node.value->is_number_unsigned() &&
        !(node.value->is_number_integer() && node.value->get<std::int64_t>() >= 0)) {
      expected(node, "a whole number >= 0");
    }
    return ok() ? node.value->get<std::uint64_t>() : 0;
  }
  double number(const Node &node) {
    if (ok() && !node.value->is_number()) {
      expected(node, "a number");
    }
    return ok() ? node.value->get<double>() : 0.0;
  }
  // A non-negative number of `unit_ns` units as whole nanoseconds.
  std::int64_t nanoseconds(const Node &node, double unit_ns) {
    const double value = number(node) * unit_ns;
    if (ok() && !(value >= 0 && value < 9.2e18)) {
      expected(node, "a duration >= 0");
    }
    return ok() ? std::llround(value) : 0;
  }
  // The members of an object, in the document's order (none after a problem).
  std::vector<std::pair<std::string, Node>> entries(const Node &object) {
    std::vector<std::pair<std::string, Node>> out;
    if (ok() && is(object, json::value_t::object, "an object")) {
      for (const auto &[key, value] : object.value->items()) {
        out.emplace_back(key, Node{&value, object.pointer + "/" + pointer_token(key)});
      }
    }
    return out;
  }
  std::vector<std::string> texts(const Node &array) {
    std::vector<std::string> out;
    for (const Node &item : items(array)) {
      out.push_back(text(item));
    }
    return out;
  }

  std::string text(const Node &parent, std::string_view key) { return text(child(parent, key)); }
  bool flag(const Node &parent, std::string_view key) { return flag(child(parent, key)); }
  std::uint64_t count(const Node &parent, std::string_view key) {
    return count(child(parent, key));
  }

  // "expected a string, found 3": the value as JSON text, shortened.
  void expected(const Node &node, std::string_view what) {
    constexpr std::size_t k_shown = 60;
    std::string found = node.value->dump(-1, ' ', false, json::error_handler_t::replace);
    if (found.size() > k_shown) {
      found = found.substr(0, k_shown) + "...";
    }
    fail(node, "expected " + std::string(what) + ", found " + found);
  }

private:
  bool is(const Node &node, json::value_t type, std::string_view what) {
    if (node.value->type() != type) {
      expected(node, what);
      return false;
    }
    return true;
  }

  json m_null;
  std::string m_problem;
};

} // namespace chatbench::report::json_read
