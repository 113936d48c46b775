#pragma once
// Folds finished RequestRecords into latency histograms and outcome counts. One Recorder per
// worker (no locking inside), merged after the workers are joined.
//
// What it keeps, for measured requests only (Phase::warmup records are counted in
// Counts::warmup_records and otherwise ignored):
// - every record in Counts: by outcome (the error rate), by HTTP status and version, late sends,
//   tokens and bytes;
// - latencies (histograms, nanoseconds) of successful requests only: a failed request is counted
//   by kind beside every latency figure instead of making the latencies look better (a refused
//   request is fast) or worse (a timeout is slow);
// - send lag of every request that was sent, whatever its outcome: it measures the client.
// Metric names the histograms; from_intended variants start at the scheduled send time (no
// coordinated omission, as wrk2), from_sent variants at the actual send.
#include "metrics/histogram.hpp"
#include "metrics/request_record.hpp"
#include "util/result.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string_view>

namespace chatbench::metrics {

enum class Metric : std::uint8_t {
  e2e_intended,     ///< done - intended
  e2e_sent,         ///< done - sent
  ttft_intended,    ///< first token - intended
  ttft_sent,        ///< first token - sent
  ttfb_sent,        ///< first byte - sent
  first_event_sent, ///< first SSE event - sent (streamed requests)
  itl,              ///< each gap between consecutive token events (one sample per gap)
  tpot,             ///< per request, see tpot_ns()
  send_lag,         ///< sent - intended (every sent request, any outcome)
  connect,          ///< TCP connect done - sent, new connections only
  tls,              ///< TLS done - sent, new TLS connections only
  stall,            ///< the longest gap between two body reads of a request (streams)
  /// Output tokens per second of one request, over its whole time (tokens / (done - sent)),
  /// in thousandths of a token per second (the histogram holds integers).
  output_rate_milli,
};

inline constexpr std::size_t k_metric_count = 13;

/// "e2e_intended", "ttft_sent", ..., as the enumerator names.
std::string_view to_string(Metric metric) noexcept;

struct Counts {
  std::uint64_t records = 0; ///< measured requests, every outcome
  std::array<std::uint64_t, k_failure_kind_count> by_outcome{}; ///< indexed by FailureKind
  std::map<int, std::uint64_t> by_http_status;  ///< every measured response that had a status
  std::map<int, std::uint64_t> by_http_version; ///< 11, 20, ... of responses that had a status
  std::map<int, std::uint64_t> http_failures;   ///< FailureKind::http_status requests by status
  std::uint64_t late = 0;                       ///< RequestRecord::late
  std::uint64_t retry_after = 0;                ///< responses that carried Retry-After
  std::uint64_t reused_connections = 0;         ///< sent on a reused connection
  std::uint64_t tokens = 0;                     ///< output_tokens() summed over ok requests
  std::uint64_t output_bytes = 0;               ///< generated text bytes over ok requests
  std::uint64_t token_events = 0;               ///< over ok requests
  std::uint64_t bytes_received = 0;             ///< over every measured request
  std::uint64_t warmup_records = 0;             ///< seen and not folded
  // Token accounting of ok requests (RequestRecord::output_tokens()): which count was used.
  std::uint64_t tokens_from_usage = 0;  ///< requests whose usage.completion_tokens was used
  std::uint64_t tokens_from_chunks = 0; ///< streamed, no usage: token-bearing chunks counted
  std::uint64_t tokens_unknown = 0;     ///< not streamed and no usage: the classifier's guess
  /// Streamed ok requests that reported usage and whose token-bearing count differs from it.
  std::uint64_t token_mismatches = 0;
  /// The measured span: the earliest intended send and the latest end of a measured request
  /// (steady ns; -1 without records). Throughput is counted over it.
  std::int64_t first_intended_ns = -1;
  std::int64_t last_done_ns = -1;

  std::uint64_t ok() const noexcept { return outcome(FailureKind::ok); }
  std::uint64_t failed() const noexcept { return records - ok(); }
  std::uint64_t outcome(FailureKind kind) const noexcept {
    return by_outcome[static_cast<std::size_t>(kind)];
  }
  /// failed() / records, 0 without records.
  double error_rate() const noexcept;
  /// last_done_ns - first_intended_ns, 0 without both.
  std::int64_t span_ns() const noexcept;
};

class Recorder {
public:
  Recorder() = default;

  /// A recorder holding `histograms` (indexed by Metric) and `counts` as given, for re-rendering
  /// a saved run (report/saved_run.hpp). Nothing is checked: the two need not agree.
  static Recorder restore(std::array<Histogram, k_metric_count> histograms, Counts counts);

  /// Folds one record (see the file comment for what goes where). May allocate histogram rows.
  void add(const RequestRecord &record);

  /// Adds everything `other` holds. Fails (ErrorCode::invalid_argument, this recorder partially
  /// merged) only when histogram configurations are incompatible, which the defaults never are.
  Result<void> merge(const Recorder &other);

  const Histogram &histogram(Metric metric) const noexcept {
    return m_histograms[static_cast<std::size_t>(metric)];
  }
  const Counts &counts() const noexcept { return m_counts; }

private:
  Histogram &at(Metric metric) noexcept { return m_histograms[static_cast<std::size_t>(metric)]; }
  void record_span(Metric metric, std::int64_t from, std::int64_t to);
  void add_tokens(const RequestRecord &record);

  std::array<Histogram, k_metric_count> m_histograms;
  Counts m_counts;
};

} // namespace chatbench::metrics
