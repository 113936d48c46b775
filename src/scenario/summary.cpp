#include "scenario/summary.hpp"

#include "util/units.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace chatbench::scenario {
namespace {

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}

constexpr const char *k_arrival_names[] = {"constant", "poisson", "gamma"};

// "2, 4, 8/s" or "1, 2, 4 in flight".
std::string levels(const std::vector<double> &values, Sweep::Over over) {
  std::string out;
  for (const double x : values) {
    out += (out.empty() ? "" : ", ") + number(x);
  }
  return out + (over == Sweep::Over::rate ? "/s" : " in flight");
}

std::string joined_slo(const std::vector<Threshold> &slo) {
  std::string out;
  for (const Threshold &t : slo) {
    out += (out.empty() ? "" : ", ") + t.text;
  }
  return out;
}

// "rate sweep: automatic plan (baseline, probe at 64, 6 levels), 10s per step (+2s warmup, up
// to 30s)", "concurrency search for ttft.p95 < 500ms to within 1 in flight (from 4 in flight),
// 10s per step ...".
std::string describe_capacity(const Load &load) {
  const Sweep &s = load.sweep;
  const bool rate = s.over == Sweep::Over::rate;
  std::string out = rate ? "rate " : "concurrency ";
  if (load.mode == Load::Mode::sweep) {
    out += "sweep: ";
    out += s.levels.empty()
               ? "automatic plan (baseline, probe at " + std::to_string(s.probe_concurrency) +
                     ", " + std::to_string(s.steps) + " levels)"
               : levels(s.levels, s.over);
    if (!s.slo.empty()) {
      out += " judged by " + joined_slo(s.slo);
    }
  } else {
    out +=
        "search for " + joined_slo(s.slo) + " to within " +
        (s.resolution_relative ? number(s.resolution * 100) + "%" : levels({s.resolution}, s.over));
    if (s.start > 0 || s.max > 0) {
      out += " (";
      out += s.start > 0 ? "from " + levels({s.start}, s.over) : "";
      out += s.start > 0 && s.max > 0 ? ", " : "";
      out += s.max > 0 ? "at most " + levels({s.max}, s.over) : "";
      out += ")";
    }
  }
  if (rate) {
    out += std::string(", ") + k_arrival_names[static_cast<int>(load.arrival)] + " arrivals";
    if (load.max_in_flight) {
      out += ", at most " + std::to_string(*load.max_in_flight) + " in flight";
    }
  }
  out += ", " + util::format_duration(load.duration.value_or(Nanos(0))) + " per step (";
  if (load.warmup_duration.count() > 0) {
    out += "+" + util::format_duration(load.warmup_duration) + " warmup, ";
  }
  return out + "up to " + util::format_duration(s.max_duration) + ")";
}

std::string describe_load(const Load &load) {
  if (load.mode == Load::Mode::sweep || load.mode == Load::Mode::search) {
    return describe_capacity(load);
  }
  std::string out;
  if (load.mode == Load::Mode::rate) {
    out = load.stages.empty() ? "rate " + number(load.rate_per_s) + "/s"
                              : std::to_string(load.stages.size()) + " rate stages";
    out += std::string(" ") + k_arrival_names[static_cast<int>(load.arrival)];
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
