#include "scenario/capacity_flags.hpp"

#include <array>
#include <string_view>

namespace chatbench::scenario {
namespace {

using nlohmann::json;

Unexpected flag_error(std::string message) {
  return make_error(ErrorCode::invalid_argument, std::move(message));
}

bool is_capacity_mode(const json &load) {
  const auto mode = load.find("mode");
  return mode != load.end() && (*mode == "sweep" || *mode == "search");
}

// "8" -> 8, so that plain numbers decode as numbers; "8/s" and mistakes stay strings for the
// loader to parse or to reject with its message.
json level_value(const std::string &text) {
  const std::size_t first = text.find_first_not_of(' ');
  const std::size_t last = text.find_last_not_of(' ');
  const std::string trimmed =
      first == std::string::npos ? "" : text.substr(first, last - first + 1);
  json parsed = json::parse(trimmed, nullptr, false);
  return parsed.is_number() ? parsed : json(trimmed);
}

json levels_value(const std::string &list) {
  json levels = json::array();
  if (list.empty()) {
    return levels;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = list.find(',', start);
    levels.push_back(level_value(list.substr(start, comma - start)));
    if (comma == std::string::npos) {
      return levels;
    }
    start = comma + 1;
  }
}

// Switches `load` to `mode`, dropping what the mode it had takes and the new one does not.
void switch_mode(json &load, const std::string &mode) {
  const std::string before = load.contains("mode") && load["mode"].is_string()
                                 ? load["mode"].get<std::string>()
                                 : std::string();
  if (before != "sweep" && before != "search") {
    for (const char *key : {"concurrency", "rate", "stages", "requests", "duration", "warmup"}) {
      load.erase(key);
    }
  }
  json *sweep = load.contains("sweep") && load["sweep"].is_object() ? &load["sweep"] : nullptr;
  if (sweep != nullptr && before == "search" && mode == "sweep") {
    for (const char *key : {"start", "max", "resolution"}) {
      sweep->erase(key);
    }
  }
  if (sweep != nullptr && before == "sweep" && mode == "search") {
    for (const char *key : {"levels", "steps"}) {
      sweep->erase(key);
    }
  }
  load["mode"] = mode;
}

// --sweep SPEC or --search SPEC: "rate", "concurrency:1,2,4" (levels with --sweep only).
void apply_mode(json &load, const std::string &mode, const std::string &spec,
                std::vector<AppliedOverride> &applied) {
  const std::string flag = (mode == "sweep" ? "--sweep " : "--search ") + spec;
  switch_mode(load, mode);
  applied.push_back({flag, "/load/mode"});
  if (!load.contains("sweep") || load["sweep"].is_null()) {
    load["sweep"] = json::object();
    applied.push_back({flag, "/load/sweep"});
  }
  json &sweep = load["sweep"];
  if (!sweep.is_object()) {
    return; // the loader reports the file's "sweep"
  }
  const std::size_t colon = mode == "sweep" ? spec.find(':') : std::string::npos;
  sweep["over"] = spec.substr(0, colon);
  applied.insert(applied.begin(), {flag, "/load/sweep/over"});
  if (sweep["over"] == "concurrency") {
    // Every step is then a closed loop: a rate scenario's open-loop settings do not apply.
    for (const char *key : {"arrival", "burstiness", "max_in_flight", "busy_wait"}) {
      load.erase(key);
    }
  }
  if (colon == std::string::npos) {
    sweep.erase("levels");
    return;
  }
  sweep["levels"] = levels_value(spec.substr(colon + 1));
  sweep.erase("steps"); // the automatic plan's size
  applied.insert(applied.begin(), {flag, "/load/sweep/levels"});
}

} // namespace

Result<std::vector<AppliedOverride>> apply_capacity_flags(json &document,
                                                          const CapacityFlags &flags) {
  std::vector<AppliedOverride> applied;
  if (flags.empty()) {
    return applied;
  }
  if (flags.sweep && flags.search) {
    return flag_error("--sweep and --search cannot be combined: a sweep measures a series of "
                      "levels, a search looks for the highest level at which every --slo holds; "
                      "choose one");
  }
  if (flags.search && flags.search->find(':') != std::string::npos) {
    return flag_error("--search " + *flags.search +
                      ": expected rate or concurrency; a search picks its own levels (a list of "
                      "levels goes with --sweep)");
  }
  if (!document.is_object()) {
    return applied; // the loader reports it
  }
  if (!document.contains("load") || document["load"].is_null()) {
    document["load"] = json::object();
  }
  json &load = document["load"];
  if (!load.is_object()) {
    return applied; // the loader reports it
  }
  if (flags.sweep || flags.search) {
    apply_mode(load, flags.sweep ? "sweep" : "search", flags.sweep ? *flags.sweep : *flags.search,
               applied);
  }
  if (flags.slo.empty()) {
    return applied;
  }
  if (!is_capacity_mode(load)) {
    return flag_error("--slo applies to a sweep or a search: add --sweep or --search, or use a "
                      "scenario whose load.mode is \"sweep\" or \"search\"");
  }
  if (!load.contains("sweep") || load["sweep"].is_null()) {
    load["sweep"] = json::object();
  }
  json &sweep = load["sweep"];
  if (!sweep.is_object()) {
    return applied;
  }
  if (!sweep.contains("slo") || !sweep["slo"].is_array()) {
    if (sweep.contains("slo")) {
      return applied; // the loader reports the file's "slo"
    }
    sweep["slo"] = json::array();
  }
  std::vector<AppliedOverride> slo;
  for (const std::string &text : flags.slo) {
    slo.push_back({"--slo " + text, "/load/sweep/slo/" + std::to_string(sweep["slo"].size())});
    sweep["slo"].push_back(text);
  }
  applied.insert(applied.begin(), slo.begin(), slo.end());
  return applied;
}

} // namespace chatbench::scenario
