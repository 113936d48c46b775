#pragma once
// One chat completion as a script of timed steps, produced lazily (a stream of 10,000 chunks
// holds no more than one chunk in memory). The session executes the steps on its socket; this
// class does no I/O and reads no clock, so every fault and every byte is unit-testable.
//
// Streams: headers (after header_delay, plus the stall of stall_headers), then admission, then
// the role chunk at admission, content chunk 0 at ttft, chunk c after its gap, then the finish
// chunk, the usage chunk (stream_options.include_usage), `data: [DONE]` and the last HTTP chunk.
// Non-streamed answers: header_delay, admission, then the whole response when the last token
// is due. Mid-stream faults act at content chunk chunks()/2 (mid-body for non-streams).
// Not thread-safe: one instance per request, used by one session.
#include "mock/bodies.hpp"
#include "mock/faults.hpp"
#include "mock/latency_model.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chatbench::mock {

struct Step {
  enum class Kind {
    write, ///< send `bytes` (may be empty: a pure wait)
    admit, ///< wait for a generation slot; later delays count from admission
    reset, ///< abort the connection with a TCP reset
    end,   ///< the response is complete
  };
  Kind kind = Kind::end;
  std::chrono::nanoseconds delay{}; ///< after the previous step's due time
  std::uint32_t tokens = 0;         ///< tokens this write emits (the shared token budget)
  std::string bytes;                ///< the wire bytes of a write
  bool keep_alive = true;           ///< end: the connection may serve another request
  /// Where in `bytes` the x_emitted_ns value goes (see write_stamp); k_no_stamp for none.
  std::size_t stamp_at = k_no_stamp;

  static constexpr std::size_t k_no_stamp = static_cast<std::size_t>(-1);
};

/// The member Config::stamp_emissions puts first in every content chunk, and the width of its
/// value: any non-negative int64 nanosecond count, left-aligned and padded with spaces. Until the
/// session writes the stamp, the value reads `0`.
inline constexpr std::string_view k_stamp_member = R"("x_emitted_ns":)";
inline constexpr std::size_t k_stamp_width = 19;

/// Writes `ns` (clamped to >= 0) into the k_stamp_width bytes of `bytes` at `at`. The caller
/// guarantees at + k_stamp_width <= bytes.size(). No allocation, no clock.
void write_stamp(std::string &bytes, std::size_t at, std::int64_t ns) noexcept;

struct GenerationSetup {
  BodyContext body;
  LatencyPlan plan;
  FaultDecision faults;
  bool stream = false;
  std::uint32_t prompt_tokens = 0;
  std::chrono::nanoseconds header_delay{};
  std::uint32_t retry_after_s = 1;
  bool keep_alive = true;       ///< the client's wish (HTTP/1.1 default, Connection header)
  bool stamp_emissions = false; ///< Config::stamp_emissions: content steps carry stamp_at
};

/// Pieces of split_events are this far apart, so that a client reads them separately.
inline constexpr std::chrono::microseconds k_split_gap{100};

class Generation {
public:
  explicit Generation(GenerationSetup setup);

  /// Whether the request takes a generation slot (not for injected 401/429/500/503).
  bool needs_admission() const noexcept { return !m_setup.faults.faults.status_fault(); }
  /// Fills `step` (its buffer is reused). After an `end` or `reset` step, keeps returning `end`.
  void next(Step &step);

private:
  enum class Phase { start, admit, role, content, body_rest, final, reset, end };

  void start(Step &step);
  void error_response(Step &step, FaultKind fault);
  void content(Step &step);
  void final_events(Step &step);
  void body(Step &step);
  void event(std::string &payload_out, std::string_view json) const;
  void comment(std::string &payload_out, std::string_view text) const;
  /// Moves `payload` into `step` (HTTP-chunk framed for streams), or queues it in pieces.
  void emit(Step &step, std::string &payload);
  bool has(FaultKind kind) const noexcept { return m_setup.faults.faults.has(kind); }
  Corruption corruption() const noexcept;
  std::string_view finish_reason() const noexcept;
  Usage usage() const noexcept;

  GenerationSetup m_setup;
  BodyWriter m_writer;
  Phase m_phase = Phase::start;
  std::uint32_t m_chunk = 0;     ///< next content chunk
  std::uint32_t m_mid_chunk = 0; ///< where mid-stream faults act
  std::string m_id;              ///< x-request-id and the completion's id
  std::string m_payload;         ///< scratch for one step's payload
  std::string m_pending;         ///< split_events: bytes still to send
  std::size_t m_pending_at = 0;
  std::uint32_t m_piece = 0;
  std::string m_body_rest; ///< non-stream: the second half after a mid-body stall
};

} // namespace chatbench::mock
