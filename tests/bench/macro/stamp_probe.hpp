#pragma once
// The engine plugins of bench_ttft_error: they compare the engine's own event timestamps with the
// time the mock wrote each chunk (mock::Config::stamp_emissions puts `"x_emitted_ns":N` first in
// every content chunk, N = steady_clock ns just before the write). Both are CLOCK_MONOTONIC in
// one process, so the difference is the engine's timestamping error, exactly.
//
// - StampClassifier classifies each event as run/'s ChunkClassifier does (openai::classify_chunk,
//   one token per token-bearing chunk) and, for token-bearing events, remembers the stamp, found
//   by substring (no JSON DOM), per request id in the worker's StampLedger.
// - StampSink, when the request's record arrives, rebuilds each token event's read time from the
//   record (first_token_ns, then the itl_ns gaps: the engine's m_now_ns of each event) and
//   records read time - stamp. Warmup records only release their stamps.
// One ledger, classifier and sink per worker, used on the worker's thread only; merge the
// ledgers' results after the run.
#include "engine/request.hpp"
#include "metrics/histogram.hpp"

#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chatbench::bench {

/// One worker's stamps in flight and its results.
struct StampLedger {
  // --- In flight: request id -> stamp of each token event (-1: the event had none).
  std::unordered_map<std::uint64_t, std::vector<std::int64_t>> pending;
  std::vector<std::vector<std::int64_t>> spare; ///< emptied vectors, reused

  // --- Results (measured phase only).
  metrics::Histogram first_token_error_ns; ///< record.first_token_ns - first stamp
  metrics::Histogram token_error_ns;       ///< every token event: read time - stamp
  std::int64_t min_error_ns = std::numeric_limits<std::int64_t>::max(); ///< signed
  std::uint64_t records = 0;                                            ///< measured records
  std::uint64_t ok = 0;           ///< ... of which FailureKind::ok
  std::uint64_t events = 0;       ///< SSE data events of the measured records
  std::uint64_t unstamped = 0;    ///< token events without a stamp (should be 0)
  std::uint64_t all_events = 0;   ///< SSE data events of every record, warmup included
  std::int64_t thread_cpu_ns = 0; ///< the worker thread's CPU time at its last record

  void on_token(std::uint64_t id, std::int64_t stamp_ns);
  /// The stamps of request `id`, removed from `pending` (empty when none were seen).
  std::vector<std::int64_t> take(std::uint64_t id);
  void give_back(std::vector<std::int64_t> stamps);
  void merge(const StampLedger &other);
};

/// The value of the first `"x_emitted_ns":` in `data`, or -1.
std::int64_t find_stamp(std::string_view data) noexcept;

class StampClassifier final : public engine::EventClassifier {
public:
  explicit StampClassifier(StampLedger &ledger) : m_ledger(ledger) {}
  engine::EventClass on_event(std::uint64_t id, std::string_view type,
                              std::string_view data) noexcept override;
  engine::EventClass on_body(std::uint64_t id, std::string_view body) noexcept override;

private:
  StampLedger &m_ledger;
};

class StampSink final : public engine::RecordSink {
public:
  explicit StampSink(StampLedger &ledger) : m_ledger(ledger) {}
  void on_record(const metrics::RequestRecord &record) override;

private:
  void record_errors(const metrics::RequestRecord &record, const std::vector<std::int64_t> &stamps);

  StampLedger &m_ledger;
};

} // namespace chatbench::bench
