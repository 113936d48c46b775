#include "report/figures.hpp"

#include "metrics/summary.hpp"

namespace chatbench::report {
namespace {

using metrics::FailureKind;
using metrics::Metric;

constexpr double k_ns_per_ms = 1e6;
constexpr double k_ns_per_s = 1e9;
// Metric::output_rate_milli holds thousandths of a token per second.
constexpr double k_milli = 1e3;

double per_second(std::uint64_t count, std::int64_t span_ns) {
  return span_ns > 0 ? static_cast<double>(count) * k_ns_per_s / static_cast<double>(span_ns) : 0;
}

TokenSource token_source(const metrics::Counts &c) {
  const std::uint64_t ok = c.ok();
  if (c.tokens_from_usage == 0 && c.tokens_from_chunks == 0) {
    return TokenSource::none;
  }
  if (c.tokens_from_usage == ok) {
    return TokenSource::usage;
  }
  return c.tokens_from_chunks == ok ? TokenSource::chunks : TokenSource::mixed;
}

std::vector<FailureCount> failure_counts(const metrics::Counts &c) {
  std::vector<FailureCount> out;
  out.reserve(metrics::k_failure_kind_count - 1 + c.http_failures.size());
  for (std::size_t i = 1; i < metrics::k_failure_kind_count; ++i) {
    const auto kind = static_cast<FailureKind>(i);
    out.push_back({std::string(metrics::to_string(kind)), c.outcome(kind)});
  }
  for (const auto &[status, count] : c.http_failures) {
    out.push_back({"http_" + std::to_string(status), count});
  }
  return out;
}

} // namespace

Stats scaled_stats(const metrics::Histogram &histogram, double divisor) {
  const metrics::Summary s = metrics::summarize(histogram);
  const auto scaled = [divisor](auto value) {
    return static_cast<double>(value) / divisor;
  };
  return Stats{s.count,       scaled(s.mean), scaled(s.min),  scaled(s.p50), scaled(s.p90),
               scaled(s.p95), scaled(s.p99),  scaled(s.p999), scaled(s.max), scaled(s.stddev)};
}

std::string_view to_string(Latency latency) noexcept {
  switch (latency) {
  case Latency::ttft:
    return "ttft";
  case Latency::ttft_sent:
    return "ttft_sent";
  case Latency::ttfb:
    return "ttfb";
  case Latency::first_event:
    return "first_event";
  case Latency::e2e:
    return "e2e";
  case Latency::e2e_sent:
    return "e2e_sent";
  case Latency::itl:
    return "itl";
  case Latency::tpot:
    return "tpot";
  case Latency::stall:
    return "stall";
  case Latency::send_lag:
    return "send_lag";
  case Latency::connect:
    return "connect";
  case Latency::tls:
    return "tls";
  }
  return "ttft";
}

metrics::Metric metric_of(Latency latency) noexcept {
  switch (latency) {
  case Latency::ttft:
    return Metric::ttft_intended;
  case Latency::ttft_sent:
    return Metric::ttft_sent;
  case Latency::ttfb:
    return Metric::ttfb_sent;
  case Latency::first_event:
    return Metric::first_event_sent;
  case Latency::e2e:
    return Metric::e2e_intended;
  case Latency::e2e_sent:
    return Metric::e2e_sent;
  case Latency::itl:
    return Metric::itl;
  case Latency::tpot:
    return Metric::tpot;
  case Latency::stall:
    return Metric::stall;
  case Latency::send_lag:
    return Metric::send_lag;
  case Latency::connect:
    return Metric::connect;
  case Latency::tls:
    return Metric::tls;
  }
  return Metric::ttft_intended;
}

std::string_view to_string(TokenSource source) noexcept {
  switch (source) {
  case TokenSource::none:
    return "none";
  case TokenSource::usage:
    return "usage";
  case TokenSource::chunks:
    return "chunks";
  case TokenSource::mixed:
    return "mixed";
  }
  return "none";
}

std::uint64_t Figures::failure(std::string_view kind) const noexcept {
  for (const FailureCount &f : failures) {
    if (f.kind == kind) {
      return f.count;
    }
  }
  return 0;
}

Figures compute_figures(const run::TargetRun &target) {
  const metrics::Recorder &recorder = target.recorder;
  const metrics::Counts &c = recorder.counts();
  Figures f;
  for (std::size_t i = 0; i < k_latency_count; ++i) {
    f.latency_ms[i] =
        scaled_stats(recorder.histogram(metric_of(static_cast<Latency>(i))), k_ns_per_ms);
  }
  f.output_rate = scaled_stats(recorder.histogram(Metric::output_rate_milli), k_milli);
  f.total = c.records;
  f.ok = c.ok();
  f.failed = c.failed();
  f.warmup = c.warmup_records;
  f.error_rate = c.error_rate();
  f.failures = failure_counts(c);
  f.http_status = c.by_http_status;
  f.http_version = c.by_http_version;

  const std::int64_t span = c.span_ns();
  f.requests_per_s = per_second(f.ok, span);
  f.output_tokens_per_s = per_second(c.tokens, span);
  f.goodput = {target.timeline.good_requests(), per_second(target.timeline.good_requests(), span),
               target.timeline.slo()};
  f.output_bytes_per_s = per_second(c.output_bytes, span);
  f.tokens = {token_source(c),  c.tokens,           c.tokens_from_usage, c.tokens_from_chunks,
              c.tokens_unknown, c.token_mismatches, c.output_bytes};
  f.late_sends = c.late;

  f.measured_s = static_cast<double>(span) / k_ns_per_s;
  const std::int64_t wall = target.finished_ns - target.start_ns;
  f.wall_s = wall > 0 ? static_cast<double>(wall) / k_ns_per_s : 0;
  f.workers = target.workers;
  f.max_in_flight = target.max_in_flight;
  f.connections = target.connections;
  return f;
}

std::string http_version_name(int code) {
  if (code <= 0) {
    return "unknown";
  }
  const int major = code / 10;
  const int minor = code % 10;
  if (major >= 2 && minor == 0) {
    return std::to_string(major);
  }
  return std::to_string(major) + "." + std::to_string(minor);
}

} // namespace chatbench::report
