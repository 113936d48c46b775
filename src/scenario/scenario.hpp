#pragma once
// A scenario as plain values: what to send (workload, request options), to whom (targets), how
// hard (load), what must hold (checks) and where results go (report). Produced by the loader
// (scenario/loader.hpp), which resolves units, relative paths and defaults, so consumers read
// finished values and never re-parse. The file format is documented in docs/SCENARIOS.md and
// schemas/scenario.schema.json.
#include "openai/provider.hpp"
#include "scenario/threshold.hpp"
#include "util/distribution.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chatbench::scenario {

using Nanos = std::chrono::nanoseconds;

/// Where a target's API key comes from; a literal key is never part of a scenario.
struct ApiKey {
  enum class Source { none, env, file };
  Source source = Source::none;
  std::string name; ///< the variable name (env) or the resolved path (file)
};

enum class HttpVersion {
  http1_1, ///< HTTP/1.1
  http2,   ///< HTTP/2 negotiated by ALPN over https://
  h2c,     ///< HTTP/2 over cleartext with prior knowledge (http://)
};

/// Settings of the embedded mock, used when a target's base_url is "mock".
struct MockOptions {
  util::Distribution ttft_ns = util::Distribution::constant(50e6);
  util::Distribution itl_ns = util::Distribution::constant(10e6);
  util::Distribution output_tokens = util::Distribution::constant(64);
  std::uint32_t tokens_per_chunk = 1;
  std::optional<std::uint32_t> max_concurrency; ///< generations at once; beyond it requests queue
  std::optional<double> token_rate_per_s;       ///< shared decode budget, tokens per second
  /// Injected faults in `chatbench mock --fault` syntax ("rate_limit:p=0.05"); their syntax is
  /// the mock's and is checked when the run starts the mock.
  std::vector<std::string> faults;
};

struct Target {
  std::string name;
  std::string description;
  openai::Provider provider = openai::Provider::openai;
  std::string base_url; ///< "mock" or an http(s) URL without the route
  std::string path;     ///< the route; the provider's unless overridden
  std::string model;
  std::vector<std::pair<std::string, std::string>> headers;
  ApiKey api_key;
  HttpVersion http_version = HttpVersion::http1_1;
  bool verify_tls = true;
  std::string ca_file; ///< resolved path, or "" for the system store
  MockOptions mock;

  bool is_mock() const { return base_url == "mock"; }
};

/// What prompts to send. Exactly one kind per scenario.
struct Workload {
  enum class Kind { messages, template_, conversations, synthetic };
  Kind kind = Kind::messages;
  nlohmann::json messages = nlohmann::json::array(); ///< messages; template_: with {{variables}}
  std::vector<std::pair<std::string, std::vector<std::string>>> variables; ///< template_
  std::string conversations_file;                  ///< resolved path (conversations)
  std::vector<nlohmann::json> conversations;       ///< each an array of messages, as loaded
  util::Distribution input_tokens;                 ///< synthetic prompt length
  std::optional<util::Distribution> output_tokens; ///< synthetic: max_tokens per request
  std::string system_prompt;                       ///< synthetic: optional fixed system message
};

/// Body fields sent with every request (the workload adds messages and may set max_tokens).
struct RequestOptions {
  bool stream = false;
  std::optional<std::int64_t> max_tokens;
  std::optional<double> temperature;
  std::optional<double> top_p;
  nlohmann::json stop;               ///< null, a string or an array of strings, as written
  std::optional<bool> include_usage; ///< stream_options.include_usage
  nlohmann::json extra = nlohmann::json::object(); ///< any other provider fields, merged last
};

struct Stage {
  Nanos duration{0};
  double target = 0; ///< requests/s (rate mode) or concurrency; reached linearly over the stage
};

struct Timeouts {
  Nanos connect = std::chrono::seconds(10);
  Nanos first_token = std::chrono::seconds(60);
  Nanos idle = std::chrono::seconds(30); ///< longest gap between two chunks of a stream
  Nanos total = std::chrono::seconds(300);
};

/// Capacity planning (`load.mode` "sweep" or "search"): a series of steps, each a short run of its
/// own against the same target: `Load::warmup_*` discarded, then `Load::duration` measured and
/// extended up to `max_duration` until its last `stable_windows` windows agree. A sweep runs a
/// given list of levels or an automatic plan (a synchronous baseline at concurrency 1, a
/// saturation probe at `probe_concurrency`, then `steps` levels spread up to the saturation
/// point); a search brackets then bisects for the highest level whose `slo` holds. Either stops
/// early when a step is over-saturated. run/capacity_runner.hpp runs it; docs/SCENARIOS.md.
struct Sweep {
  enum class Over { rate, concurrency };
  Over over = Over::rate;
  std::vector<double> levels;           ///< ascending, positive; empty: the automatic plan
  std::uint32_t steps = 6;              ///< automatic plan: levels after the baseline and probe
  std::uint32_t probe_concurrency = 64; ///< the automatic plan's saturation probe
  Nanos max_duration = std::chrono::seconds(30); ///< measured; >= Load::duration
  Nanos window = std::chrono::seconds(2);        ///< stability windows
  std::uint32_t stable_windows = 3;              ///< the last this many windows must agree
  double tolerance = 0.1;       ///< their throughput and TTFT p50 within this fraction of the mean
  double stop_error_rate = 0.1; ///< a step whose error rate passes it is over-saturated
  /// A step whose TTFT p50 keeps rising over its last windows and reaches this many times the
  /// baseline's (the lowest step's) is over-saturated: its queue grows without bound.
  double stop_latency_growth = 3;
  std::vector<Threshold> slo;      ///< search: required; sweep: optional, each step is judged
  double start = 0;                ///< search's first level; 0: from the baseline step
  double max = 0;                  ///< search's highest level; 0: no limit but the probe
  double resolution = 0.05;        ///< search ends when its bracket is at most this wide
  bool resolution_relative = true; ///< resolution is a fraction of the answer, else a level
};

struct Load {
  enum class Mode { concurrency, rate, sweep, search };
  enum class Arrival { constant, poisson, gamma };

  Mode mode = Mode::concurrency;
  std::uint32_t concurrency = 1; ///< closed loop: requests kept in flight
  double rate_per_s = 0;         ///< open loop: arrivals per second
  Arrival arrival = Arrival::constant;
  double burstiness = 1;                 ///< gamma shape; 1 = Poisson, < 1 burstier
  std::vector<Stage> stages;             ///< ramps; each moves linearly to its target
  std::optional<Nanos> duration;         ///< measured phase; with `requests`, the first reached
  std::optional<std::uint64_t> requests; ///< measured requests
  Nanos warmup_duration{0};
  std::uint64_t warmup_requests = 0;
  std::optional<std::uint32_t> max_in_flight; ///< open loop cap; arrivals beyond it wait (late)
  Nanos drain = std::chrono::seconds(10); ///< after the measured phase, in-flight requests get this
  /// Rate mode: poll instead of sleeping this long before each send (engine/worker.hpp).
  Nanos busy_wait{0};
  std::uint32_t workers = 0; ///< worker threads; 0 = one per core
  Timeouts timeouts;
  /// Several targets run at the same time, each with the whole load, instead of one after the
  /// other (the default, which keeps targets from competing for the client's cores).
  bool side_by_side = false;
  Sweep sweep; ///< modes sweep and search; the steps' arrivals and caps are the fields above
};

/// Per-request limits: a request meeting all of them counts towards goodput.
struct Slo {
  std::optional<Nanos> ttft;
  std::optional<Nanos> tpot;
  std::optional<Nanos> itl_max;
  std::optional<Nanos> e2e;
};

struct Checks {
  enum class Conformance { fail, warn, off };
  Conformance conformance = Conformance::fail;
  double conformance_sample = 1.0; ///< fraction of responses checked
  std::vector<Threshold> thresholds;
  Slo slo;
};

struct Report {
  std::vector<std::string> formats; ///< of "json", "jsonl", "csv", "md", "junit", "html", "console"
  std::string dir;                  ///< resolved; "" = reports/<scenario name> under the cwd
};

struct Scenario {
  std::string file; ///< where it was loaded from ("" for flags-only scenarios)
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  std::vector<Target> targets;
  Workload workload;
  RequestOptions request;
  Load load;
  Checks checks;
  Report report;
};

} // namespace chatbench::scenario
