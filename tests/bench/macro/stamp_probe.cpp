#include "stamp_probe.hpp"

#include "openai/chunk.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace chatbench::bench {
namespace {

std::int64_t thread_cpu_ns() noexcept {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
}

} // namespace

void StampLedger::on_token(std::uint64_t id, std::int64_t stamp_ns) {
  auto [it, inserted] = pending.try_emplace(id);
  if (inserted && !spare.empty()) {
    it->second = std::move(spare.back());
    spare.pop_back();
  }
  it->second.push_back(stamp_ns);
}

std::vector<std::int64_t> StampLedger::take(std::uint64_t id) {
  const auto it = pending.find(id);
  if (it == pending.end()) {
    return {};
  }
  std::vector<std::int64_t> stamps = std::move(it->second);
  pending.erase(it);
  return stamps;
}

void StampLedger::give_back(std::vector<std::int64_t> stamps) {
  if (stamps.capacity() > 0) {
    stamps.clear();
    spare.push_back(std::move(stamps));
  }
}

void StampLedger::merge(const StampLedger &other) {
  static_cast<void>(first_token_error_ns.merge(other.first_token_error_ns));
  static_cast<void>(token_error_ns.merge(other.token_error_ns));
  min_error_ns = std::min(min_error_ns, other.min_error_ns);
  records += other.records;
  ok += other.ok;
  events += other.events;
  unstamped += other.unstamped;
  all_events += other.all_events;
  thread_cpu_ns += other.thread_cpu_ns;
}

std::int64_t find_stamp(std::string_view data) noexcept {
  constexpr std::string_view k_key = R"("x_emitted_ns":)";
  const std::size_t at = data.find(k_key);
  if (at == std::string_view::npos) {
    return -1;
  }
  std::int64_t value = -1;
  const char *begin = data.data() + at + k_key.size();
  if (std::from_chars(begin, data.data() + data.size(), value).ec != std::errc()) {
    return -1;
  }
  return value;
}

engine::EventClass StampClassifier::on_event(std::uint64_t id, std::string_view,
                                             std::string_view data) noexcept {
  const openai::ChunkInfo info = openai::classify_chunk(data);
  engine::EventClass c;
  c.invalid =
      info.kind == openai::ChunkKind::invalid_json || info.kind == openai::ChunkKind::not_object;
  c.error = info.kind == openai::ChunkKind::error;
  c.detail = c.invalid ? "invalid chunk" : (c.error ? "error event" : "");
  c.role = info.role;
  c.tokens = info.carries_tokens() ? 1 : 0;
  c.finish = !info.finish_reasons.empty();
  if (c.tokens > 0) {
    try {
      m_ledger.on_token(id, find_stamp(data));
    } catch (...) {
      // Out of memory: the event counts as unstamped when the record arrives.
    }
  }
  return c;
}

engine::EventClass StampClassifier::on_body(std::uint64_t, std::string_view) noexcept {
  engine::EventClass c; // the bench streams; a body is not expected
  c.invalid = true;
  c.detail = "bench_ttft_error expects streamed responses";
  return c;
}

void StampSink::on_record(const metrics::RequestRecord &record) {
  std::vector<std::int64_t> stamps = m_ledger.take(record.id);
  if (record.phase == metrics::Phase::measure) {
    ++m_ledger.records;
    m_ledger.ok += record.ok() ? 1U : 0U;
    m_ledger.events += record.events;
    record_errors(record, stamps);
  }
  m_ledger.all_events += record.events;
  m_ledger.give_back(std::move(stamps));
  m_ledger.thread_cpu_ns = thread_cpu_ns();
}

// Token event k was read at first_token_ns + itl_ns[0] + ... + itl_ns[k-1] (the engine's
// m_now_ns of that event; transfer.cpp stores the gaps between exactly these times).
void StampSink::record_errors(const metrics::RequestRecord &record,
                              const std::vector<std::int64_t> &stamps) {
  if (record.first_token_ns < 0) {
    return;
  }
  std::int64_t read_ns = record.first_token_ns;
  for (std::size_t k = 0; k < record.token_events; ++k) {
    if (k > 0) {
      if (k - 1 >= record.itl_ns.size()) {
        m_ledger.unstamped += record.token_events - k;
        return;
      }
      read_ns += record.itl_ns[k - 1];
    }
    if (k >= stamps.size() || stamps[k] < 0) {
      ++m_ledger.unstamped;
      continue;
    }
    const std::int64_t error_ns = read_ns - stamps[k];
    m_ledger.min_error_ns = std::min(m_ledger.min_error_ns, error_ns);
    m_ledger.token_error_ns.record(error_ns);
    if (k == 0) {
      m_ledger.first_token_error_ns.record(error_ns);
    }
  }
}

} // namespace chatbench::bench
