#pragma once
// The numbers every output shows, computed in one place from a run::TargetRun so that
// report.json, the console summary and the threshold verdicts never disagree.
//
// Units: latencies in milliseconds (double), per-request output rates in tokens per second,
// rates per second over the measured span (Counts::span_ns(): the earliest intended send to the
// latest end of a measured request), durations in seconds. Every number is finite: a rate over a
// zero span is 0, and the statistics of an empty histogram are 0 with count 0 (outputs that can
// say "no data", like JSON's null, check count).
//
// Pure functions of their inputs; thread-safe for distinct or unchanging inputs.
#include "metrics/histogram.hpp"
#include "metrics/recorder.hpp"
#include "metrics/timeline.hpp"
#include "run/result.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::report {

/// A distribution's summary in a display unit (milliseconds, tokens per second, ...).
struct Stats {
  std::uint64_t count = 0;
  double mean = 0;
  double min = 0;
  double p50 = 0;
  double p90 = 0;
  double p95 = 0;
  double p99 = 0;
  double p999 = 0;
  double max = 0;
  double stddev = 0;
};

/// metrics::summarize(histogram) with every value divided by `divisor` (1e6: ns -> ms).
Stats scaled_stats(const metrics::Histogram &histogram, double divisor);

/// The latency figures reports show, each backed by one metrics::Metric.
enum class Latency : std::uint8_t {
  ttft,        ///< first token - intended send (no coordinated omission)
  ttft_sent,   ///< first token - actual send
  ttfb,        ///< first byte - actual send
  first_event, ///< first SSE event - actual send
  e2e,         ///< done - intended send
  e2e_sent,    ///< done - actual send
  itl,
  tpot,
  stall,
  send_lag,
  connect,
  tls,
};

inline constexpr std::size_t k_latency_count = 12;

/// "ttft", "ttft_sent", "ttfb", ..., as the enumerator names (report.json adds "_ms").
std::string_view to_string(Latency latency) noexcept;
metrics::Metric metric_of(Latency latency) noexcept;

/// Which count the output tokens came from (over the ok requests of the measured phase).
enum class TokenSource : std::uint8_t {
  none,   ///< no ok request had a usage object or a chunk count (none ok, or all guessed)
  usage,  ///< every ok request reported usage.completion_tokens
  chunks, ///< every ok request was streamed without usage: token-bearing chunks were counted
  mixed,  ///< anything else
};

std::string_view to_string(TokenSource source) noexcept;

struct TokenFigures {
  TokenSource source = TokenSource::none;
  std::uint64_t output_total = 0;
  std::uint64_t from_usage = 0;  ///< ok requests counted from usage
  std::uint64_t from_chunks = 0; ///< ok requests counted from chunks
  std::uint64_t unknown = 0;     ///< ok non-streamed requests without usage
  std::uint64_t mismatches = 0;  ///< streamed requests whose chunk count differs from usage
  /// Decoded bytes of generated text (content and reasoning) of the ok requests: the same
  /// count for every provider, whatever its tokenizer, so rates compare fairly across them.
  std::uint64_t output_bytes = 0;
};

struct GoodputFigures {
  std::uint64_t requests = 0; ///< measured ok requests within the SLO
  double per_s = 0;           ///< over the measured span
  metrics::Slo slo;           ///< the limits that applied (-1 = none); none: every ok request
};

/// A failure kind (FailureKind's name, or "http_<status>") and how many requests ended so.
struct FailureCount {
  std::string kind;
  std::uint64_t count = 0;

  friend bool operator==(const FailureCount &, const FailureCount &) = default;
};

struct Figures {
  std::array<Stats, k_latency_count> latency_ms{};
  Stats output_rate; ///< per-request output tokens per second

  std::uint64_t total = 0; ///< measured requests, every outcome
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  std::uint64_t warmup = 0; ///< warmup requests seen (not in any other figure)
  double error_rate = 0;    ///< failed / total; 0 without requests
  /// Every FailureKind but ok in enum order, zeros included, then "http_<status>" entries
  /// (FailureKind::http_status requests by status) in ascending status order.
  std::vector<FailureCount> failures;
  std::map<int, std::uint64_t> http_status;  ///< responses by status
  std::map<int, std::uint64_t> http_version; ///< responses by version code (11, 20, ...)

  double requests_per_s = 0;      ///< ok requests / measured span
  double output_tokens_per_s = 0; ///< output tokens of ok requests / measured span
  double output_bytes_per_s = 0;  ///< TokenFigures::output_bytes / measured span
  GoodputFigures goodput;
  TokenFigures tokens;
  std::uint64_t late_sends = 0;

  double measured_s = 0; ///< the measured span
  double wall_s = 0;     ///< the target's t = 0 to the end of its last request
  std::uint32_t workers = 0;
  std::uint64_t max_in_flight = 0;
  std::uint64_t connections = 0;

  const Stats &latency(Latency which) const noexcept {
    return latency_ms[static_cast<std::size_t>(which)];
  }
  /// The count of `kind` in `failures`, 0 when absent.
  std::uint64_t failure(std::string_view kind) const noexcept;
};

/// Figures of one target. A target that errored (nothing measured) gives all zeros.
Figures compute_figures(const run::TargetRun &target);

/// A response's HTTP version as people write it: 10 -> "1.0", 11 -> "1.1", 20 -> "2",
/// 30 -> "3"; 0 (unknown) -> "unknown".
std::string http_version_name(int code);

} // namespace chatbench::report
