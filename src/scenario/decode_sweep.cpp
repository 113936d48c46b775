#include "scenario/decode.hpp"

#include "util/text.hpp"
#include "util/units.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>

namespace chatbench::scenario::detail {
namespace {

using nlohmann::json;
using std::chrono::nanoseconds;

constexpr std::int64_t k_max_level_concurrency = 1000000;
constexpr std::string_view k_search_needs_slo =
    "\"mode\": \"search\" looks for the highest level at which every SLO holds";

std::string level_text(double level, Sweep::Over over) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", level);
  return std::string(buffer) + (over == Sweep::Over::rate ? "/s" : "");
}

// A level: requests per second ("20/s" or a number) or requests in flight (a whole number).
std::optional<double> read_level(Decoder &decoder, const json &value, const std::string &pointer,
                                 Sweep::Over over) {
  if (over == Sweep::Over::rate) {
    return read_rate(decoder, value, pointer);
  }
  const auto n = read_integer(decoder, value, pointer, 1, k_max_level_concurrency);
  return n ? std::optional<double>(static_cast<double>(*n)) : std::nullopt;
}

std::optional<double> member_level(const ObjectReader &reader, std::string_view key,
                                   Sweep::Over over) {
  const json *value = reader.get(key);
  return value == nullptr ? std::nullopt
                          : read_level(reader.decoder(), *value, reader.at(key), over);
}

void decode_levels(const ObjectReader &reader, Sweep &out) {
  const json *value = reader.get("levels");
  if (value == nullptr) {
    return;
  }
  const bool rate = out.over == Sweep::Over::rate;
  if (!value->is_array() || value->empty()) {
    expected(reader.decoder(), reader.at("levels"),
             rate ? "a non-empty array of ascending rates, such as [2, 4, 8] or [\"2/s\", \"4/s\"]"
                  : "a non-empty array of ascending concurrency levels, such as [1, 2, 4, 8]",
             *value);
    return;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const std::string pointer = reader.at("levels") + "/" + std::to_string(i);
    const auto x = read_level(reader.decoder(), (*value)[i], pointer, out.over);
    if (!x) {
      continue;
    }
    if (!out.levels.empty() && *x <= out.levels.back()) {
      expected(reader.decoder(), pointer,
               "a level above " + level_text(out.levels.back(), out.over) + " (levels ascend)",
               (*value)[i]);
      continue;
    }
    out.levels.push_back(*x);
  }
}

// A fraction above 0 and below 1 (or at most 1 with `allow_one`).
std::optional<double> open_fraction(const ObjectReader &reader, std::string_view key,
                                    bool allow_one) {
  const auto x = reader.fraction(key);
  if (x && (*x <= 0 || (allow_one ? *x > 1 : *x >= 1))) {
    expected(reader.decoder(), reader.at(key),
             allow_one ? "a fraction above 0 and at most 1, such as \"10%\""
                       : "a fraction above 0 and below 1, such as \"10%\"",
             *reader.get(key));
    return std::nullopt;
  }
  return x;
}

// `given`: load.sweep was written (else its absence is reported already).
void decode_slo(const ObjectReader &reader, bool search, bool given, Sweep &out) {
  const json *value = reader.get("slo");
  if (value == nullptr) {
    if (search && given && reader.is_object()) {
      reader.decoder().error(reader.pointer(),
                             "missing required key \"slo\": " + std::string(k_search_needs_slo));
    }
    return;
  }
  if (!value->is_array() || (search && value->empty())) {
    expected(reader.decoder(), reader.at("slo"),
             search ? "a non-empty array of expressions such as \"ttft.p95 < 500ms\" (" +
                          std::string(k_search_needs_slo) + ")"
                    : "an array of expressions such as \"ttft.p95 < 500ms\"",
             *value);
    return;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const std::string pointer = reader.at("slo") + "/" + std::to_string(i);
    const json &item = (*value)[i];
    if (!item.is_string()) {
      expected(reader.decoder(), pointer, "an expression such as \"ttft.p95 < 500ms\"", item);
      continue;
    }
    auto parsed = parse_threshold(item.get_ref<const std::string &>());
    if (!parsed) {
      reader.decoder().error(pointer, parsed.error().message);
      continue;
    }
    const std::string &metric = parsed->metric;
    if (!parsed->target.empty()) {
      reader.decoder().error(pointer, "an SLO judges every target's steps alike, so it names no "
                                      "target; remove " +
                                          util::quoted(parsed->target + ":"));
    } else if (metric.rfind("capacity.", 0) == 0) {
      reader.decoder().error(pointer, util::quoted(metric) +
                                          " is what the whole sweep finds, not a figure of one "
                                          "step; put it in checks.thresholds");
    } else if (metric.rfind("conformance.", 0) == 0) {
      reader.decoder().error(pointer, util::quoted(metric) +
                                          " is counted over the whole run, not per step; put it "
                                          "in checks.thresholds");
    } else {
      out.slo.push_back(std::move(*parsed));
    }
  }
}

// "5%": a fraction of the answer; otherwise a level, as "start" and "max" are written.
void decode_resolution(const ObjectReader &reader, Sweep &out) {
  const json *value = reader.get("resolution");
  if (value == nullptr) {
    return;
  }
  if (value->is_string() && value->get_ref<const std::string &>().find('%') != std::string::npos) {
    if (const auto f = open_fraction(reader, "resolution", false)) {
      out.resolution = *f;
      out.resolution_relative = true;
    }
    return;
  }
  if (out.over == Sweep::Over::concurrency && !value->is_number_integer()) {
    expected(reader.decoder(), reader.at("resolution"),
             "a percentage such as \"5%\" or a whole number of requests in flight", *value);
    return;
  }
  if (!value->is_number() && !value->is_string()) {
    expected(reader.decoder(), reader.at("resolution"),
             "a percentage such as \"5%\" or a rate such as \"2/s\"", *value);
    return;
  }
  if (const auto x = member_level(reader, "resolution", out.over)) {
    out.resolution = *x;
    out.resolution_relative = false;
  }
}

// The keys one mode takes and the other does not.
void reject_other_mode_keys(const ObjectReader &reader, bool search, bool has_levels) {
  if (search) {
    if (reader.has("levels")) {
      reader.error("levels", "applies to \"mode\": \"sweep\"; a search picks its own levels "
                             "from \"start\" up to \"max\"");
    }
    if (reader.has("steps")) {
      reader.error("steps", "applies to \"mode\": \"sweep\" (the size of its automatic plan); a "
                            "search picks its own levels");
    }
    return;
  }
  for (const std::string_view key : {"start", "max", "resolution"}) {
    if (reader.has(key)) {
      reader.error(key, "applies to \"mode\": \"search\"; a sweep runs its \"levels\" or its "
                        "automatic plan");
    }
  }
  if (has_levels && reader.has("steps")) {
    reader.error("steps", "sizes the automatic plan; with \"levels\" given, the sweep runs those");
  }
}

// Every step must be long enough to hold the windows that judge whether it is stable.
void check_windows(const ObjectReader &load, const ObjectReader &reader, const Sweep &out,
                   nanoseconds step_duration) {
  const nanoseconds needed = out.window * static_cast<std::int64_t>(out.stable_windows);
  if (step_duration >= needed) {
    return;
  }
  const std::string pointer = load.has("duration")   ? load.at("duration")
                              : reader.has("window") ? reader.at("window")
                                                     : reader.at("stable_windows");
  load.decoder().error(pointer, "a step's \"duration\" (" + util::format_duration(step_duration) +
                                    ") must span \"stable_windows\" x \"window\" (" +
                                    std::to_string(out.stable_windows) + " x " +
                                    util::format_duration(out.window) + " = " +
                                    util::format_duration(needed) +
                                    ") to judge its stability; lengthen \"duration\" or use "
                                    "fewer or shorter windows");
}

// How long a step runs and how its stability is judged.
void decode_timing(const ObjectReader &load, const ObjectReader &reader, nanoseconds step_duration,
                   Sweep &out) {
  out.max_duration = std::max(out.max_duration, step_duration);
  if (const auto d = reader.duration("max_duration")) {
    if (*d < step_duration) {
      expected(reader.decoder(), reader.at("max_duration"),
               "a duration of at least the step's \"duration\" (" +
                   util::format_duration(step_duration) + ")",
               *reader.get("max_duration"));
    } else {
      out.max_duration = *d;
    }
  }
  out.window = reader.duration("window").value_or(out.window);
  if (const auto n = reader.integer("stable_windows", 2, 100)) {
    out.stable_windows = static_cast<std::uint32_t>(*n);
  }
  check_windows(load, reader, out, step_duration);
  out.tolerance = open_fraction(reader, "tolerance", false).value_or(out.tolerance);
}

// When a step is over-saturated.
void decode_stops(const ObjectReader &reader, Sweep &out) {
  out.stop_error_rate =
      open_fraction(reader, "stop_error_rate", true).value_or(out.stop_error_rate);
  if (const json *growth = reader.get("stop_latency_growth")) {
    if (growth->is_number() && growth->get<double>() > 1) {
      out.stop_latency_growth = growth->get<double>();
    } else {
      expected(reader.decoder(), reader.at("stop_latency_growth"),
               "a number above 1 (a multiple of the baseline's TTFT p50)", *growth);
    }
  }
}

} // namespace

Sweep decode_sweep(const DecodeContext &ctx, const ObjectReader &load, Load::Mode mode,
                   nanoseconds step_duration) {
  static constexpr std::array<std::string_view, 14> k_keys{
      "over",   "levels",         "steps",     "probe_concurrency", "max_duration",
      "window", "stable_windows", "tolerance", "stop_error_rate",   "stop_latency_growth",
      "slo",    "start",          "max",       "resolution"};
  static const json k_absent = json::object();
  const bool search = mode == Load::Mode::search;
  const json *value = load.get("sweep");
  if (value == nullptr && search) {
    ctx.decoder.error(load.pointer(), "missing required key \"sweep\" with its \"slo\": " +
                                          std::string(k_search_needs_slo));
  }
  const ObjectReader reader(ctx.decoder, value != nullptr ? *value : k_absent, load.at("sweep"),
                            k_keys);
  Sweep out;
  static constexpr std::array<std::string_view, 2> k_over{"rate", "concurrency"};
  if (reader.choice("over", k_over) == "concurrency") {
    out.over = Sweep::Over::concurrency;
    out.resolution = 1;
    out.resolution_relative = false;
  }
  decode_levels(reader, out);
  reject_other_mode_keys(reader, search, reader.has("levels"));
  if (const auto n = reader.integer("steps", 1, 50)) {
    out.steps = static_cast<std::uint32_t>(*n);
  }
  if (const auto n = reader.integer("probe_concurrency", 1, k_max_level_concurrency)) {
    out.probe_concurrency = static_cast<std::uint32_t>(*n);
  }
  decode_timing(load, reader, step_duration, out);
  decode_stops(reader, out);
  decode_slo(reader, search, value != nullptr, out);
  out.start = member_level(reader, "start", out.over).value_or(0);
  if (const auto max = member_level(reader, "max", out.over)) {
    if (out.start > 0 && *max < out.start) {
      expected(ctx.decoder, reader.at("max"),
               "a level of at least \"start\" (" + level_text(out.start, out.over) + ")",
               *reader.get("max"));
    } else {
      out.max = *max;
    }
  }
  decode_resolution(reader, out);
  return out;
}

} // namespace chatbench::scenario::detail
