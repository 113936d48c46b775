#pragma once
// The per-request view report.html draws over time (TTFT of each request at its send time,
// failures by kind per interval), read back from requests.jsonl: report.json keeps
// distributions and per-interval counts, not single requests. Only the few fields the charts
// use are kept (about 40 bytes a request). A line that does not parse (a crash cut it) is
// skipped and counted, as requests.csv does.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chatbench::report {

struct RequestPoint {
  std::uint32_t target = 0;  ///< index into RequestPoints::targets
  bool measured = false;     ///< phase "measure" (not warmup)
  bool ok = false;           ///< outcome "ok"
  std::uint32_t kind = 0;    ///< index into RequestPoints::kinds when !ok
  std::int64_t sent_ns = -1; ///< since the target's t = 0; the intended time if never sent
  std::int64_t ttft_ns = -1; ///< first token - intended send; -1 without a token
  std::int64_t done_ns = -1; ///< since the target's t = 0
};

struct RequestPoints {
  std::vector<std::string> targets; ///< in order of first appearance
  /// Failure kinds in order of first appearance: the outcome name, "http_<status>" for
  /// outcome "http_status".
  std::vector<std::string> kinds;
  std::vector<RequestPoint> points; ///< in file order
  std::uint64_t skipped = 0;        ///< lines that were not a request object

  /// The index of `name` in `targets`, or targets.size() when absent.
  std::uint32_t target_index(std::string_view name) const noexcept;
};

/// Parses requests.jsonl text. Never fails: what is not a request line is skipped.
RequestPoints parse_request_points(std::string_view jsonl);

} // namespace chatbench::report
