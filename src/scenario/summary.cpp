#include "scenario/summary.hpp"

#include "util/units.hpp"

#include <cstdio>

namespace chatbench::scenario {
namespace {

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}

std::string describe_load(const Load &load) {
  std::string out;
  if (load.mode == Load::Mode::rate) {
    static constexpr const char *k_arrivals[] = {"constant", "poisson", "gamma"};
    out = load.stages.empty() ? "rate " + number(load.rate_per_s) + "/s"
                              : std::to_string(load.stages.size()) + " rate stages";
    out += std::string(" ") + k_arrivals[static_cast<int>(load.arrival)];
    if (load.max_in_flight) {
      out += ", at most " + std::to_string(*load.max_in_flight) + " in flight";
    }
  } else {
    out = load.stages.empty()
              ? "closed loop, " + std::to_string(load.concurrency) + " concurrent"
              : "closed loop, " + std::to_string(load.stages.size()) + " concurrency stages";
  }
  if (load.duration) {
    out += " for " + util::format_duration(*load.duration);
  }
  if (load.requests) {
    out += (load.duration ? " or " : " for ") + std::to_string(*load.requests) + " requests";
  }
  return out;
}

std::string describe_workload(const Workload &w) {
  switch (w.kind) {
  case Workload::Kind::messages:
    return "fixed messages";
  case Workload::Kind::template_:
    return "templated messages (" + std::to_string(w.variables.size()) + " variables)";
  case Workload::Kind::conversations:
    return std::to_string(w.conversations.size()) + " conversations from a file";
  case Workload::Kind::synthetic:
    return "synthetic prompts";
  }
  return "";
}

} // namespace

std::string summarize(const Scenario &s) {
  std::string out =
      std::to_string(s.targets.size()) + (s.targets.size() == 1 ? " target (" : " targets (");
  for (std::size_t i = 0; i < s.targets.size(); ++i) {
    const Target &t = s.targets[i];
    out += (i > 0 ? ", " : "") + t.name + ": " + std::string(openai::info(t.provider).name) +
           " at " + t.base_url;
  }
  out += "), ";
  if (s.targets.size() > 1) {
    out += s.load.side_by_side ? "side by side, " : "one after another, ";
  }
  out += describe_load(s.load);
  out += s.request.stream ? ", streaming, " : ", non-streaming, ";
  out += describe_workload(s.workload);
  if (!s.checks.thresholds.empty()) {
    out += ", " + std::to_string(s.checks.thresholds.size()) + " threshold" +
           (s.checks.thresholds.size() == 1 ? "" : "s");
  }
  return out;
}

} // namespace chatbench::scenario
