#include "report/saved_run.hpp"

#include "report/figures.hpp"
#include "report/json_reader.hpp"
#include "report/json_report.hpp"
#include "report/saved_capacity.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <limits>
#include <optional>

// A named namespace around the helpers: the report library is a unity build
// (cmake/Modules.cmake), and json_report.cpp and others define helpers of the same kind.
namespace chatbench::report::saved_run_decoding {
namespace {

using nlohmann::json;

constexpr double k_ns_in_ms = 1e6;
constexpr double k_ns_in_s = 1e9;

using json_read::Node;
using json_read::Reader;

// "2024-05-01T12:34:56.789Z", as json_report.cpp writes it.
std::chrono::system_clock::time_point utc_time(Reader &in, const Node &node) {
  const std::string text = in.text(node);
  std::tm utc{};
  int ms = 0;
  char zulu = 0;
  const bool parsed =
      text.size() == 24 &&
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &utc.tm_year, &utc.tm_mon,
                  &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &ms, &zulu) == 8 &&
      zulu == 'Z';
  if (in.ok() && !parsed) {
    in.expected(node, "a UTC time such as \"2024-05-01T12:34:56.789Z\"");
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(in.ok() ? ::timegm(&utc) : 0) +
         std::chrono::milliseconds(in.ok() ? ms : 0);
}

run::Manifest read_manifest(Reader &in, const Node &m) {
  run::Manifest out;
  out.version = in.text(m, "version");
  out.git_revision = in.text(m, "git_revision");
  out.libcurl = in.text(m, "libcurl");
  out.tls = in.text(m, "tls");
  out.nghttp2 = in.text(m, "nghttp2");
  out.cores = static_cast<unsigned>(in.count(m, "cores"));
  out.scenario_file = in.text(m, "scenario_file");
  out.scenario_name = in.text(m, "scenario_name");
  out.scenario_hash = in.text(m, "scenario_hash");
  out.overrides = in.texts(in.child(m, "overrides"));
  out.command_line = in.texts(in.child(m, "command_line"));
  out.seed = in.count(m, "seed");
  out.started = utc_time(in, in.child(m, "started"));
  out.duration_ns = in.nanoseconds(in.child(m, "duration_s"), k_ns_in_s);
  return out;
}

Verdict read_verdict(Reader &in, const Node &v) {
  Verdict out;
  out.expression = in.text(v, "expression");
  out.target = in.text(v, "target");
  if (const Node actual = in.child(v, "actual"); in.ok() && !actual.value->is_null()) {
    out.actual = in.number(actual);
  }
  out.passed = in.flag(v, "passed");
  out.detail = in.text(v, "detail");
  return out;
}

// 11 from "1.1", 20 from "2", 0 from "unknown": the inverse of http_version_name.
int http_version_code(Reader &in, const Node &at, const std::string &name) {
  int major = 0;
  int minor = 0;
  char dot = 0;
  const int fields = std::sscanf(name.c_str(), "%d%c%d", &major, &dot, &minor);
  const int code = fields >= 1 && major > 0 && major < 10 && minor >= 0 && minor < 10
                       ? major * 10 + (fields == 3 ? minor : 0)
                       : 0;
  if (http_version_name(code) != name) {
    in.fail(at, "not an HTTP version (\"1.1\", \"2\", \"unknown\", ...)");
  }
  return code;
}

std::optional<metrics::FailureKind> failure_kind(std::string_view name) {
  for (std::size_t k = 0; k < metrics::k_failure_kind_count; ++k) {
    if (metrics::to_string(static_cast<metrics::FailureKind>(k)) == name) {
      return static_cast<metrics::FailureKind>(k);
    }
  }
  return std::nullopt;
}

// Counts from what report/figures.hpp made of them (see saved_run.hpp for what is not kept).
metrics::Counts read_counts(Reader &in, const Node &t) {
  metrics::Counts c;
  const Node requests = in.child(t, "requests");
  c.records = in.count(requests, "total");
  std::uint64_t &ok = c.by_outcome[static_cast<std::size_t>(metrics::FailureKind::ok)];
  ok = in.count(requests, "ok");
  if (in.ok() && in.count(requests, "failed") != c.records - ok) {
    in.fail(requests, "failed is not total - ok");
  }
  c.warmup_records = in.count(requests, "warmup");
  for (const auto &[name, item] : in.entries(in.child(t, "failures"))) {
    const std::optional<metrics::FailureKind> kind = failure_kind(name);
    int status = 0;
    if (kind && kind != metrics::FailureKind::ok) {
      c.by_outcome[static_cast<std::size_t>(*kind)] = in.count(item);
    } else if (std::sscanf(name.c_str(), "http_%d", &status) == 1 &&
               name == "http_" + std::to_string(status)) {
      c.http_failures[status] = in.count(item);
    } else {
      in.fail(item, "not a failure kind");
    }
  }
  const Node http = in.child(t, "http");
  for (const auto &[name, item] : in.entries(in.child(http, "status"))) {
    const int status = std::atoi(name.c_str());
    if (std::to_string(status) != name) {
      in.fail(item, "not an HTTP status");
    }
    c.by_http_status[status] = in.count(item);
  }
  for (const auto &[name, item] : in.entries(in.child(http, "versions"))) {
    c.by_http_version[http_version_code(in, item, name)] = in.count(item);
  }
  const Node tokens = in.child(t, "tokens");
  c.tokens = in.count(tokens, "output_total");
  c.tokens_from_usage = in.count(tokens, "from_usage");
  c.tokens_from_chunks = in.count(tokens, "from_chunks");
  c.tokens_unknown = in.count(tokens, "unknown");
  c.token_mismatches = in.count(tokens, "mismatches");
  // Absent from the report.json files of versions that did not count output bytes.
  if (const Node bytes = in.child(tokens, "output_bytes", true);
      in.ok() && !bytes.value->is_null()) {
    c.output_bytes = in.count(bytes);
  }
  c.late = in.count(t, "late_sends");
  if (c.records > 0) {
    c.first_intended_ns = 0;
    c.last_done_ns = in.nanoseconds(in.child(in.child(t, "duration"), "measured_s"), k_ns_in_s);
  }
  return c;
}

metrics::Recorder read_recorder(Reader &in, const Node &t) {
  const Node saved = in.child(t, "histograms");
  std::array<metrics::Histogram, metrics::k_metric_count> histograms;
  const auto decode = [&](std::string_view name, metrics::Metric metric) {
    const Node node = in.child(saved, name);
    const std::string text = in.text(node);
    if (!in.ok()) {
      return;
    }
    Result<metrics::Histogram> h = metrics::Histogram::decode(text);
    if (!h) {
      in.fail(node, h.error().message);
      return;
    }
    histograms[static_cast<std::size_t>(metric)] = std::move(*h);
  };
  for (std::size_t i = 0; i < k_latency_count; ++i) {
    const auto which = static_cast<Latency>(i);
    decode(to_string(which), metric_of(which));
  }
  decode("output_rate_milli", metrics::Metric::output_rate_milli);
  return metrics::Recorder::restore(std::move(histograms), read_counts(in, t));
}

std::int64_t limit_ns(Reader &in, const Node &slo, std::string_view key) {
  const Node node = in.child(slo, key);
  return in.ok() && node.value->is_null() ? -1 : in.nanoseconds(node, k_ns_in_ms);
}

metrics::Timeline read_timeline(Reader &in, const Node &t) {
  const Node slo = in.child(in.child(t, "goodput"), "slo");
  const metrics::Slo limits{limit_ns(in, slo, "ttft_ms"), limit_ns(in, slo, "tpot_ms"),
                            limit_ns(in, slo, "itl_max_ms"), limit_ns(in, slo, "e2e_ms")};
  const std::uint64_t good = in.count(in.child(t, "goodput"), "requests");
  const Node timeline = in.child(t, "timeline");
  const std::int64_t bucket_ns = in.nanoseconds(in.child(timeline, "bucket_s"), k_ns_in_s);
  std::vector<metrics::TimelineBucket> buckets;
  for (const Node &p : in.items(in.child(timeline, "points"))) {
    // Braced initialisation reads the fields in order, so the first problem is the first field.
    buckets.push_back({in.count(p, "sent"), in.count(p, "done"), in.count(p, "ok"),
                       in.count(p, "failed"), in.count(p, "good"), in.count(p, "output_tokens"),
                       static_cast<std::int64_t>(in.count(p, "in_flight"))});
  }
  if (!in.ok()) {
    return metrics::Timeline();
  }
  Result<metrics::Timeline> restored = metrics::Timeline::restore(bucket_ns, limits, buckets, good);
  if (!restored) {
    in.fail(timeline, restored.error().message);
    return metrics::Timeline();
  }
  return std::move(*restored);
}

conformance::Finding read_finding(Reader &in, const Node &f) {
  conformance::Finding out;
  const Node check = in.child(f, "check");
  if (const auto known = conformance::check_from_name(in.text(check))) {
    out.check = *known;
  } else {
    in.expected(check, "a conformance check name");
  }
  const Node severity = in.child(f, "severity");
  if (const auto known = conformance::severity_from_name(in.text(severity))) {
    out.severity = *known;
  } else {
    in.expected(severity, "\"fail\" or \"warn\"");
  }
  out.pointer = in.text(f, "pointer");
  out.message = in.text(f, "message");
  out.example = in.text(f, "example");
  out.request_id = in.count(f, "request_id");
  out.count = in.count(f, "count");
  return out;
}

void read_conformance(Reader &in, const Node &t, run::TargetRun &out) {
  const Node c = in.child(t, "conformance");
  out.profile = in.text(c, "profile");
  const Node level = in.child(c, "level");
  if (const auto known = conformance::severity_from_name(in.text(level))) {
    out.conformance_level = *known;
  } else {
    in.expected(level, "\"fail\", \"warn\" or \"off\"");
  }
  out.conformance_sample = in.number(in.child(c, "sample"));
  conformance::SavedTally saved{in.count(c, "checked"),
                                in.count(c, "failures"),
                                in.count(c, "warnings"),
                                in.count(c, "findings_dropped"),
                                {}};
  for (const Node &f : in.items(in.child(c, "findings"))) {
    saved.findings.push_back(read_finding(in, f));
  }
  out.conformance = conformance::Tally::restore(saved);
}

run::MockFigures read_mock(Reader &in, const Node &m) {
  return {in.count(m, "completions"),
          in.count(m, "rejected"),
          in.count(m, "faulted"),
          in.nanoseconds(in.child(m, "emission_lag_p50_ms"), k_ns_in_ms),
          in.nanoseconds(in.child(m, "emission_lag_p99_ms"), k_ns_in_ms),
          in.nanoseconds(in.child(m, "emission_lag_max_ms"), k_ns_in_ms)};
}

run::TargetRun read_target(Reader &in, const Node &t, const run::Manifest &manifest) {
  run::TargetRun out;
  out.name = in.text(t, "name");
  const Node provider = in.child(t, "provider");
  if (const auto known = openai::provider_from_name(in.text(provider))) {
    out.provider = *known;
  } else {
    in.expected(provider, "a provider name");
  }
  out.url = in.text(t, "url");
  out.mock = in.flag(t, "mock");
  out.model = in.text(t, "model");
  out.stream = in.flag(t, "stream");
  out.include_usage = in.flag(t, "include_usage");
  out.token_limit_field = in.text(t, "token_limit_field");
  out.notes = in.texts(in.child(t, "notes"));
  if (const Node error = in.child(t, "error", true); in.ok() && !error.value->is_null()) {
    out.error = in.text(error);
    if (in.ok() && out.error.empty()) {
      in.expected(error, "a non-empty string");
    }
  }
  out.interrupted = in.flag(t, "interrupted");
  out.recorder = read_recorder(in, t);
  out.timeline = read_timeline(in, t);
  out.start_wall = manifest.started;
  out.finished_ns = in.nanoseconds(in.child(in.child(t, "duration"), "wall_s"), k_ns_in_s);
  const std::uint64_t workers = in.count(t, "workers");
  if (in.ok() && workers > std::numeric_limits<std::uint32_t>::max()) {
    in.expected(in.child(t, "workers"), "a worker count");
  }
  out.workers = static_cast<std::uint32_t>(workers);
  out.max_in_flight = in.count(t, "max_in_flight");
  out.connections = in.count(t, "connections");
  if (out.mock) {
    out.mock_figures = read_mock(in, in.child(t, "mock_figures"));
  }
  read_conformance(in, t, out);
  if (const Node capacity = in.child(t, "capacity", true); in.ok() && !capacity.value->is_null()) {
    out.capacity = read_capacity(in, capacity);
  }
  return out;
}

Result<std::string> read_text(const std::string &path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return make_error(ErrorCode::io, "cannot read " + path + ": a folder, not a report.json");
  }
  return read_text_file(path);
}

Result<SavedRun> decode(json document, const std::string &path) {
  if (!document.is_object()) {
    return make_error(ErrorCode::invalid_argument, path + ": not a JSON object");
  }
  const auto schema = document.find("schema");
  if (schema == document.end() || *schema != std::string(k_report_schema)) {
    const std::string found =
        schema == document.end() ? "no \"schema\"" : "\"schema\" is " + schema->dump();
    return make_error(ErrorCode::invalid_argument, path + ": /schema: not a chatbench report (" +
                                                       found + ", expected \"" +
                                                       std::string(k_report_schema) + "\")");
  }
  Reader in;
  const Node root{&document, ""};
  SavedRun out;
  out.path = path;
  run::RunOutput &run = out.output;
  run.manifest = read_manifest(in, in.child(root, "manifest"));
  run.interrupted = in.flag(root, "interrupted");
  if (const Node requests = in.child(root, "requests_file");
      in.ok() && !requests.value->is_null()) {
    run.requests_file = in.text(requests);
  }
  for (const Node &v : in.items(in.child(root, "thresholds"))) {
    out.verdicts.push_back(read_verdict(in, v));
  }
  for (const Node &t : in.items(in.child(root, "targets"))) {
    run.targets.push_back(read_target(in, t, run.manifest));
  }
  if (!in.ok()) {
    return make_error(ErrorCode::invalid_argument, path + ": " + in.problem());
  }
  run.out_dir = std::filesystem::path(path).parent_path().string();
  out.document = std::move(document);
  return out;
}

} // namespace
} // namespace chatbench::report::saved_run_decoding

namespace chatbench::report {

Result<SavedRun> saved_run_from_json(nlohmann::json document, const std::string &path) {
  return saved_run_decoding::decode(std::move(document), path);
}

Result<SavedRun> load_saved_run(const std::string &report_json_path) {
  Result<std::string> text = saved_run_decoding::read_text(report_json_path);
  if (!text) {
    return Unexpected(text.error());
  }
  nlohmann::json document = nlohmann::json::parse(*text, nullptr, false);
  if (document.is_discarded()) {
    return make_error(ErrorCode::invalid_argument, report_json_path + ": not JSON");
  }
  return saved_run_from_json(std::move(document), report_json_path);
}

} // namespace chatbench::report
