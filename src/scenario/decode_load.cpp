#include "scenario/decode.hpp"

#include "util/text.hpp"

#include <array>

namespace chatbench::scenario::detail {
namespace {

using nlohmann::json;
using std::chrono::nanoseconds;

constexpr std::uint32_t k_max_concurrency = 1000000;
// Sweeps and searches: each step's measured time (at least) and discarded start.
constexpr nanoseconds k_step_duration = std::chrono::seconds(10);
constexpr nanoseconds k_step_warmup = std::chrono::seconds(2);

void decode_timeouts(const DecodeContext &ctx, const ObjectReader &load, Timeouts &out) {
  const json *value = load.get("timeouts");
  if (value == nullptr) {
    return;
  }
  static constexpr std::array<std::string_view, 4> k_keys{"connect", "first_token", "idle",
                                                          "total"};
  const ObjectReader reader(ctx.decoder, *value, load.at("timeouts"), k_keys);
  out.connect = reader.duration("connect").value_or(out.connect);
  out.first_token = reader.duration("first_token").value_or(out.first_token);
  out.idle = reader.duration("idle").value_or(out.idle);
  out.total = reader.duration("total").value_or(out.total);
  if (out.first_token > out.total && reader.has("first_token")) {
    reader.error("first_token", "longer than the \"total\" timeout (" +
                                    util::format_duration(out.total) + "), so it could never fire");
  }
}

void decode_stages(const DecodeContext &ctx, const ObjectReader &load, Load &out) {
  const json *value = load.get("stages");
  if (value == nullptr) {
    return;
  }
  if (!value->is_array() || value->empty()) {
    expected(ctx.decoder, load.at("stages"), "a non-empty array of stages", *value);
    return;
  }
  const bool rate_mode = out.mode == Load::Mode::rate;
  const std::string_view level = rate_mode ? "rate" : "concurrency";
  const std::array<std::string_view, 2> keys{"duration", level};
  for (std::size_t i = 0; i < value->size(); ++i) {
    const ObjectReader stage(ctx.decoder, (*value)[i], load.at("stages") + "/" + std::to_string(i),
                             keys);
    if (!stage.is_object()) {
      continue;
    }
    Stage s;
    stage.require("duration");
    stage.require(level);
    s.duration = stage.duration("duration").value_or(nanoseconds(0));
    if (rate_mode) {
      s.target = stage.rate("rate").value_or(0);
    } else if (auto c = stage.integer("concurrency", 1, k_max_concurrency)) {
      s.target = static_cast<double>(*c);
    }
    out.stages.push_back(s);
  }
}

void decode_warmup(const ObjectReader &reader, Load &out) {
  const json *value = reader.get("warmup");
  if (value == nullptr) {
    return;
  }
  if (value->is_number()) {
    out.warmup_requests = reader.count("warmup", 0, 100000000).value_or(0);
  } else {
    out.warmup_duration = reader.duration("warmup", true).value_or(nanoseconds(0));
  }
}

// `closed_loop` says why arrival processes do not apply to this load ("" when they do).
void decode_arrival(const ObjectReader &reader, Load &out, const std::string &closed_loop) {
  static constexpr std::array<std::string_view, 3> k_arrivals{"constant", "poisson", "gamma"};
  if (const auto arrival = reader.choice("arrival", k_arrivals)) {
    out.arrival = *arrival == "poisson" ? Load::Arrival::poisson
                  : *arrival == "gamma" ? Load::Arrival::gamma
                                        : Load::Arrival::constant;
    if (!closed_loop.empty()) {
      reader.error("arrival", closed_loop);
    }
  }
  if (auto b = reader.number("burstiness", 0.01, 100)) {
    out.burstiness = *b;
    if (out.arrival != Load::Arrival::gamma) {
      reader.error("burstiness", "applies to \"arrival\": \"gamma\" only");
    }
  }
}

// What every mode reads alike, after its level and its end.
void decode_limits(const DecodeContext &ctx, const ObjectReader &reader, Load &out) {
  if (auto m = reader.integer("max_in_flight", 1, k_max_concurrency)) {
    out.max_in_flight = static_cast<std::uint32_t>(*m);
  }
  out.drain = reader.duration("drain", true).value_or(out.drain);
  out.busy_wait = reader.duration("busy_wait", true).value_or(out.busy_wait);
  if (auto w = reader.integer("workers", 0, 256)) {
    out.workers = static_cast<std::uint32_t>(*w);
  }
  decode_timeouts(ctx, reader, out.timeouts);
}

// load.mode "sweep" or "search": the levels come from load.sweep, and every step is timed.
void decode_capacity_load(const DecodeContext &ctx, const ObjectReader &reader, Load &out) {
  const bool search = out.mode == Load::Mode::search;
  const std::string mode = search ? "\"mode\": \"search\"" : "\"mode\": \"sweep\"";
  const std::string levels_from =
      mode + " takes its levels from \"sweep\" (" +
      (search ? "\"over\", \"start\" and \"max\"" : "\"over\" and \"levels\"") + "), not from ";
  for (const std::string_view key : {"concurrency", "rate", "stages"}) {
    if (reader.has(key)) {
      reader.error(key, levels_from + util::quoted(key));
    }
  }
  if (reader.has("requests")) {
    reader.error("requests", mode + " times each step (\"duration\", extended up to "
                                    "\"sweep.max_duration\"); a request count cannot end one");
  }
  if (reader.boolean("side_by_side").value_or(false)) {
    reader.error("side_by_side", mode + " runs the targets' steps one after another, so that "
                                        "they do not compete; remove \"side_by_side\"");
  }
  const json *warmup = reader.get("warmup");
  if (warmup != nullptr && warmup->is_number()) {
    reader.error("warmup", mode + " warms up every step for a time, such as \"2s\", not for a "
                                  "number of requests");
  } else {
    out.warmup_duration = reader.duration("warmup", true).value_or(k_step_warmup);
  }
  out.duration = reader.duration("duration").value_or(k_step_duration);
  out.sweep = decode_sweep(ctx, reader, out.mode, *out.duration);
  if (out.sweep.over == Sweep::Over::concurrency) {
    const std::string closed_loop =
        "applies to rate steps; with \"over\": \"concurrency\" every step is a closed loop";
    for (const std::string_view key : {"max_in_flight", "busy_wait"}) {
      if (reader.has(key)) {
        reader.error(key, closed_loop);
      }
    }
    decode_arrival(reader, out, closed_loop);
  } else {
    decode_arrival(reader, out, "");
  }
  decode_limits(ctx, reader, out);
}

} // namespace

Load decode_load(const DecodeContext &ctx, const json &value, const std::string &pointer) {
  static constexpr std::array<std::string_view, 16> k_keys{
      "mode",     "concurrency", "rate",         "arrival",       "burstiness", "stages",
      "duration", "requests",    "warmup",       "max_in_flight", "drain",      "workers",
      "timeouts", "busy_wait",   "side_by_side", "sweep"};
  Load out;
  const ObjectReader reader(ctx.decoder, value, pointer, k_keys);
  if (!reader.is_object()) {
    return out;
  }
  static constexpr std::array<std::string_view, 4> k_modes{"concurrency", "rate", "sweep",
                                                           "search"};
  const auto mode = reader.choice("mode", k_modes);
  if (mode == "sweep" || mode == "search") {
    out.mode = mode == "sweep" ? Load::Mode::sweep : Load::Mode::search;
    decode_capacity_load(ctx, reader, out);
    return out;
  }
  const bool rate_mode = mode ? *mode == "rate" : reader.has("rate");
  out.mode = rate_mode ? Load::Mode::rate : Load::Mode::concurrency;
  if (reader.has("sweep")) {
    reader.error("sweep",
                 std::string("load.sweep applies to \"mode\": \"sweep\" or \"search\", not ") +
                     (rate_mode ? "\"rate\"" : "\"concurrency\""));
  }
  if (rate_mode && reader.has("concurrency")) {
    reader.error("concurrency", "an open-loop (rate) load has no fixed concurrency; cap requests "
                                "in flight with \"max_in_flight\"");
  }
  if (!rate_mode && reader.has("rate")) {
    reader.error("rate", "a closed-loop (concurrency) load has no rate; write \"mode\": \"rate\"");
  }
  if (!rate_mode && reader.has("busy_wait")) {
    reader.error("busy_wait", "applies to rate mode, where sends have intended times");
  }
  if (!rate_mode && reader.has("max_in_flight")) {
    reader.error("max_in_flight", "applies to rate mode; in concurrency mode the concurrency is "
                                  "the number in flight");
  }
  if (auto c = reader.integer("concurrency", 1, k_max_concurrency)) {
    out.concurrency = static_cast<std::uint32_t>(*c);
  }
  out.rate_per_s = reader.rate("rate").value_or(0);
  decode_stages(ctx, reader, out);
  if (rate_mode && !reader.has("rate") && out.stages.empty() && reader.has("mode")) {
    reader.require("rate");
  }
  decode_arrival(reader, out, rate_mode ? "" : "arrival processes apply to rate mode only");
  out.duration = reader.duration("duration");
  out.requests = reader.count("requests", 1, 1000000000000ULL);
  if (!out.stages.empty() && out.duration) {
    reader.error("duration", "with \"stages\" the duration is the sum of the stages; remove one");
  }
  if (!out.stages.empty()) {
    nanoseconds total{0};
    for (const Stage &s : out.stages) {
      total += s.duration;
    }
    out.duration = total;
  }
  if (!out.duration && !out.requests && !reader.has("duration") && !reader.has("requests")) {
    ctx.decoder.error(pointer, "missing \"duration\" or \"requests\": a run needs an end");
  }
  decode_warmup(reader, out);
  decode_limits(ctx, reader, out);
  out.side_by_side = reader.boolean("side_by_side").value_or(false);
  return out;
}

} // namespace chatbench::scenario::detail
