#include "conformance/probes.hpp"

#include <utility>

namespace chatbench::conformance {
namespace {

using nlohmann::json;

bool schema_accepts(const Profile &profile, const json &body) {
  const Schema *schema = profile.request_schema();
  std::vector<Violation> ignored;
  return schema == nullptr || schema->validate(body, ignored);
}

Probe positive(std::string name, std::string description, const json &body, bool stream = false,
               bool include_usage = false) {
  return Probe{std::move(name),
               std::move(description),
               Check::positive_data_acceptance,
               Credentials::valid,
               stream,
               include_usage,
               body.dump()};
}

// The optional request fields a probe exercises, each with a typical value.
const std::vector<std::pair<const char *, json>> &optional_fields() {
  static const std::vector<std::pair<const char *, json>> fields{
      {"temperature", 0.5},
      {"top_p", 0.9},
      {"max_tokens", 16},
      {"max_completion_tokens", 16},
      {"stop", json::array({"\n\n"})},
      {"seed", 7},
      {"n", 1},
      {"presence_penalty", 0.5},
      {"frequency_penalty", 0.5},
      {"user", "chatbench-probe"},
  };
  return fields;
}

void add_positive(const Profile &profile, const json &valid, std::vector<Probe> &out) {
  out.push_back(positive("minimal", "the minimal valid request must be answered 2xx", valid));
  if (profile.streams()) {
    json streamed = valid;
    streamed["stream"] = true;
    out.push_back(positive("stream",
                           "the minimal request with stream: true must be answered 2xx "
                           "with a conforming event stream",
                           streamed, true));
    if (profile.documents_request_property("stream_options")) {
      streamed["stream_options"] = {{"include_usage", true}};
      out.push_back(positive("stream_include_usage",
                             "a streamed request with stream_options.include_usage must end "
                             "with a usage chunk",
                             streamed, true, true));
    }
  }
  for (const auto &[field, value] : optional_fields()) {
    if (!profile.documents_request_property(field) || valid.contains(field)) {
      continue;
    }
    json body = valid;
    body[field] = value;
    if (schema_accepts(profile, body)) {
      out.push_back(positive(field,
                             std::string("the documented optional field ") + field + " = " +
                                 value.dump() + " must be accepted",
                             body));
    }
  }
}

void add_negative(const Profile &profile, const json &valid, std::vector<Probe> &out) {
  const auto negative = [&](std::string name, std::string description, const json &body) {
    if (!schema_accepts(profile, body)) {
      out.push_back(Probe{std::move(name), std::move(description), Check::negative_data_rejection,
                          Credentials::valid, false, false, body.dump()});
    }
  };
  json missing = valid;
  missing.erase("messages");
  negative("missing_messages", "a request without the required messages must be rejected", missing);
  json wrong_type = valid;
  wrong_type["messages"] = "hello";
  negative("messages_wrong_type", "messages as a string instead of an array must be rejected",
           wrong_type);
  json unknown_role = valid;
  unknown_role["messages"] = json::array({{{"role", "wizard"}, {"content", "hello"}}});
  negative("unknown_role", "a message with the role \"wizard\" must be rejected", unknown_role);
  if (valid.contains("model") && valid["model"].is_string()) {
    json wrong_model = valid;
    wrong_model["model"] = 42;
    negative("model_wrong_type", "a numeric model must be rejected", wrong_model);
  }
  std::string malformed = valid.dump();
  malformed.resize(malformed.size() / 2);
  out.push_back(Probe{"malformed_json", "a body cut in half (not JSON) must be rejected",
                      Check::negative_data_rejection, Credentials::valid, false, false,
                      std::move(malformed)});
}

} // namespace

std::vector<Probe> make_probes(const Profile &profile, const ProbeOptions &options) {
  std::vector<Probe> out;
  add_positive(profile, options.valid_body, out);
  add_negative(profile, options.valid_body, out);
  if (options.have_credentials) {
    const std::string body = options.valid_body.dump();
    out.push_back(Probe{"missing_credentials",
                        "the valid request without credentials must be answered 401 or 403",
                        Check::ignored_auth, Credentials::missing, false, false, body});
    out.push_back(Probe{"wrong_credentials",
                        "the valid request with a wrong key must be answered 401 or 403",
                        Check::ignored_auth, Credentials::wrong, false, false, body});
  }
  return out;
}

std::string probe_failure(const Probe &probe, const Profile &profile, int status,
                          bool has_failing_finding) {
  const std::string got = status > 0 ? "got " + std::to_string(status) : "got no response";
  switch (probe.check) {
  case Check::positive_data_acceptance:
    if (status < 200 || status >= 300) {
      return "expected 2xx, " + got;
    }
    break;
  case Check::ignored_auth:
    if (status != 401 && status != 403) {
      return "expected 401 or 403, " + got;
    }
    break;
  default: {
    const bool documented_4xx = status >= 400 && status < 500 && profile.documents(status);
    if (!documented_4xx) {
      std::string expected;
      for (const int s : profile.documented_statuses()) {
        if (s >= 400 && s < 500 && s != 401 && s != 403 && s != 404 && s != 429) {
          expected += (expected.empty() ? "" : " or ") + std::to_string(s);
        }
      }
      return "expected " + (expected.empty() ? std::string("a documented 4xx") : expected) + ", " +
             got;
    }
    break;
  }
  }
  return has_failing_finding ? "the response failed conformance checks (see findings)" : "";
}

} // namespace chatbench::conformance
