#include "scenario/loader.hpp"

#include "scenario/capacity_flags.hpp"
#include "scenario/decode.hpp"
#include "scenario/json_index.hpp"
#include "scenario/overrides.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

namespace chatbench::scenario {
namespace {

using nlohmann::json;

struct Source {
  std::string origin;
  const JsonIndex *index = nullptr; ///< null when the document has no text
  std::vector<AppliedOverride> overrides;
};

Unexpected scenario_error(std::string message) {
  return make_error(ErrorCode::invalid_scenario, std::move(message));
}

std::string shown_pointer(const std::string &pointer) {
  return pointer.empty() ? "(top level)" : pointer;
}

// "file:line:col: /pointer: message", or "--set k=v: /pointer: message" for a value a flag set.
std::string locate(const Source &source, const Diagnostic &d, TextPosition *sort_key) {
  for (const AppliedOverride &o : source.overrides) {
    if (d.pointer == o.pointer || d.pointer.rfind(o.pointer + "/", 0) == 0) {
      *sort_key = {0, 0};
      return o.text + ": " + shown_pointer(d.pointer) + ": " + d.message;
    }
  }
  std::optional<TextPosition> position;
  if (source.index != nullptr) {
    std::string pointer = d.pointer;
    for (;;) {
      position = d.at_key && pointer == d.pointer ? source.index->key_position(pointer)
                                                  : source.index->value_position(pointer);
      if (position || pointer.empty()) {
        break;
      }
      pointer.erase(pointer.rfind('/'));
    }
  }
  if (!position) {
    *sort_key = {0, 0};
    return source.origin + ": " + shown_pointer(d.pointer) + ": " + d.message;
  }
  *sort_key = *position;
  return source.origin + ":" + std::to_string(position->line) + ":" +
         std::to_string(position->column) + ": " + shown_pointer(d.pointer) + ": " + d.message;
}

std::string format_diagnostics(const Source &source, const std::vector<Diagnostic> &diagnostics) {
  std::vector<std::pair<TextPosition, std::string>> lines;
  for (const Diagnostic &d : diagnostics) {
    TextPosition key;
    std::string line = locate(source, d, &key);
    lines.emplace_back(key, std::move(line));
  }
  std::stable_sort(lines.begin(), lines.end(), [](const auto &a, const auto &b) {
    return a.first.line != b.first.line ? a.first.line < b.first.line
                                        : a.first.column < b.first.column;
  });
  std::string out;
  for (const auto &[key, line] : lines) {
    out += out.empty() ? "" : "\n";
    out += line;
  }
  return out;
}

bool is_safe_name(const std::string &name) {
  return !name.empty() &&
         name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "0123456789._-") == std::string::npos;
}

Scenario decode_document(const json &document, const std::string &default_name,
                         detail::DecodeContext &ctx) {
  static constexpr std::array<std::string_view, 10> k_keys{
      "$schema",  "name",    "description", "seed",   "targets",
      "workload", "request", "load",        "checks", "report"};
  Scenario s;
  const ObjectReader reader(ctx.decoder, document, "", k_keys);
  if (!reader.is_object()) {
    return s;
  }
  (void)reader.string("$schema");
  s.name = reader.string("name").value_or(default_name);
  if (!is_safe_name(s.name)) {
    reader.error("name", "expected a name of letters, digits, '.', '_' or '-' (it names the report "
                         "folder), found " +
                             util::quoted(s.name));
  }
  s.description = reader.string("description").value_or("");
  s.seed = static_cast<std::uint64_t>(reader.integer("seed", 0, INT64_MAX).value_or(1));
  if (const json *targets = reader.require("targets")) {
    s.targets = detail::decode_targets(ctx, *targets, "/targets");
  }
  if (const json *workload = reader.require("workload")) {
    s.workload = detail::decode_workload(ctx, *workload, "/workload");
  }
  if (const json *request = reader.get("request")) {
    s.request = detail::decode_request(ctx, *request, "/request");
  }
  if (const json *load = reader.require("load")) {
    s.load = detail::decode_load(ctx, *load, "/load");
  }
  if (const json *checks = reader.get("checks")) {
    s.checks = detail::decode_checks(ctx, *checks, "/checks", s.targets);
  }
  if (const json *report = reader.get("report")) {
    s.report = detail::decode_report(ctx, *report, "/report");
  }
  return s;
}

Result<Scenario> decode_with(json document, Source source, const std::filesystem::path &base_dir,
                             const LoadOptions &options, const std::string &default_name) {
  Decoder decoder;
  if (source.index != nullptr) {
    for (const JsonIndex::Duplicate &dup : source.index->duplicates()) {
      decoder.error(dup.pointer,
                    "duplicate key (first at " + std::to_string(dup.first.line) + ":" +
                        std::to_string(dup.first.column) +
                        "); JSON keeps only the last, so remove one",
                    true);
    }
  }
  // The flags first, so that --set can change what they set; --set's places are matched first.
  auto flagged = apply_capacity_flags(document, options.capacity);
  if (!flagged) {
    return Unexpected(std::move(flagged).error());
  }
  auto applied = apply_overrides(document, options.overrides);
  if (!applied) {
    return Unexpected(std::move(applied).error());
  }
  source.overrides = std::move(*applied);
  source.overrides.insert(source.overrides.end(), flagged->begin(), flagged->end());
  detail::DecodeContext ctx{decoder, base_dir};
  Scenario scenario = decode_document(document, default_name, ctx);
  if (!decoder.ok()) {
    return scenario_error(format_diagnostics(source, decoder.diagnostics()));
  }
  scenario.file = source.origin;
  return scenario;
}

std::string syntax_error_message(const json::parse_error &e) {
  // nlohmann: "[json.exception.parse_error.101] parse error at line 4, column 10: syntax error
  // while parsing object - ..."; keep the part after the position.
  const std::string what = e.what();
  const auto at = what.find("syntax error");
  std::string message = at == std::string::npos ? what : what.substr(at);
  if (message.find("unexpected '}'") != std::string::npos ||
      message.find("unexpected ']'") != std::string::npos) {
    message += " (a trailing comma before it?)";
  }
  return message;
}

} // namespace

Result<Scenario> load_scenario_text(std::string_view text, const std::string &origin,
                                    const std::filesystem::path &base_dir,
                                    const LoadOptions &options) {
  json document;
  try {
    document = json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error &e) {
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    const TextPosition p = JsonIndex::position_of(text, offset);
    return scenario_error(origin + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) +
                          ": " + syntax_error_message(e));
  }
  const JsonIndex index = JsonIndex::build(text);
  const std::string stem = std::filesystem::path(origin).stem().string();
  return decode_with(std::move(document), Source{origin, &index, {}}, base_dir, options,
                     stem.empty() ? "scenario" : stem);
}

Result<std::string> read_scenario_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return scenario_error(path + ": cannot open the file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return scenario_error(path + ": cannot read the file");
  }
  return text.str();
}

Result<Scenario> load_scenario_file(const std::string &path, const LoadOptions &options) {
  Result<std::string> text = read_scenario_file(path);
  if (!text) {
    return Unexpected(text.error());
  }
  return load_scenario_text(*text, path, std::filesystem::path(path).parent_path(), options);
}

Result<Scenario> load_scenario_json(json document, const std::string &origin,
                                    const std::filesystem::path &base_dir,
                                    const LoadOptions &options) {
  return decode_with(std::move(document), Source{origin, nullptr, {}}, base_dir, options, "quick");
}

} // namespace chatbench::scenario
