#include "conformance/response_check.hpp"

#include "conformance/profile.hpp"
#include "conformance/values.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace chatbench::conformance {
namespace {

// The media type of a Content-Type value: before ';', trimmed, lower-case.
std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
    type.remove_prefix(1);
  }
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  std::string out(type);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool success(int status) noexcept {
  return status >= 200 && status < 300;
}

void check_tool_calls(const nlohmann::json &message, const std::string &base,
                      ResponseFindings &findings) {
  const auto calls = message.find("tool_calls");
  if (calls == message.end() || !calls->is_array()) {
    return;
  }
  for (std::size_t j = 0; j < calls->size(); ++j) {
    const nlohmann::json &call = (*calls)[j];
    const auto function = call.is_object() ? call.find("function") : call.end();
    if (!call.is_object() || function == call.end() || !function->is_object()) {
      continue; // the schema's business
    }
    const auto arguments = function->find("arguments");
    if (arguments != function->end() && arguments->is_string() &&
        !arguments_are_json(arguments->get_ref<const std::string &>())) {
      findings.add(Check::tool_call,
                   base + "/tool_calls/" + std::to_string(j) + "/function/arguments",
                   "tool-call arguments are not JSON", example_of(*arguments));
    }
  }
}

void check_success_body(int status, const nlohmann::json &body, ResponseFindings &findings) {
  const Profile &profile = findings.profile();
  if (const StatusSchemas *schemas = profile.responses(status); schemas && schemas->json) {
    add_schema_findings(*schemas->json, body, Check::response_schema, findings);
  }
  if (!body.is_object()) {
    return;
  }
  if (const auto choices = body.find("choices"); choices != body.end() && choices->is_array()) {
    for (std::size_t i = 0; i < choices->size(); ++i) {
      const nlohmann::json &choice = (*choices)[i];
      if (!choice.is_object()) {
        continue;
      }
      const std::string base = "/choices/" + std::to_string(i);
      if (const auto reason = choice.find("finish_reason"); reason != choice.end()) {
        check_finish_value(*reason, base + "/finish_reason", profile.finish_reason_nullable(),
                           findings);
      }
      if (const auto message = choice.find("message");
          message != choice.end() && message->is_object()) {
        check_tool_calls(*message, base + "/message", findings);
      }
    }
  }
  if (const auto usage = body.find("usage"); usage != body.end() && usage->is_object()) {
    check_usage_sum(*usage, findings);
  }
  check_integral(body, findings);
}

} // namespace

bool json_or_unlabelled(std::string_view content_type) {
  const std::string media = media_type(content_type);
  return media.empty() || media == "application/json" ||
         (media.starts_with("application/") && media.ends_with("+json"));
}

void check_status(int status, std::string_view content_type, const Expectation &expect,
                  ResponseFindings &findings) {
  const Profile &profile = findings.profile();
  const StatusSchemas *schemas = profile.responses(status);
  if (schemas == nullptr) {
    findings.add(Check::status_code, "",
                 "status " + std::to_string(status) + " is not documented by the " +
                     profile.name() + " profile",
                 std::to_string(status));
    return;
  }
  const std::string media = media_type(content_type);
  if (success(status) && expect.stream && profile.streams()) {
    if (media != "text/event-stream") {
      findings.add(Check::content_type, "",
                   "a streamed request was answered with a Content-Type other than "
                   "text/event-stream",
                   example_text(content_type));
    }
    return;
  }
  const bool documented = std::find(schemas->media_types.begin(), schemas->media_types.end(),
                                    media) != schemas->media_types.end() &&
                          media != "text/event-stream";
  if (!documented) {
    findings.add(Check::content_type, "",
                 content_type.empty()
                     ? "the response has no Content-Type"
                     : "the Content-Type is not documented for status " + std::to_string(status),
                 example_text(content_type));
  }
}

void check_body(int status, std::string_view body, bool complete, ResponseFindings &findings) {
  if (!complete) {
    return;
  }
  const Check check = success(status) ? Check::response_schema : Check::error_schema;
  const StatusSchemas *schemas = findings.profile().responses(status);
  if (!success(status) && (schemas == nullptr || schemas->json == nullptr)) {
    return; // undocumented: status_code_conformance said so already
  }
  const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    findings.add(check, "", body.empty() ? "the body is empty" : "the body is not valid JSON",
                 example_text(body));
    return;
  }
  if (success(status)) {
    check_success_body(status, parsed, findings);
  } else {
    add_schema_findings(*schemas->json, parsed, check, findings);
  }
}

} // namespace chatbench::conformance
