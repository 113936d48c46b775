#include "metrics/recorder.hpp"

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
  }
  return "e2e_intended";
}

double Counts::error_rate() const noexcept {
  return records == 0 ? 0.0 : static_cast<double>(failed()) / static_cast<double>(records);
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
  c.late += record.late ? 1 : 0;
  c.retry_after += record.retry_after_s >= 0 ? 1 : 0;
  c.reused_connections += record.connection_reused ? 1 : 0;
  c.bytes_received += record.bytes_received;
  // A negative lag (sent before intended) cannot happen by construction; the histogram would
  // count it as 0 and in underflow_count().
  if (record.sent_ns >= 0) {
    at(Metric::send_lag).record(record.sent_ns - record.intended_ns);
  }
  if (!record.ok()) {
    return;
  }
  c.tokens += record.output_tokens();
  c.token_events += record.token_events;
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
  c.late += o.late;
  c.retry_after += o.retry_after;
  c.reused_connections += o.reused_connections;
  c.tokens += o.tokens;
  c.token_events += o.token_events;
  c.bytes_received += o.bytes_received;
  c.warmup_records += o.warmup_records;
  return {};
}

} // namespace chatbench::metrics
