#include "report/saved_capacity.hpp"

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

// A named namespace around the helpers: the report library is a unity build
// (cmake/Modules.cmake), and saved_run.cpp defines helpers of the same kind.
namespace chatbench::report::saved_capacity_decoding {
namespace {

using json_read::Node;
using json_read::Reader;

// A name decoded with `parse` (capacity's *_from_string); `what` lists the names for the message.
template <class Parse>
auto decode_name(Reader &in, const Node &parent, std::string_view key, Parse parse,
                 std::string_view what) {
  const Node node = in.child(parent, key);
  const std::string name = in.text(node);
  const auto value = parse(name);
  if (in.ok() && !value) {
    in.expected(node, what);
  }
  using Value = typename std::remove_cvref_t<decltype(value)>::value_type;
  return value.value_or(Value{});
}

capacity::Over read_over(Reader &in, const Node &parent) {
  return decode_name(in, parent, "over", capacity::over_from_string, "\"rate\" or \"concurrency\"");
}

std::uint32_t index_of(Reader &in, const Node &node) {
  const std::uint64_t value = in.count(node);
  if (in.ok() && value > std::numeric_limits<std::uint32_t>::max()) {
    in.expected(node, "a step index");
  }
  return static_cast<std::uint32_t>(value);
}

std::uint32_t index_of(Reader &in, const Node &parent, std::string_view key) {
  return index_of(in, in.child(parent, key));
}

// A step index or null.
std::optional<std::uint32_t> optional_index(Reader &in, const Node &parent, std::string_view key) {
  const Node node = in.child(parent, key);
  if (!in.ok() || node.value->is_null()) {
    return std::nullopt;
  }
  return index_of(in, node);
}

// Whole nanoseconds, or -1 for no sample.
std::int64_t latency_ns(Reader &in, const Node &parent, std::string_view key) {
  const Node node = in.child(parent, key);
  if (in.ok() && !(node.value->is_number_integer() && node.value->get<std::int64_t>() >= -1)) {
    in.expected(node, "whole nanoseconds >= 0, or -1 for no sample");
  }
  return in.ok() ? node.value->get<std::int64_t>() : -1;
}

capacity::Latency read_latency(Reader &in, const Node &parent, std::string_view key) {
  const Node l = in.child(parent, key);
  // Braced initialisation reads the fields in order, so the first problem is the first field.
  return {latency_ns(in, l, "p50_ns"), latency_ns(in, l, "p90_ns"), latency_ns(in, l, "p95_ns"),
          latency_ns(in, l, "p99_ns")};
}

capacity::StepFigures read_figures(Reader &in, const Node &f) {
  capacity::StepFigures out;
  out.measured_s = in.number(in.child(f, "measured_s"));
  out.requests = in.count(f, "requests");
  out.ok = in.count(f, "ok");
  out.failed = in.count(f, "failed");
  out.error_rate = in.number(in.child(f, "error_rate"));
  out.offered_rate = in.number(in.child(f, "offered_rate"));
  out.achieved_rate = in.number(in.child(f, "achieved_rate"));
  out.mean_in_flight = in.number(in.child(f, "mean_in_flight"));
  out.output_tokens_per_s = in.number(in.child(f, "output_tokens_per_s"));
  out.goodput_per_s = in.number(in.child(f, "goodput_per_s"));
  out.ttft = read_latency(in, f, "ttft");
  out.e2e = read_latency(in, f, "e2e");
  out.itl = read_latency(in, f, "itl");
  return out;
}

capacity::SloResult read_slo(Reader &in, const Node &r) {
  capacity::SloResult out;
  out.expression = in.text(r, "expression");
  if (const Node actual = in.child(r, "actual"); in.ok() && !actual.value->is_null()) {
    out.actual = in.number(actual);
  }
  out.passed = in.flag(r, "passed");
  out.detail = in.text(r, "detail");
  return out;
}

capacity::Step read_step(Reader &in, const Node &s) {
  capacity::Step out;
  out.index = index_of(in, s, "index");
  out.kind = decode_name(in, s, "kind", capacity::step_kind_from_string,
                         "a step kind (\"baseline\", \"probe\", \"level\" or \"search\")");
  out.over = read_over(in, s);
  out.level = in.number(in.child(s, "level"));
  out.status = decode_name(in, s, "status", capacity::step_status_from_string,
                           "a step status (\"stable\", \"unstable\", \"oversaturated\", "
                           "\"failed\" or \"interrupted\")");
  out.reason = in.text(s, "reason");
  out.windows = index_of(in, s, "windows");
  out.extended = in.flag(s, "extended");
  out.measured_from_s = in.number(in.child(s, "measured_from_s"));
  out.measured_to_s = in.number(in.child(s, "measured_to_s"));
  out.figures = read_figures(in, in.child(s, "figures"));
  for (const Node &r : in.items(in.child(s, "slo"))) {
    out.slo.push_back(read_slo(in, r));
  }
  return out;
}

std::optional<capacity::Knee> read_knee(Reader &in, const Node &parent) {
  const Node k = in.child(parent, "knee");
  if (!in.ok() || k.value->is_null()) {
    return std::nullopt;
  }
  capacity::Knee out;
  out.step = index_of(in, k, "step");
  out.level = in.number(in.child(k, "level"));
  out.achieved_rate = in.number(in.child(k, "achieved_rate"));
  out.output_tokens_per_s = in.number(in.child(k, "output_tokens_per_s"));
  return out;
}

std::optional<capacity::Answer> read_answer(Reader &in, const Node &parent) {
  const Node a = in.child(parent, "answer");
  if (!in.ok() || a.value->is_null()) {
    return std::nullopt;
  }
  capacity::Answer out;
  out.found = in.flag(a, "found");
  out.level = in.number(in.child(a, "level"));
  out.over = read_over(in, a);
  out.last_pass = optional_index(in, a, "last_pass");
  out.first_fail = optional_index(in, a, "first_fail");
  out.resolution = in.number(in.child(a, "resolution"));
  out.resolved = in.flag(a, "resolved");
  out.monotone = in.flag(a, "monotone");
  out.note = in.text(a, "note");
  return out;
}

} // namespace
} // namespace chatbench::report::saved_capacity_decoding

namespace chatbench::report {

capacity::Result read_capacity(json_read::Reader &in, const json_read::Node &node) {
  using namespace saved_capacity_decoding;
  capacity::Result out;
  out.mode = decode_name(in, node, "mode", capacity::mode_from_string, "\"sweep\" or \"search\"");
  out.over = read_over(in, node);
  out.stopped_early = in.text(node, "stopped_early");
  out.knee = read_knee(in, node);
  out.answer = read_answer(in, node);
  for (const Node &s : in.items(in.child(node, "steps"))) {
    out.steps.push_back(read_step(in, s));
  }
  return out;
}

} // namespace chatbench::report
