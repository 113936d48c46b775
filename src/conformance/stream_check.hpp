#pragma once
// The checks of one streamed 2xx response, fed event by event as the stream arrives:
// - sse_framing_conformance: each event's data is a JSON object, no `event:` type other than
//   "message", the stream does not end inside an event, and it carries at least one chunk;
// - chunk_schema_conformance: each chunk against the profile's text/event-stream schema;
// - stream_error_event: an `{"error": ...}` event;
// - stream_termination_conformance: `data: [DONE]` comes, last, once;
// - stream_consistency_conformance: id, created and model equal those of the first chunk;
// - finish_reason_conformance: allowed values, exactly once per choice and last for it, and
//   every choice gets one;
// - usage_conformance: the usage chunk (`choices: []`) only and always with include_usage, and
//   total = prompt + completion; integral_number_conformance as for bodies;
// - tool_call_conformance: the deltas of each tool call assemble into a call with an id, a
//   function name and JSON arguments.
// One event costs one JSON parse and one schema validation (see tests/bench).
//
// Thread-safety: none; one checker per in-flight stream, reusable after reset().
#include "conformance/finding.hpp"
#include "conformance/response_check.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::conformance {

class StreamChecker {
public:
  /// Starts a new stream of a request that asked for `expect`.
  void reset(const Expectation &expect);

  /// One SSE event other than [DONE]: its `event` field ("" when absent) and its data.
  void on_event(std::string_view type, std::string_view data, ResponseFindings &findings);
  /// A `data: [DONE]` event.
  void on_done(ResponseFindings &findings);
  /// The stream is over. `server_ended` is false when the client cut it (a timeout, the drain
  /// deadline): then only what was seen so far is judged, not what is missing. `sse_clean` is
  /// false when the last event was never terminated.
  void on_end(bool server_ended, bool sse_clean, ResponseFindings &findings);

private:
  struct ChoiceState {
    bool seen = false;
    bool finished = false;
  };
  struct ToolCall {
    std::uint32_t choice = 0;
    std::uint32_t index = 0;
    std::string id;
    std::string name;
    std::string arguments;
  };

  void check_identity(const nlohmann::json &chunk, ResponseFindings &findings);
  void check_choice(const nlohmann::json &choice, std::size_t position, ResponseFindings &findings);
  void collect_tool_calls(const nlohmann::json &delta, std::uint32_t choice);
  ChoiceState *choice_state(std::uint32_t index);
  void check_assembled_tool_calls(ResponseFindings &findings) const;

  Expectation m_expect;
  std::uint32_t m_chunks = 0;
  bool m_done = false;
  bool m_error = false;
  bool m_usage_chunk = false;
  nlohmann::json m_identity; // id, created, model of the first chunk
  std::vector<ChoiceState> m_choices;
  std::vector<ToolCall> m_tool_calls;
};

} // namespace chatbench::conformance
