#include "scenario/decode.hpp"
#include "scenario/json_index.hpp"

#include "util/text.hpp"

#include <array>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace chatbench::scenario::detail {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> k_roles{"system", "developer", "user", "assistant",
                                                  "tool"};

// Checks one chat message: an object with a known role and content as a string or an array of
// parts (null content is allowed for assistant messages that carry tool_calls).
void check_message(Decoder &decoder, const json &message, const std::string &pointer) {
  static constexpr std::array<std::string_view, 6> k_keys{"role",       "content",      "name",
                                                          "tool_calls", "tool_call_id", "refusal"};
  const ObjectReader reader(decoder, message, pointer, k_keys);
  if (!reader.is_object()) {
    return;
  }
  (void)reader.choice("role", k_roles);
  (void)reader.require("role");
  const json *content = reader.get("content");
  if (content == nullptr) {
    if (!reader.has("tool_calls")) {
      reader.require("content");
    }
  } else if (!content->is_string() && !content->is_array() && !content->is_null()) {
    expected(decoder, reader.at("content"), "a string or an array of content parts", *content);
  }
}

void check_messages(Decoder &decoder, const json &messages, const std::string &pointer) {
  if (!messages.is_array() || messages.empty()) {
    expected(decoder, pointer, "a non-empty array of messages", messages);
    return;
  }
  for (std::size_t i = 0; i < messages.size(); ++i) {
    check_message(decoder, messages[i], pointer + "/" + std::to_string(i));
  }
}

// Reports every {{name}} in the strings of `value` that `defined` lacks.
void check_placeholders(Decoder &decoder, const json &value, const std::string &pointer,
                        const std::set<std::string, std::less<>> &defined) {
  if (value.is_string()) {
    const auto &text = value.get_ref<const std::string &>();
    for (std::size_t open = text.find("{{"); open != std::string::npos;
         open = text.find("{{", open + 2)) {
      const std::size_t close = text.find("}}", open + 2);
      if (close == std::string::npos) {
        decoder.error(pointer, "unclosed \"{{\" in template text " + util::quoted(text));
        return;
      }
      const std::string name = text.substr(open + 2, close - open - 2);
      if (defined.find(name) == defined.end()) {
        std::vector<std::string_view> names(defined.begin(), defined.end());
        std::string message = "template variable " + util::quoted(name) + " is not defined" +
                              util::did_you_mean(name, names, " in \"variables\"");
        decoder.error(pointer, std::move(message));
      }
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      check_placeholders(decoder, value[i], pointer + "/" + std::to_string(i), defined);
    }
  } else if (value.is_object()) {
    for (const auto &[key, member] : value.items()) {
      check_placeholders(decoder, member, pointer_append(pointer, key), defined);
    }
  }
}

void decode_template(const DecodeContext &ctx, const ObjectReader &workload, Workload &out) {
  static constexpr std::array<std::string_view, 2> k_keys{"messages", "variables"};
  const ObjectReader reader(ctx.decoder, *workload.get("template"), workload.at("template"),
                            k_keys);
  if (!reader.is_object()) {
    return;
  }
  std::set<std::string, std::less<>> defined;
  if (const json *variables = reader.require("variables")) {
    if (!variables->is_object() || variables->empty()) {
      expected(ctx.decoder, reader.at("variables"),
               "an object of variable names to arrays of strings", *variables);
    } else {
      for (const auto &[name, values] : variables->items()) {
        const std::string pointer = pointer_append(reader.at("variables"), name);
        defined.insert(name);
        std::vector<std::string> strings;
        const bool ok = values.is_array() && !values.empty();
        for (std::size_t i = 0; ok && i < values.size(); ++i) {
          if (!values[i].is_string()) {
            expected(ctx.decoder, pointer + "/" + std::to_string(i), "a string", values[i]);
          } else {
            strings.push_back(values[i].get<std::string>());
          }
        }
        if (!ok) {
          expected(ctx.decoder, pointer, "a non-empty array of strings", values);
        }
        out.variables.emplace_back(name, std::move(strings));
      }
    }
  }
  if (const json *messages = reader.require("messages")) {
    check_messages(ctx.decoder, *messages, reader.at("messages"));
    check_placeholders(ctx.decoder, *messages, reader.at("messages"), defined);
    out.messages = *messages;
  }
}

// One conversation per line: an array of messages, or an object {"messages": [...]}. Blank lines
// are skipped. Errors name the file and line.
// `written` is the path as the scenario gives it: messages show it rather than the resolved one.
void load_conversations(const DecodeContext &ctx, const std::string &pointer,
                        const std::string &written, Workload &out) {
  std::ifstream in(out.conversations_file);
  if (!in) {
    ctx.decoder.error(pointer, "cannot read conversations file " + util::quoted(written, 200) +
                                   " (relative paths start at the scenario's folder)");
    return;
  }
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    const std::string where = written + ":" + std::to_string(number);
    json parsed = json::parse(line, nullptr, false);
    if (parsed.is_discarded()) {
      ctx.decoder.error(pointer, where + ": not a JSON value");
      continue;
    }
    json messages = parsed.is_object() && parsed.contains("messages") ? parsed["messages"] : parsed;
    Decoder line_decoder;
    check_messages(line_decoder, messages, "");
    for (const Diagnostic &d : line_decoder.diagnostics()) {
      ctx.decoder.error(pointer,
                        where + ": " + (d.pointer.empty() ? "" : d.pointer + ": ") + d.message);
    }
    out.conversations.push_back(std::move(messages));
  }
  if (out.conversations.empty() && ctx.decoder.ok()) {
    ctx.decoder.error(pointer, "conversations file " + util::quoted(written, 200) +
                                   " holds no conversation");
  }
}

void decode_synthetic(const DecodeContext &ctx, const ObjectReader &workload, Workload &out) {
  static constexpr std::array<std::string_view, 3> k_keys{"input_tokens", "output_tokens",
                                                          "system_prompt"};
  const ObjectReader reader(ctx.decoder, *workload.get("synthetic"), workload.at("synthetic"),
                            k_keys);
  if (!reader.is_object()) {
    return;
  }
  reader.require("input_tokens");
  if (auto d = decode_distribution(reader, "input_tokens", Quantity::tokens)) {
    out.input_tokens = *d;
  }
  out.output_tokens = decode_distribution(reader, "output_tokens", Quantity::tokens);
  out.system_prompt = reader.string("system_prompt").value_or("");
}

} // namespace

Workload decode_workload(const DecodeContext &ctx, const json &value, const std::string &pointer) {
  static constexpr std::array<std::string_view, 4> k_kinds{"messages", "template", "conversations",
                                                           "synthetic"};
  Workload out;
  const ObjectReader reader(ctx.decoder, value, pointer, k_kinds);
  if (!reader.is_object()) {
    return out;
  }
  int kinds = 0;
  for (const std::string_view kind : k_kinds) {
    kinds += reader.has(kind) ? 1 : 0;
  }
  if (kinds != 1) {
    ctx.decoder.error(pointer, "expected exactly one of " + util::one_of(k_kinds) + ", found " +
                                   std::to_string(kinds));
    return out;
  }
  if (const json *messages = reader.get("messages")) {
    out.kind = Workload::Kind::messages;
    check_messages(ctx.decoder, *messages, reader.at("messages"));
    out.messages = *messages;
  } else if (reader.has("template")) {
    out.kind = Workload::Kind::template_;
    decode_template(ctx, reader, out);
  } else if (reader.has("conversations")) {
    out.kind = Workload::Kind::conversations;
    if (const auto file = reader.string("conversations")) {
      out.conversations_file = resolve_path(ctx, *file);
      load_conversations(ctx, reader.at("conversations"), *file, out);
    }
  } else {
    out.kind = Workload::Kind::synthetic;
    decode_synthetic(ctx, reader, out);
  }
  return out;
}

std::optional<util::Distribution> decode_distribution(const ObjectReader &parent,
                                                      std::string_view key, Quantity quantity) {
  const json *value = parent.get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  Decoder &decoder = parent.decoder();
  const bool is_duration = quantity == Quantity::duration;
  const char *constant_form = is_duration ? "a duration such as \"200ms\"" : "a token count";
  if (!value->is_object()) {
    if (is_duration) {
      if (auto d = parent.duration(key, true)) {
        return util::Distribution::constant(static_cast<double>(d->count()));
      }
      return std::nullopt;
    }
    if (auto n = parent.integer(key, 0, 10000000)) {
      return util::Distribution::constant(static_cast<double>(*n));
    }
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 5> k_keys{"dist", "mean", "stddev", "min", "max"};
  const ObjectReader reader(decoder, *value, parent.at(key), k_keys);
  static constexpr std::array<std::string_view, 4> k_kinds{"uniform", "normal", "lognormal",
                                                           "exponential"};
  const auto kind = reader.choice("dist", k_kinds);
  if (!reader.has("dist")) {
    decoder.error(reader.pointer(), std::string("missing required key \"dist\" (or write ") +
                                        constant_form + " for a constant)");
  }
  if (!kind) {
    return std::nullopt;
  }
  const auto read = [&](std::string_view field) -> std::optional<double> {
    if (is_duration) {
      const auto d = reader.duration(field, true);
      return d ? std::optional<double>(static_cast<double>(d->count())) : std::nullopt;
    }
    return reader.number(field, 0, 1e7);
  };
  util::Distribution d;
  const std::array<std::pair<std::string_view, util::Distribution::Kind>, 4> kinds{{
      {"uniform", util::Distribution::Kind::uniform},
      {"normal", util::Distribution::Kind::normal},
      {"lognormal", util::Distribution::Kind::lognormal},
      {"exponential", util::Distribution::Kind::exponential},
  }};
  for (const auto &[name, k] : kinds) {
    d.kind = name == *kind ? k : d.kind;
  }
  const bool needs_bounds = d.kind == util::Distribution::Kind::uniform;
  const bool needs_stddev =
      d.kind == util::Distribution::Kind::normal || d.kind == util::Distribution::Kind::lognormal;
  for (const std::string_view field : {"min", "max"}) {
    if (needs_bounds && !reader.has(field)) {
      reader.require(field);
    }
  }
  if (!needs_bounds) {
    reader.require("mean");
  }
  if (needs_stddev) {
    reader.require("stddev");
  }
  d.mean = read("mean").value_or(0);
  d.stddev = read("stddev").value_or(0);
  d.min = read("min").value_or(0);
  d.max = read("max").value_or(std::numeric_limits<double>::infinity());
  if (reader.has("stddev") && !needs_stddev) {
    reader.error("stddev", "\"stddev\" applies to \"normal\" and \"lognormal\" only");
  }
  if (d.min > d.max) {
    reader.error("max", "\"max\" is below \"min\"");
  }
  if (!needs_bounds && d.mean <= 0 && reader.has("mean")) {
    reader.error("mean", "expected a mean above zero");
  }
  return d;
}

std::string resolve_path(const DecodeContext &ctx, const std::string &path) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || ctx.base_dir.empty()) {
    return p.lexically_normal().string();
  }
  return (ctx.base_dir / p).lexically_normal().string();
}

} // namespace chatbench::scenario::detail
