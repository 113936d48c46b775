#include "scenario/decode.hpp"
#include "scenario/json_index.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <array>

namespace chatbench::scenario::detail {
namespace {

using nlohmann::json;

void decode_conformance(const DecodeContext &ctx, const ObjectReader &checks, Checks &out) {
  const json *value = checks.get("conformance");
  if (value == nullptr) {
    return;
  }
  static constexpr std::array<std::string_view, 3> k_levels{"fail", "warn", "off"};
  const auto level_of = [&](const std::string &level) {
    return level == "warn"  ? Checks::Conformance::warn
           : level == "off" ? Checks::Conformance::off
                            : Checks::Conformance::fail;
  };
  if (value->is_string()) {
    if (const auto level = checks.choice("conformance", k_levels)) {
      out.conformance = level_of(*level);
    }
    return;
  }
  static constexpr std::array<std::string_view, 2> k_keys{"level", "sample"};
  const ObjectReader reader(ctx.decoder, *value, checks.at("conformance"), k_keys);
  if (const auto level = reader.choice("level", k_levels)) {
    out.conformance = level_of(*level);
  }
  out.conformance_sample = reader.fraction("sample").value_or(1.0);
  if (reader.has("sample") && out.conformance_sample <= 0) {
    reader.error("sample", "a sample of 0 checks nothing; write \"level\": \"off\" instead");
  }
}

void decode_thresholds(const DecodeContext &ctx, const ObjectReader &checks,
                       const std::vector<Target> &targets, Checks &out) {
  const json *value = checks.get("thresholds");
  if (value == nullptr) {
    return;
  }
  if (!value->is_array()) {
    expected(ctx.decoder, checks.at("thresholds"),
             "an array of expressions such as "
             "\"ttft.p95 < 500ms\"",
             *value);
    return;
  }
  std::vector<std::string_view> names;
  for (const Target &t : targets) {
    names.push_back(t.name);
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const std::string pointer = checks.at("thresholds") + "/" + std::to_string(i);
    const json &item = (*value)[i];
    if (!item.is_string()) {
      expected(ctx.decoder, pointer, "an expression such as \"ttft.p95 < 500ms\"", item);
      continue;
    }
    auto parsed = parse_threshold(item.get_ref<const std::string &>());
    if (!parsed) {
      ctx.decoder.error(pointer, parsed.error().message);
      continue;
    }
    if (!parsed->target.empty() &&
        std::find(names.begin(), names.end(), parsed->target) == names.end()) {
      std::string message =
          "threshold names target " + util::quoted(parsed->target) +
          ", which the scenario does not define" +
          util::did_you_mean(parsed->target, names, "; its targets are " + util::one_of(names));
      ctx.decoder.error(pointer, std::move(message));
      continue;
    }
    out.thresholds.push_back(std::move(*parsed));
  }
}

} // namespace

RequestOptions decode_request(const DecodeContext &ctx, const json &value,
                              const std::string &pointer) {
  static constexpr std::array<std::string_view, 7> k_keys{
      "stream", "max_tokens", "temperature", "top_p", "stop", "stream_options", "extra"};
  RequestOptions out;
  const ObjectReader reader(ctx.decoder, value, pointer, k_keys);
  if (!reader.is_object()) {
    return out;
  }
  out.stream = reader.boolean("stream").value_or(false);
  out.max_tokens = reader.integer("max_tokens", 1, 10000000);
  out.temperature = reader.number("temperature", 0, 2);
  out.top_p = reader.number("top_p", 0, 1);
  if (const json *stop = reader.get("stop")) {
    bool ok = stop->is_string() || (stop->is_array() && !stop->empty());
    for (std::size_t i = 0; ok && stop->is_array() && i < stop->size(); ++i) {
      ok = (*stop)[i].is_string();
    }
    if (ok) {
      out.stop = *stop;
    } else {
      expected(ctx.decoder, reader.at("stop"), "a string or a non-empty array of strings", *stop);
    }
  }
  if (const json *options = reader.get("stream_options")) {
    static constexpr std::array<std::string_view, 1> k_option_keys{"include_usage"};
    const ObjectReader so(ctx.decoder, *options, reader.at("stream_options"), k_option_keys);
    out.include_usage = so.boolean("include_usage");
    if (!out.stream && reader.has("stream_options")) {
      reader.error("stream_options", "applies to streamed requests; set \"stream\": true");
    }
  }
  if (const json *extra = reader.get("extra")) {
    if (!extra->is_object()) {
      expected(ctx.decoder, reader.at("extra"), "an object of extra body fields", *extra);
    } else {
      for (const std::string_view owned : {"model", "messages", "stream"}) {
        if (extra->contains(owned)) {
          ctx.decoder.error(pointer_append(reader.at("extra"), owned),
                            util::quoted(owned) + " is set by chatbench (target, workload or "
                                                  "request.stream); remove it from \"extra\"");
        }
      }
      out.extra = *extra;
    }
  }
  return out;
}

Checks decode_checks(const DecodeContext &ctx, const json &value, const std::string &pointer,
                     const std::vector<Target> &targets) {
  static constexpr std::array<std::string_view, 3> k_keys{"conformance", "thresholds", "slo"};
  Checks out;
  const ObjectReader reader(ctx.decoder, value, pointer, k_keys);
  if (!reader.is_object()) {
    return out;
  }
  decode_conformance(ctx, reader, out);
  decode_thresholds(ctx, reader, targets, out);
  if (const json *slo = reader.get("slo")) {
    static constexpr std::array<std::string_view, 4> k_slo_keys{"ttft", "tpot", "itl_max", "e2e"};
    const ObjectReader s(ctx.decoder, *slo, reader.at("slo"), k_slo_keys);
    out.slo.ttft = s.duration("ttft");
    out.slo.tpot = s.duration("tpot");
    out.slo.itl_max = s.duration("itl_max");
    out.slo.e2e = s.duration("e2e");
  }
  return out;
}

Report decode_report(const DecodeContext &ctx, const json &value, const std::string &pointer) {
  static constexpr std::array<std::string_view, 2> k_keys{"formats", "dir"};
  static constexpr std::array<std::string_view, 7> k_formats{"json",  "jsonl", "csv",    "md",
                                                             "junit", "html",  "console"};
  Report out;
  const ObjectReader reader(ctx.decoder, value, pointer, k_keys);
  if (!reader.is_object()) {
    return out;
  }
  if (const json *formats = reader.get("formats")) {
    if (!formats->is_array() || formats->empty()) {
      expected(ctx.decoder, reader.at("formats"), "a non-empty array of report formats", *formats);
    } else {
      for (std::size_t i = 0; i < formats->size(); ++i) {
        const std::string item = reader.at("formats") + "/" + std::to_string(i);
        if (auto format = choose(ctx.decoder, (*formats)[i], item, k_formats)) {
          out.formats.push_back(std::move(*format));
        }
      }
    }
  }
  if (const auto dir = reader.string("dir")) {
    out.dir = resolve_path(ctx, *dir);
  }
  return out;
}

} // namespace chatbench::scenario::detail
