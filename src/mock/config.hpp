#pragma once
// Configuration of the mock provider: plain structs, filled by the CLI (`chatbench mock`) or by a
// scenario whose target base URL is `mock`, plus strict parsers for the flag syntax. Parsers are
// pure functions (thread-safe); errors come back as ErrorCode::invalid_argument with a message
// that shows an accepted form.
#include "openai/provider.hpp"
#include "util/distribution.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatbench::mock {

/// Per-request timing and length. Time distributions are in nanoseconds, `output_tokens` in
/// tokens. Each request draws its own values from a generator seeded with (seed, request index).
struct LatencyConfig {
  util::Distribution ttft_ns = util::Distribution::constant(0); ///< admission -> first content
  util::Distribution itl_ns = util::Distribution::constant(0);  ///< gap between two tokens
  util::Distribution output_tokens = util::Distribution::constant(16);
  std::uint32_t tokens_per_chunk = 1;      ///< tokens carried by one content event (>= 1)
  std::chrono::nanoseconds header_delay{}; ///< "slow headers": wait before anything is sent
};

/// The server's capacity, so that load tests have a knee to find. 0 means unlimited.
struct CapacityConfig {
  std::uint32_t max_concurrency = 0; ///< generations running at once; the rest queue (FIFO)
  double token_rate_per_s = 0;       ///< tokens per second shared by all generations
  std::uint32_t max_queue = 0;       ///< queued requests beyond which a 429 is answered
};

enum class FaultKind : std::uint8_t {
  rate_limit,         ///< 429 with Retry-After, in the provider's error shape
  server_error,       ///< 500
  unavailable,        ///< 503
  unauthorized,       ///< 401, as for a wrong key
  stall_headers,      ///< nothing is sent for `stall` before the headers
  stall_stream,       ///< the stream (or body) stops for `stall` half-way
  malformed_json,     ///< the body, or one chunk of a stream, is not valid JSON
  missing_field,      ///< `choices` is missing (from the body or one chunk)
  wrong_type,         ///< `choices[0].index` is a string (in the body or one chunk)
  no_done,            ///< the stream ends without `data: [DONE]`
  error_event,        ///< HTTP 200, then `data: {"error":...}` half-way and the stream ends
  reset,              ///< the connection is reset (RST) half-way
  keepalive_comments, ///< `: ping` comment lines before the first and between events
  crlf,               ///< SSE lines end in CRLF
  split_events,       ///< events are written in pieces cut at odd byte offsets
  wrong_content_type, ///< text/plain instead of text/event-stream or application/json
};
inline constexpr std::size_t k_fault_kind_count = 16;

/// When a fault rule fires. Request indices count chat-completion requests from 1, across all
/// connections and threads, in arrival order.
struct FaultTrigger {
  enum class Kind : std::uint8_t { probability, every, at };
  Kind kind = Kind::probability;
  double probability = 0;  ///< probability: fires for a request with this chance (seeded)
  std::uint64_t every = 0; ///< every: fires for requests every, 2*every, ...
  std::vector<std::pair<std::uint64_t, std::uint64_t>> at; ///< at: inclusive index ranges
};

struct FaultRule {
  FaultKind kind = FaultKind::server_error;
  FaultTrigger trigger;
  std::optional<std::chrono::nanoseconds> stall; ///< overrides Config::stall for this rule
};

struct Config {
  openai::Provider provider = openai::Provider::openai;
  std::string listen_host = "127.0.0.1"; ///< any other address only when set explicitly
  std::uint16_t listen_port = 0;         ///< 0: the kernel picks one (see Server::port())
  std::optional<std::string> api_key;    ///< when set, a missing or wrong key gets a 401
  std::string model;                     ///< reported by /v1/models; "" -> the provider's example
  std::uint64_t seed = 1;
  LatencyConfig latency;
  CapacityConfig capacity;
  std::vector<FaultRule> faults;
  bool fault_header = true; ///< honour `x-mock-fault: kind[,kind...]` on requests
  std::chrono::nanoseconds stall = std::chrono::seconds(10);
  std::uint32_t retry_after_s = 1; ///< Retry-After of injected and queue-full 429s
  unsigned threads = 1;            ///< I/O threads, each with its own event loop
  /// Measurement aid: every content chunk of a stream gets a first member
  /// `"x_emitted_ns":N`, N being std::chrono::steady_clock (CLOCK_MONOTONIC) nanoseconds read
  /// just before the chunk's socket write starts, so that a client on the same machine can
  /// measure its own timestamping error exactly. The value is padded with spaces to a fixed
  /// width (valid JSON whitespace). Not added to chunks cut by split_events, nor to role, finish,
  /// usage or error events, nor to non-streamed answers. Off: the output is unchanged.
  bool stamp_emissions = false;
};

/// Checks ranges and combinations (tokens_per_chunk >= 1, threads in 1..64, probabilities in
/// [0, 1], every >= 1, non-negative latency distributions).
Result<void> validate(const Config &config);

/// "127.0.0.1:8080", "localhost:0", "[::1]:9000" -> host and port.
Result<std::pair<std::string, std::uint16_t>> parse_listen(std::string_view text);

/// A time distribution in nanoseconds: "200ms" (constant), "normal:200ms,50ms",
/// "lognormal:200ms,80ms" (mean, stddev), "uniform:100ms,300ms" (min, max), "exponential:50ms".
Result<util::Distribution> parse_time_distribution(std::string_view text);

/// A token-count distribution, same forms with counts: "128", "normal:128,32", "uniform:10,200".
Result<util::Distribution> parse_count_distribution(std::string_view text);

/// "KIND", "KIND:p=0.1", "KIND:every=10", "KIND:at=1,5,9-12", each optionally followed by
/// ":for=2s" (stall duration). A bare KIND fires for every request.
Result<FaultRule> parse_fault_rule(std::string_view text);

/// "rate_limit", "server_error", ... as in FaultKind; nullopt for unknown names.
std::optional<FaultKind> fault_kind_from_name(std::string_view name) noexcept;
std::string_view to_string(FaultKind kind) noexcept;

} // namespace chatbench::mock
