#include "metrics/recorder.hpp"

#include <algorithm>

namespace chatbench::metrics {

std::string_view to_string(Metric metric) noexcept {
  switch (metric) {
  case Metric::e2e_intended:
    return "e2e_intended";
  case Metric::e2e_sent:
    return "e2e_sent";
  case Metric::ttft_intended:
    return "ttft_intended";
  case Metric::ttft_sent:
    return "ttft_sent";
  case Metric::ttfb_sent:
    return "ttfb_sent";
  case Metric::first_event_sent:
    return "first_event_sent";
  case Metric::itl:
    return "itl";
  case Metric::tpot:
    return "tpot";
  case Metric::send_lag:
    return "send_lag";
  case Metric::connect:
    return "connect";
  case Metric::tls:
    return "tls";
  case Metric::stall:
    return "stall";
  case Metric::output_rate_milli:
    return "output_rate_milli";
  }
  return "e2e_intended";
}

double Counts::error_rate() const noexcept {
  return records == 0 ? 0.0 : static_cast<double>(failed()) / static_cast<double>(records);
}

std::int64_t Counts::span_ns() const noexcept {
  const std::int64_t span = metrics::span_ns(first_intended_ns, last_done_ns);
  return span > 0 ? span : 0;
}

namespace {

std::int64_t earliest(std::int64_t a, std::int64_t b) noexcept {
  if (a < 0) {
    return b;
  }
  return b < 0 ? a : std::min(a, b);
}

} // namespace

Recorder Recorder::restore(std::array<Histogram, k_metric_count> histograms, Counts counts) {
  Recorder out;
  out.m_histograms = std::move(histograms);
  out.m_counts = std::move(counts);
  return out;
}

void Recorder::record_span(Metric metric, std::int64_t from, std::int64_t to) {
  const std::int64_t span = span_ns(from, to);
  if (span >= 0) {
    at(metric).record(span);
  }
}

void Recorder::add(const RequestRecord &record) {
  if (record.phase != Phase::measure) {
    ++m_counts.warmup_records;
    return;
  }
  Counts &c = m_counts;
  ++c.records;
  ++c.by_outcome[static_cast<std::size_t>(record.outcome)];
  if (record.http_status > 0) {
    ++c.by_http_status[record.http_status];
    ++c.by_http_version[record.http_version];
  }
  if (record.outcome == FailureKind::http_status) {
    ++c.http_failures[record.http_status];
  }
  c.late += record.late ? 1 : 0;
  c.retry_after += record.retry_after_s >= 0 ? 1 : 0;
  c.reused_connections += record.connection_reused ? 1 : 0;
  c.bytes_received += record.bytes_received;
  c.first_intended_ns = earliest(c.first_intended_ns, record.intended_ns);
  c.last_done_ns = std::max(c.last_done_ns, record.done_ns);
  // A negative lag (sent before intended) cannot happen by construction; the histogram would
  // count it as 0 and in underflow_count().
  if (record.sent_ns >= 0) {
    at(Metric::send_lag).record(record.sent_ns - record.intended_ns);
  }
  if (!record.ok()) {
    return;
  }
  add_tokens(record);
  record_span(Metric::e2e_intended, record.intended_ns, record.done_ns);
  record_span(Metric::e2e_sent, record.sent_ns, record.done_ns);
  record_span(Metric::ttft_intended, record.intended_ns, record.first_token_ns);
  record_span(Metric::ttft_sent, record.sent_ns, record.first_token_ns);
  record_span(Metric::ttfb_sent, record.sent_ns, record.first_byte_ns);
  record_span(Metric::first_event_sent, record.sent_ns, record.first_event_ns);
  record_span(Metric::connect, record.sent_ns, record.connected_ns);
  record_span(Metric::tls, record.sent_ns, record.tls_done_ns);
  for (const std::int64_t gap : record.itl_ns) {
    at(Metric::itl).record(gap);
  }
  if (const std::int64_t tpot = tpot_ns(record); tpot >= 0) {
    at(Metric::tpot).record(tpot);
  }
  if (record.longest_stall_ns >= 0) {
    at(Metric::stall).record(record.longest_stall_ns);
  }
}

void Recorder::add_tokens(const RequestRecord &record) {
  Counts &c = m_counts;
  const std::uint64_t tokens = record.output_tokens();
  c.tokens += tokens;
  c.output_bytes += record.output_bytes;
  c.token_events += record.token_events;
  if (record.usage_completion_tokens >= 0) {
    ++c.tokens_from_usage;
    const bool counted = record.stream && record.token_events > 0;
    c.token_mismatches +=
        counted && record.tokens != static_cast<std::uint64_t>(record.usage_completion_tokens) ? 1
                                                                                               : 0;
  } else if (record.stream) {
    ++c.tokens_from_chunks;
  } else {
    ++c.tokens_unknown;
  }
  const std::int64_t e2e = span_ns(record.sent_ns, record.done_ns);
  if (tokens > 0 && e2e > 0) {
    const double milli_per_s = static_cast<double>(tokens) * 1e12 / static_cast<double>(e2e);
    at(Metric::output_rate_milli).record(static_cast<std::int64_t>(milli_per_s + 0.5));
  }
}

Result<void> Recorder::merge(const Recorder &other) {
  for (std::size_t i = 0; i < k_metric_count; ++i) {
    if (Result<void> merged = m_histograms[i].merge(other.m_histograms[i]); !merged) {
      return merged;
    }
  }
  Counts &c = m_counts;
  const Counts &o = other.m_counts;
  c.records += o.records;
  for (std::size_t i = 0; i < k_failure_kind_count; ++i) {
    c.by_outcome[i] += o.by_outcome[i];
  }
  for (const auto &[status, count] : o.by_http_status) {
    c.by_http_status[status] += count;
  }
  for (const auto &[version, count] : o.by_http_version) {
    c.by_http_version[version] += count;
  }
  for (const auto &[status, count] : o.http_failures) {
    c.http_failures[status] += count;
  }
  c.late += o.late;
  c.retry_after += o.retry_after;
  c.reused_connections += o.reused_connections;
  c.tokens += o.tokens;
  c.output_bytes += o.output_bytes;
  c.token_events += o.token_events;
  c.bytes_received += o.bytes_received;
  c.warmup_records += o.warmup_records;
  c.tokens_from_usage += o.tokens_from_usage;
  c.tokens_from_chunks += o.tokens_from_chunks;
  c.tokens_unknown += o.tokens_unknown;
  c.token_mismatches += o.token_mismatches;
  c.first_intended_ns = earliest(c.first_intended_ns, o.first_intended_ns);
  c.last_done_ns = std::max(c.last_done_ns, o.last_done_ns);
  return {};
}

} // namespace chatbench::metrics
