#include "run/worker_sink.hpp"

#include <algorithm>

namespace chatbench::run {

void WorkerSink::on_start(std::int64_t start_ns) {
  if (m_options.tap != nullptr) {
    m_options.tap->on_start(start_ns);
  }
  m_start_ns = m_options.origin_ns.value_or(start_ns);
  m_last_flush_ns = start_ns;
  if (m_options.timeline != nullptr) {
    *m_options.timeline = metrics::Timeline(m_start_ns, m_options.bucket_ns, m_options.slo);
  }
  m_buffer.reserve(k_flush_bytes + 4096);
}

void WorkerSink::on_record(const metrics::RequestRecord &record) {
  if (m_options.timeline != nullptr) {
    m_options.timeline->add(record);
  }
  if (m_options.counters != nullptr) {
    m_options.counters->add(record);
  }
  if (m_options.tap != nullptr) {
    m_options.tap->on_record(record);
  }
  if (m_options.log == nullptr) {
    return;
  }
  append_record_line(m_buffer, record, m_options.target, m_start_ns);
  const std::int64_t now = std::max(record.done_ns, record.intended_ns);
  if (m_buffer.size() >= k_flush_bytes || now - m_last_flush_ns >= k_flush_ns) {
    flush();
    m_last_flush_ns = now;
  }
}

void WorkerSink::flush() noexcept {
  if (m_options.log != nullptr && !m_buffer.empty()) {
    m_options.log->append(m_buffer);
    m_buffer.clear();
  }
}

} // namespace chatbench::run
