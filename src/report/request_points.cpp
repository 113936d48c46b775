#include "report/request_points.hpp"

#include "report/json_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace chatbench::report {
namespace {

using nlohmann::json;

std::int64_t time_of(const json &row, const char *key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
}

std::string string_of(const json &row, const char *key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::uint32_t intern(std::vector<std::string> &names, const std::string &name) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) {
    return static_cast<std::uint32_t>(it - names.begin());
  }
  names.push_back(name);
  return static_cast<std::uint32_t>(names.size() - 1);
}

std::string kind_of(const json &row, const std::string &outcome) {
  if (outcome != "http_status") {
    return outcome;
  }
  const auto it = row.find("http_status");
  return it != row.end() && it->is_number_integer() ? "http_" + std::to_string(it->get<int>())
                                                    : outcome;
}

void add_line(RequestPoints &out, std::string_view line) {
  const json row = json::parse(line, nullptr, false);
  const std::string outcome = row.is_object() ? string_of(row, "outcome") : std::string();
  if (outcome.empty() || !row.contains("target")) {
    ++out.skipped;
    return;
  }
  RequestPoint p;
  p.target = intern(out.targets, string_of(row, "target"));
  p.measured = string_of(row, "phase") == "measure";
  p.ok = outcome == "ok";
  if (!p.ok) {
    p.kind = intern(out.kinds, kind_of(row, outcome));
  }
  const std::int64_t intended = time_of(row, "intended_ns");
  const std::int64_t sent = time_of(row, "sent_ns");
  p.sent_ns = sent >= 0 ? sent : intended;
  const std::int64_t first_token = time_of(row, "first_token_ns");
  p.ttft_ns = first_token >= 0 && intended >= 0 ? first_token - intended : -1;
  p.done_ns = time_of(row, "done_ns");
  out.points.push_back(p);
}

} // namespace

std::uint32_t RequestPoints::target_index(std::string_view name) const noexcept {
  const auto it = std::find(targets.begin(), targets.end(), name);
  return static_cast<std::uint32_t>(it - targets.begin());
}

RequestPoints parse_request_points(std::string_view jsonl) {
  RequestPoints out;
  for_each_line(jsonl, [&out](std::string_view line) { add_line(out, line); });
  return out;
}

} // namespace chatbench::report
