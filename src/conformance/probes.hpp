#pragma once
// The probes of `chatbench check`: single requests that ask whether a deployment speaks its
// profile's API, without load. Derived from one valid request body (built by the caller with the
// provider's body rules) and the profile's request schema:
// - positive_data_acceptance: the minimal valid request, streamed and not (when the profile
//   streams), and one request per optional field the profile documents (temperature, top_p,
//   max_tokens, stop, seed, n, penalties, user, stream_options.include_usage) with a typical
//   value. Each must be answered 2xx, and the answer passes every response check.
// - negative_data_rejection: a missing required field, a wrong type, an unknown role, a body that
//   is not JSON. Each must be answered with a 4xx the profile documents (400 or 422 as it says)
//   and an error body that matches that status's schema. A mutation the profile's own request
//   schema accepts (Infera's free-form role) is not a negative probe there and is left out.
// - ignored_auth: no credentials and wrong credentials; each must be answered 401 or 403. Left
//   out when the target is configured without a key (nothing to withhold).
// Pure functions of their inputs; thread-safe.
#include "conformance/check.hpp"
#include "conformance/profile.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace chatbench::conformance {

enum class Credentials : std::uint8_t { valid, missing, wrong };

struct Probe {
  std::string name;        ///< e.g. "minimal", "stream", "temperature", "missing_messages"
  std::string description; ///< one sentence: what is sent and what must come back
  Check check = Check::positive_data_acceptance;
  Credentials credentials = Credentials::valid;
  bool stream = false;
  bool include_usage = false;
  std::string body; ///< the exact bytes sent
};

struct ProbeOptions {
  nlohmann::json valid_body; ///< a valid, non-streamed request body for the target
  bool have_credentials = false;
};

std::vector<Probe> make_probes(const Profile &profile, const ProbeOptions &options);

/// The verdict on one probe's exchange from its status and its findings' severities: positive
/// probes want 2xx, negative ones a documented 4xx, auth ones 401/403; a failing finding fails
/// the probe too. "" when it passed, else why not.
std::string probe_failure(const Probe &probe, const Profile &profile, int status,
                          bool has_failing_finding);

} // namespace chatbench::conformance
