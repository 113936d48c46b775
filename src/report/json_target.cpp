#include "report/json_target.hpp"

#include "openai/provider.hpp"
#include "report/json_capacity.hpp"

#include <cmath>

namespace chatbench::report {
namespace {

using nlohmann::json;

constexpr double k_ns_per_ms = 1e6;
constexpr double k_ns_per_s = 1e9;

// Figures are finite by construction; this keeps a future slip from writing NaN (which
// nlohmann::json would print as null where the schema expects a number).
double finite(double value) {
  return std::isfinite(value) ? value : 0.0;
}

json metrics_json(const Figures &f) {
  json out = json::object();
  for (std::size_t i = 0; i < k_latency_count; ++i) {
    const auto which = static_cast<Latency>(i);
    out[std::string(to_string(which)) + "_ms"] = stats_json(f.latency(which));
  }
  out["output_tokens_per_s_per_request"] = stats_json(f.output_rate);
  return out;
}

json http_json(const Figures &f) {
  json status = json::object();
  for (const auto &[code, n] : f.http_status) {
    status[std::to_string(code)] = n;
  }
  json versions = json::object();
  for (const auto &[code, n] : f.http_version) {
    versions[http_version_name(code)] = n;
  }
  return {{"status", std::move(status)}, {"versions", std::move(versions)}};
}

json failures_json(const Figures &f) {
  json out = json::object();
  for (const FailureCount &failure : f.failures) {
    out[failure.kind] = failure.count;
  }
  return out;
}

json goodput_json(const GoodputFigures &g) {
  return {{"requests", g.requests},
          {"per_s", finite(g.per_s)},
          {"slo",
           {{"ttft_ms", limit_ms(g.slo.ttft_ns)},
            {"tpot_ms", limit_ms(g.slo.tpot_ns)},
            {"itl_max_ms", limit_ms(g.slo.itl_max_ns)},
            {"e2e_ms", limit_ms(g.slo.e2e_ns)}}}};
}

json tokens_json(const TokenFigures &t) {
  return {{"source", std::string(to_string(t.source))},
          {"output_total", t.output_total},
          {"from_usage", t.from_usage},
          {"from_chunks", t.from_chunks},
          {"unknown", t.unknown},
          {"mismatches", t.mismatches},
          {"output_bytes", t.output_bytes},
          {"bytes_per_token", t.output_total == 0 ? json(nullptr)
                                                  : json(static_cast<double>(t.output_bytes) /
                                                         static_cast<double>(t.output_total))}};
}

json timeline_json(const metrics::Timeline &timeline) {
  const double bucket_s = static_cast<double>(timeline.bucket_ns()) / k_ns_per_s;
  json points = json::array();
  const std::vector<metrics::TimelineBucket> buckets = timeline.buckets();
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const metrics::TimelineBucket &b = buckets[i];
    // From integer nanoseconds, so bucket 3 of 100 ms is 0.3, not 0.30000000000000004.
    const std::int64_t t_ns = static_cast<std::int64_t>(i) * timeline.bucket_ns();
    points.push_back({{"t_s", static_cast<double>(t_ns) / k_ns_per_s},
                      {"sent", b.sent},
                      {"done", b.done},
                      {"ok", b.ok},
                      {"failed", b.failed},
                      {"good", b.good},
                      {"output_tokens", b.output_tokens},
                      {"in_flight", b.in_flight}});
  }
  return {{"bucket_s", bucket_s}, {"points", std::move(points)}};
}

json histograms_json(const metrics::Recorder &recorder) {
  json out = json::object();
  for (std::size_t i = 0; i < k_latency_count; ++i) {
    const auto which = static_cast<Latency>(i);
    out[std::string(to_string(which))] = recorder.histogram(metric_of(which)).encode();
  }
  out["output_rate_milli"] = recorder.histogram(metrics::Metric::output_rate_milli).encode();
  return out;
}

json mock_json(const run::MockFigures &m) {
  const auto ms = [](std::int64_t ns) {
    return static_cast<double>(ns) / k_ns_per_ms;
  };
  return {{"completions", m.completions},
          {"rejected", m.rejected},
          {"faulted", m.faulted},
          {"emission_lag_p50_ms", ms(m.emission_lag_p50_ns)},
          {"emission_lag_p99_ms", ms(m.emission_lag_p99_ns)},
          {"emission_lag_max_ms", ms(m.emission_lag_max_ns)}};
}

// targets[].conformance: what was checked against which profile, and the findings.
json conformance_json(const run::TargetRun &t) {
  const conformance::Tally &tally = t.conformance;
  json findings = json::array();
  for (const conformance::Finding &f : tally.sorted_findings()) {
    findings.push_back(finding_json(f, t.profile));
  }
  return {{"profile", t.profile},
          {"level", std::string(conformance::to_string(t.conformance_level))},
          {"sample", finite(t.conformance_sample)},
          {"checked", tally.checked()},
          {"failures", tally.failures()},
          {"warnings", tally.warnings()},
          {"findings_dropped", tally.dropped()},
          {"findings", std::move(findings)}};
}

// The target's set-up: who it is and what was sent.
void describe(json &out, const run::TargetRun &t) {
  out["name"] = t.name;
  out["provider"] = std::string(openai::info(t.provider).name);
  out["url"] = t.url;
  out["mock"] = t.mock;
  out["model"] = t.model;
  out["stream"] = t.stream;
  out["include_usage"] = t.include_usage;
  out["token_limit_field"] = t.token_limit_field;
  out["notes"] = t.notes;
  if (!t.error.empty()) {
    out["error"] = t.error;
  }
  out["interrupted"] = t.interrupted;
}

} // namespace

json stats_json(const Stats &s) {
  if (s.count == 0) {
    return {{"count", 0},     {"mean", nullptr},  {"min", nullptr}, {"p50", nullptr},
            {"p90", nullptr}, {"p95", nullptr},   {"p99", nullptr}, {"p999", nullptr},
            {"max", nullptr}, {"stddev", nullptr}};
  }
  return {{"count", s.count},          {"mean", finite(s.mean)}, {"min", finite(s.min)},
          {"p50", finite(s.p50)},      {"p90", finite(s.p90)},   {"p95", finite(s.p95)},
          {"p99", finite(s.p99)},      {"p999", finite(s.p999)}, {"max", finite(s.max)},
          {"stddev", finite(s.stddev)}};
}

json limit_ms(std::int64_t ns) {
  return ns < 0 ? json(nullptr) : json(static_cast<double>(ns) / k_ns_per_ms);
}

json finding_json(const conformance::Finding &f, std::string_view profile) {
  return {{"check", std::string(conformance::to_string(f.check))},
          {"severity", std::string(conformance::to_string(f.severity))},
          {"pointer", f.pointer},
          {"message", f.message},
          {"example", f.example},
          {"profile", std::string(profile)},
          {"request_id", f.request_id},
          {"count", f.count}};
}

json target_json(const run::TargetRun &t, const Figures &f) {
  json out = json::object();
  describe(out, t);
  out["requests"] = {{"total", f.total}, {"ok", f.ok}, {"failed", f.failed}, {"warmup", f.warmup}};
  out["error_rate"] = finite(f.error_rate);
  out["failures"] = failures_json(f);
  out["http"] = http_json(f);
  out["metrics"] = metrics_json(f);
  out["throughput"] = {{"requests_per_s", finite(f.requests_per_s)},
                       {"output_tokens_per_s", finite(f.output_tokens_per_s)},
                       {"output_bytes_per_s", finite(f.output_bytes_per_s)}};
  out["goodput"] = goodput_json(f.goodput);
  out["tokens"] = tokens_json(f.tokens);
  out["late_sends"] = f.late_sends;
  out["duration"] = {{"measured_s", finite(f.measured_s)}, {"wall_s", finite(f.wall_s)}};
  out["workers"] = f.workers;
  out["max_in_flight"] = f.max_in_flight;
  out["connections"] = f.connections;
  out["timeline"] = timeline_json(t.timeline);
  out["histograms"] = histograms_json(t.recorder);
  out["conformance"] = conformance_json(t);
  if (t.mock) {
    out["mock_figures"] = mock_json(t.mock_figures);
  }
  if (t.capacity) {
    out["capacity"] = capacity_json(*t.capacity);
  }
  return out;
}

} // namespace chatbench::report
