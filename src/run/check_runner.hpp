#pragma once
// `chatbench check`'s core: for each target of a scenario, the conformance probes of its profile
// (conformance/probes.hpp), sent one at a time through the engine (so probes see the same
// client as a run: URL, auth style, HTTP version, TLS, timeouts), each exchange judged by the
// same ExchangeChecker a run uses, and the verdict per probe. Targets whose base_url is "mock"
// get an embedded mock, as in a run.
//
// Thread-safety: one check at a time per process.
#include "conformance/finding.hpp"
#include "conformance/probes.hpp"
#include "metrics/request_record.hpp"
#include "scenario/scenario.hpp"
#include "util/result.hpp"

#include <string>
#include <vector>

namespace chatbench::run {

struct ProbeResult {
  conformance::Probe probe;
  int status = 0;                                          ///< 0: no response
  metrics::FailureKind outcome = metrics::FailureKind::ok; ///< as a run would record it
  std::string detail;                                      ///< the record's detail
  double duration_ms = 0;                                  ///< send to end
  std::vector<conformance::Finding> findings;
  std::string failure; ///< "" when the probe passed
  bool passed() const noexcept { return failure.empty(); }
};

struct TargetCheck {
  std::string name;
  std::string profile;
  std::string url;
  bool mock = false;
  std::string error;              ///< the target could not be probed at all (mock or engine set-up)
  std::vector<std::string> notes; ///< probes left out and why
  std::vector<ProbeResult> probes;
  bool passed() const noexcept;
};

struct CheckOutput {
  std::vector<TargetCheck> targets;
  bool passed() const noexcept;
};

/// Set-up problems (body options, key, target) fail before any request, as for a run.
Result<CheckOutput> check_scenario(const scenario::Scenario &scenario);

} // namespace chatbench::run
