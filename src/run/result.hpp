#pragma once
// What a run produced, handed to report/: for each target the merged metrics and how it was set
// up, and the manifest that makes the run reproducible. Plain data, no threads, no libcurl: a
// report is a pure function of a RunOutput (and the Scenario it ran).
//
// Times: *_ns fields are steady_clock nanoseconds (comparable within one process only); the
// wall-clock anchors (start_wall) place them in real time. Durations are nanoseconds.
#include "capacity/result.hpp"
#include "conformance/finding.hpp"
#include "metrics/recorder.hpp"
#include "metrics/timeline.hpp"
#include "openai/provider.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chatbench::run {

/// Everything needed to reproduce or compare a run.
struct Manifest {
  std::string version;       ///< chatbench's version
  std::string git_revision;  ///< of the chatbench build
  std::string libcurl;       ///< libcurl version, e.g. "7.88.1"
  std::string tls;           ///< TLS library, e.g. "OpenSSL/3.0.11"; "" without TLS
  std::string nghttp2;       ///< "" without HTTP/2 support
  unsigned cores = 0;        ///< hardware threads of the machine
  std::string scenario_file; ///< as given; "" for a scenario built from flags
  std::string scenario_name;
  /// "fnv1a64:<16 hex digits>" over the scenario's bytes (file text or flag document) followed
  /// by each --set override and a newline: equal hashes mean the same scenario input.
  std::string scenario_hash;
  std::vector<std::string> overrides;    ///< the --set values, in order
  std::vector<std::string> command_line; ///< argv
  std::uint64_t seed = 0;
  std::chrono::system_clock::time_point started; ///< the first target's t = 0
  std::int64_t duration_ns = 0; ///< from `started` to the end of the last target's drain
};

/// The embedded mock's own view, for targets whose base_url is "mock".
struct MockFigures {
  std::uint64_t completions = 0; ///< chat completions it answered
  std::uint64_t rejected = 0;    ///< 429s because its queue was full
  std::uint64_t faulted = 0;     ///< completions with an injected fault
  /// Lateness of its timed writes (actual - scheduled), nanoseconds: how faithful its timing was.
  std::int64_t emission_lag_p50_ns = 0;
  std::int64_t emission_lag_p99_ns = 0;
  std::int64_t emission_lag_max_ns = 0;
};

/// One target's run. Targets run one after the other, each with the whole load.
struct TargetRun {
  std::string name;
  openai::Provider provider = openai::Provider::openai;
  std::string url;   ///< the chat-completions URL requests went to (the mock's ephemeral one too)
  bool mock = false; ///< served by the embedded mock
  std::string model;
  bool stream = false;            ///< requests were streamed (false at Infera even if asked)
  bool include_usage = false;     ///< stream_options.include_usage was sent
  std::string token_limit_field;  ///< "max_tokens" or "max_completion_tokens"
  std::vector<std::string> notes; ///< how provider rules changed the request, one sentence each

  /// Set when the target could not run at all (mock would not start, engine set-up failed):
  /// then nothing below was measured.
  std::string error;
  bool interrupted = false; ///< a signal stopped it before its plan was done

  metrics::Recorder recorder; ///< every worker's, merged; measured phase only
  metrics::Timeline timeline; ///< every phase; goodput counts the measured phase
  std::chrono::system_clock::time_point start_wall; ///< this target's t = 0
  std::int64_t start_ns = 0;                        ///< steady ns of t = 0
  std::int64_t measure_start_ns = -1; ///< the measured phase's start, -1 if never reached
  std::int64_t measure_end_ns = -1;   ///< scheduling stopped
  std::int64_t finished_ns = 0;       ///< every request had ended

  std::uint32_t workers = 0;       ///< worker threads
  std::uint64_t max_in_flight = 0; ///< sum over workers of each one's peak
  std::uint64_t connections = 0;   ///< new connections (requests not on a reused one)
  MockFigures mock_figures;        ///< when `mock`

  /// Conformance: the profile the responses were checked against, the run's level (off: none
  /// were checked), and the findings over every checked response (warmup included).
  std::string profile;
  conformance::Severity conformance_level = conformance::Severity::off;
  double conformance_sample = 1.0;
  conformance::Tally conformance;

  /// load.mode sweep or search: the steps and what they found. The recorder, timeline and
  /// tally above then hold every step's measured requests together.
  std::optional<capacity::Result> capacity;
};

struct RunOutput {
  Manifest manifest;
  std::vector<TargetRun> targets;
  bool interrupted = false;  ///< SIGINT/SIGTERM stopped the run; later targets did not run
  std::string out_dir;       ///< where report files go
  std::string requests_file; ///< requests.jsonl, written as requests finished ("" if not)
};

} // namespace chatbench::run
