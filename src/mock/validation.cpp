#include "mock/validation.hpp"

#include "mock/content.hpp"
#include "mock/request_spec.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

namespace chatbench::mock {
namespace {

using Json = nlohmann::json;
using openai::Provider;

using Loc = std::vector<std::variant<std::string, std::size_t>>;

std::optional<double> parse_double(const std::string &s) {
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

bool is_integral(double v) {
  return std::isfinite(v) && std::floor(v) == v;
}

/// The value as a number, with pydantic's lax coercion of strings and booleans when `lax`.
std::optional<double> as_number(const Json &v, bool lax) {
  if (v.is_number()) {
    return v.get<double>();
  }
  if (lax && v.is_boolean()) {
    return v.get<bool>() ? 1.0 : 0.0;
  }
  if (lax && v.is_string()) {
    return parse_double(v.get_ref<const std::string &>());
  }
  return std::nullopt;
}

std::optional<bool> as_bool(const Json &v, bool lax) {
  if (v.is_boolean()) {
    return v.get<bool>();
  }
  if (lax && v.is_string()) {
    const std::string &s = v.get_ref<const std::string &>();
    if (s == "true" || s == "1" || s == "yes" || s == "on" || s == "True") {
      return true;
    }
    if (s == "false" || s == "0" || s == "no" || s == "off" || s == "False") {
      return false;
    }
  }
  if (lax && v.is_number_integer() && (v.get<std::int64_t>() == 0 || v.get<std::int64_t>() == 1)) {
    return v.get<std::int64_t>() == 1;
  }
  return std::nullopt;
}

bool matches(const Json &v, unsigned types, bool lax) {
  if (((types & k_null) != 0) && v.is_null()) {
    return true;
  }
  if (((types & k_string) != 0) && v.is_string()) {
    return true;
  }
  if (((types & k_integer) != 0)) {
    const auto n = as_number(v, lax);
    if (n && is_integral(*n)) {
      return true;
    }
  }
  if (((types & k_number) != 0) && as_number(v, lax)) {
    return true;
  }
  if (((types & k_boolean) != 0) && as_bool(v, lax)) {
    return true;
  }
  return (((types & k_array) != 0) && v.is_array()) || (((types & k_object) != 0) && v.is_object());
}

Problem type_problem(const Json &v, unsigned types, Loc loc) {
  Problem p{Problem::Kind::wrong_type, std::move(loc), "", v.dump(), "", ""};
  if ((types & k_string) != 0 && (types & k_array) != 0) {
    p.expected = "a string or an array";
    p.fastapi_type = "string_type";
    p.fastapi_msg = "Input should be a valid string";
  } else if ((types & k_string) != 0) {
    p.expected = "a string";
    p.fastapi_type = "string_type";
    p.fastapi_msg = "Input should be a valid string";
  } else if ((types & k_integer) != 0) {
    p.expected = "an integer";
    if (v.is_string()) {
      p.fastapi_type = "int_parsing";
      p.fastapi_msg = "Input should be a valid integer, unable to parse string as an integer";
    } else if (v.is_number()) {
      p.fastapi_type = "int_from_float";
      p.fastapi_msg = "Input should be a valid integer, got a number with a fractional part";
    } else {
      p.fastapi_type = "int_type";
      p.fastapi_msg = "Input should be a valid integer";
    }
  } else if ((types & k_number) != 0) {
    p.expected = "a number";
    p.fastapi_type = v.is_string() ? "float_parsing" : "float_type";
    p.fastapi_msg = v.is_string() ? "Input should be a valid number, unable to parse string as a "
                                    "number"
                                  : "Input should be a valid number";
  } else if ((types & k_boolean) != 0) {
    p.expected = "a boolean";
    p.fastapi_type = v.is_string() ? "bool_parsing" : "bool_type";
    p.fastapi_msg = v.is_string() ? "Input should be a valid boolean, unable to interpret input"
                                  : "Input should be a valid boolean";
  } else if ((types & k_array) != 0) {
    p.expected = "an array";
    p.fastapi_type = "list_type";
    p.fastapi_msg = "Input should be a valid list";
  } else {
    p.expected = "an object";
    p.fastapi_type = "dict_type";
    p.fastapi_msg = "Input should be a valid dictionary";
  }
  return p;
}

Problem missing_problem(const Json &parent, Loc loc) {
  return Problem{Problem::Kind::missing, std::move(loc), "",
                 parent.dump(),          "missing",      "Field required"};
}

std::string enum_text(std::span<const std::string_view> values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += i == 0 ? "" : (i + 1 == values.size() ? " or " : ", ");
    text += '\'';
    text += values[i];
    text += '\'';
  }
  return text;
}

Problem enum_problem(const Json &v, std::span<const std::string_view> values, Loc loc) {
  const std::string allowed = enum_text(values);
  return Problem{Problem::Kind::bad_value,
                 std::move(loc),
                 allowed,
                 v.dump(),
                 "enum",
                 std::string("Input should be ").append(allowed)};
}

class Checker {
public:
  explicit Checker(const RequestSpec &spec) : m_spec(spec) {}

  const std::vector<Problem> &problems() const { return m_problems; }
  bool done() const { return !m_problems.empty() && !m_spec.pydantic; }

  void field(const Json &body, const FieldSpec &f) {
    const auto it = body.find(f.name);
    if (it == body.end()) {
      if (f.required) {
        add(missing_problem(body, {std::string(f.name)}));
      }
      return;
    }
    const Json &v = *it;
    if (!matches(v, f.types, m_spec.pydantic)) {
      add(type_problem(v, f.types, {std::string(f.name)}));
      return;
    }
    if (!f.values.empty() && v.is_string() &&
        std::find(f.values.begin(), f.values.end(), v.get_ref<const std::string &>()) ==
            f.values.end()) {
      add(enum_problem(v, f.values, {std::string(f.name)}));
      return;
    }
    range(v, f);
  }

  void message(const Json &m, std::size_t i) {
    const Loc base{std::string("messages"), i};
    if (!m.is_object()) {
      Problem p = type_problem(m, k_object, base);
      p.kind = Problem::Kind::not_object;
      p.fastapi_type = "model_attributes_type";
      p.fastapi_msg = "Input should be a valid dictionary or object to extract fields from";
      add(std::move(p));
      return;
    }
    const auto role = m.find("role");
    std::string role_name;
    if (role == m.end()) {
      if (m_spec.role_required) {
        add(missing_problem(m, with(base, "role")));
      }
    } else if (!role->is_string()) {
      add(type_problem(*role, k_string, with(base, "role")));
    } else {
      role_name = role->get<std::string>();
      if (!m_spec.roles.empty() &&
          std::find(m_spec.roles.begin(), m_spec.roles.end(), role_name) == m_spec.roles.end()) {
        add(enum_problem(*role, m_spec.roles, with(base, "role")));
      }
    }
    content(m, base, role_name);
  }

  void add(Problem p) { m_problems.push_back(std::move(p)); }

private:
  static Loc with(const Loc &base, std::string key) {
    Loc loc = base;
    loc.emplace_back(std::move(key));
    return loc;
  }

  void range(const Json &v, const FieldSpec &f) {
    const auto n = as_number(v, m_spec.pydantic);
    if (!n) {
      return;
    }
    const auto bound = [](double b) {
      return is_integral(b) ? std::to_string(static_cast<long long>(b)) : std::to_string(b);
    };
    if (*n < f.min) {
      add(Problem{Problem::Kind::out_of_range,
                  {std::string(f.name)},
                  ">= " + bound(f.min),
                  v.dump(),
                  "greater_than_equal",
                  "Input should be greater than or equal to " + bound(f.min)});
    } else if (*n > f.max) {
      add(Problem{Problem::Kind::out_of_range,
                  {std::string(f.name)},
                  "<= " + bound(f.max),
                  v.dump(),
                  "less_than_equal",
                  "Input should be less than or equal to " + bound(f.max)});
    }
  }

  void content(const Json &m, const Loc &base, const std::string &role) {
    const auto c = m.find("content");
    const bool optional =
        !m_spec.content_required || (m_spec.openrouter_roles && role == "assistant");
    if (c == m.end()) {
      if (!optional) {
        add(missing_problem(m, with(base, "content")));
      }
    } else if (!matches(*c, m_spec.content_types | (optional ? k_null : 0U), false)) {
      add(type_problem(*c, m_spec.content_types, with(base, "content")));
    }
    if (m_spec.openrouter_roles && role == "tool") {
      const auto id = m.find("tool_call_id");
      if (id == m.end()) {
        add(missing_problem(m, with(base, "tool_call_id")));
      } else if (!id->is_string()) {
        add(type_problem(*id, k_string, with(base, "tool_call_id")));
      }
    }
  }

  const RequestSpec &m_spec;
  std::vector<Problem> m_problems;
};

std::size_t text_bytes(const Json &message) {
  const auto c = message.find("content");
  if (c == message.end()) {
    return 0;
  }
  if (c->is_string()) {
    return c->get_ref<const std::string &>().size();
  }
  std::size_t bytes = 0;
  if (c->is_array()) {
    for (const Json &part : *c) {
      const auto text = part.is_object() ? part.find("text") : part.end();
      if (part.is_object() && text != part.end() && text->is_string()) {
        bytes += text->get_ref<const std::string &>().size();
      }
    }
  }
  return bytes;
}

std::optional<std::uint32_t> token_limit(const Json &body, bool lax) {
  for (const char *name : {"max_completion_tokens", "max_tokens"}) {
    const auto it = body.find(name);
    if (it != body.end()) {
      if (const auto n = as_number(*it, lax); n && *n >= 1) {
        return static_cast<std::uint32_t>(std::min(*n, 4'294'967'295.0));
      }
    }
  }
  return std::nullopt;
}

ChatRequest extract(Provider provider, const Json &body, const RequestSpec &spec) {
  ChatRequest request;
  if (const auto model = body.find("model"); model != body.end() && model->is_string()) {
    request.model = model->get<std::string>();
  }
  if (provider != Provider::infera) {
    if (const auto stream = body.find("stream"); stream != body.end()) {
      request.stream = as_bool(*stream, spec.pydantic).value_or(false);
    }
  }
  if (const auto options = body.find("stream_options");
      options != body.end() && options->is_object()) {
    const auto usage = options->find("include_usage");
    request.include_usage = usage != options->end() && usage->is_boolean() && usage->get<bool>();
  }
  request.max_tokens = token_limit(body, spec.pydantic);
  std::uint32_t tokens = k_prompt_overhead_tokens;
  for (const Json &m : body["messages"]) {
    tokens += message_tokens(text_bytes(m));
  }
  request.prompt_tokens = tokens;
  return request;
}

} // namespace

std::variant<ChatRequest, ErrorReply> parse_chat_request(Provider provider,
                                                         std::string_view body_text) {
  const RequestSpec spec = request_spec(provider);
  const Json body = Json::parse(body_text, nullptr, false);
  if (body.is_discarded()) {
    const Problem p{Problem::Kind::invalid_json, {std::size_t{0}}, "", "{}", "json_invalid",
                    "JSON decode error"};
    return validation_reply(provider, std::span(&p, 1));
  }
  Checker check(spec);
  if (!body.is_object()) {
    Problem p = type_problem(body, k_object, {});
    p.kind = Problem::Kind::not_object;
    p.fastapi_type = "model_attributes_type";
    p.fastapi_msg = "Input should be a valid dictionary or object to extract fields from";
    check.add(std::move(p));
    return validation_reply(provider, check.problems());
  }
  for (const FieldSpec &f : spec.fields) {
    check.field(body, f);
    if (check.done()) {
      return validation_reply(provider, check.problems());
    }
  }
  const auto messages = body.find("messages");
  if (messages != body.end() && messages->is_array()) {
    for (std::size_t i = 0; i < messages->size() && !check.done(); ++i) {
      check.message((*messages)[i], i);
    }
    if (messages->empty() && provider != Provider::infera && check.problems().empty()) {
      check.add(Problem{Problem::Kind::empty,
                        {std::string("messages")},
                        "",
                        "[]",
                        "too_short",
                        "List should have at least 1 item after validation, not 0"});
    }
  }
  if (!check.problems().empty()) {
    return validation_reply(provider, check.problems());
  }
  return extract(provider, body, spec);
}

} // namespace chatbench::mock
