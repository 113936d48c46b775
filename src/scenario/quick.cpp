#include "scenario/quick.hpp"

#include <cstdlib>

namespace chatbench::scenario {
namespace {

using nlohmann::json;

// "8" -> 8 so that numeric flags decode as numbers; anything else stays a string for the loader
// to parse with units ("10k", "50/s") or to reject with a message.
json number_or_string(const std::string &text) {
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_number() ? parsed : json(text);
}

} // namespace

json quick_scenario_document(const QuickOptions &o) {
  json target = {{"name", "target"}, {"provider", o.provider}, {"base_url", o.target}};
  if (!o.model.empty()) {
    target["model"] = o.model;
  }
  std::string key_env = o.api_key_env;
  if (key_env.empty() && o.target != "mock") {
    if (const auto provider = openai::provider_from_name(o.provider)) {
      const std::string fallback(openai::info(*provider).key_env);
      key_env = std::getenv(fallback.c_str()) != nullptr ? fallback : "";
    }
  }
  if (!key_env.empty()) {
    target["api_key"] = {{"env", key_env}};
  }
  json load = json::object();
  const bool capacity = !o.capacity_mode.empty();
  if (capacity) {
    load["mode"] = o.capacity_mode; // a level or a request count given is then reported
  }
  if (o.rate) {
    load["rate"] = number_or_string(*o.rate);
  } else if (o.concurrency || !capacity) {
    load["concurrency"] = number_or_string(o.concurrency.value_or("1"));
  }
  if (o.requests) {
    load["requests"] = number_or_string(*o.requests);
  }
  if (o.duration) {
    load["duration"] = *o.duration;
  }
  if (!o.requests && !o.duration && !capacity) {
    load["requests"] = 10;
  }
  json request = {{"stream", o.stream}};
  if (o.max_tokens) {
    request["max_tokens"] = number_or_string(*o.max_tokens);
  }
  json document = {
      {"name", "quick"},
      {"targets", json::array({target})},
      {"workload", {{"messages", json::array({{{"role", "user"}, {"content", o.prompt}}})}}},
      {"request", request},
      {"load", load}};
  if (!o.thresholds.empty()) {
    document["checks"] = {{"thresholds", o.thresholds}};
  }
  if (!o.out.empty()) {
    document["report"] = {{"dir", o.out}};
  }
  return document;
}

Result<Scenario> load_quick_scenario(const QuickOptions &options, const LoadOptions &load) {
  return load_scenario_json(quick_scenario_document(options), "command line", "", load);
}

} // namespace chatbench::scenario
