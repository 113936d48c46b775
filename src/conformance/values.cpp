#include "conformance/values.hpp"

#include "conformance/profile.hpp"
#include "util/text.hpp"

#include <cmath>
#include <exception>
#include <vector>

namespace chatbench::conformance {
namespace {

constexpr std::size_t k_example_chars = 80;

bool fractional(const nlohmann::json &value) noexcept {
  if (!value.is_number_float()) {
    return false;
  }
  const double d = value.get<double>();
  return std::isfinite(d) && d != std::floor(d);
}

void check_integral_at(const nlohmann::json &parent, const char *key, const std::string &pointer,
                       ResponseFindings &findings) {
  const auto it = parent.find(key);
  if (it != parent.end() && fractional(*it) && findings.wants(Check::integral_number, pointer)) {
    findings.add(Check::integral_number, pointer, "a whole number was expected", example_of(*it));
  }
}

} // namespace

std::string example_text(std::string_view text) {
  return util::quoted(text, k_example_chars);
}

std::string example_of(const nlohmann::json &value) {
  switch (value.type()) {
  case nlohmann::json::value_t::string:
    return example_text(value.get_ref<const std::string &>());
  case nlohmann::json::value_t::object:
    return "{" + std::to_string(value.size()) + (value.size() == 1 ? " key}" : " keys}");
  case nlohmann::json::value_t::array:
    return "[" + std::to_string(value.size()) + (value.size() == 1 ? " item]" : " items]");
  case nlohmann::json::value_t::discarded:
    return "";
  default:
    return value.dump();
  }
}

std::string example_at(const nlohmann::json &document, std::string_view pointer) {
  try {
    const nlohmann::json::json_pointer p{std::string(pointer)};
    return document.contains(p) ? example_of(document.at(p)) : ""; // the message says "missing"
  } catch (const std::exception &) {
    return "";
  }
}

void add_schema_findings(const Schema &schema, const nlohmann::json &document, Check check,
                         ResponseFindings &findings) {
  std::vector<Violation> violations;
  bool valid = true;
  try {
    valid = schema.validate(document, violations);
  } catch (const std::exception &e) {
    findings.add(check, "", std::string("the validator failed: ") + e.what());
    return;
  }
  if (valid) {
    return;
  }
  for (const Violation &v : violations) {
    if (findings.wants(check, v.pointer)) {
      findings.add(check, v.pointer, v.message, example_at(document, v.pointer));
    }
  }
}

void check_finish_value(const nlohmann::json &reason, const std::string &pointer, bool null_ok,
                        ResponseFindings &findings) {
  const Profile &profile = findings.profile();
  if (reason.is_null()) {
    if (!null_ok) {
      findings.add(Check::finish_reason, pointer, "a finished choice has no finish_reason", "null");
    }
    return;
  }
  if (reason.is_string() && !profile.finish_reason_allowed(reason.get_ref<const std::string &>()) &&
      findings.wants(Check::finish_reason, pointer)) {
    std::string allowed;
    for (const std::string &r : profile.finish_reasons()) {
      allowed += (allowed.empty() ? "" : ", ") + r;
    }
    findings.add(Check::finish_reason, pointer,
                 "finish_reason is not one the profile allows (" + allowed + ")",
                 example_of(reason));
  }
}

void check_usage_sum(const nlohmann::json &usage, ResponseFindings &findings) {
  const auto number = [&usage](const char *key) -> const nlohmann::json * {
    const auto it = usage.find(key);
    return it != usage.end() && it->is_number() ? &*it : nullptr;
  };
  const nlohmann::json *prompt = number("prompt_tokens");
  const nlohmann::json *completion = number("completion_tokens");
  const nlohmann::json *total = number("total_tokens");
  if (prompt == nullptr || completion == nullptr || total == nullptr) {
    return; // the schema says what is missing
  }
  const double sum = prompt->get<double>() + completion->get<double>();
  if (sum != total->get<double>() && findings.wants(Check::usage, "/usage/total_tokens")) {
    findings.add(Check::usage, "/usage/total_tokens",
                 "total_tokens is not prompt_tokens + completion_tokens (" + prompt->dump() +
                     " + " + completion->dump() + ")",
                 total->dump());
  }
}

void check_integral(const nlohmann::json &document, ResponseFindings &findings) {
  if (findings.profile().integral_numbers() != IntegralPolicy::warn_fractional ||
      !document.is_object()) {
    return;
  }
  check_integral_at(document, "created", "/created", findings);
  if (const auto choices = document.find("choices");
      choices != document.end() && choices->is_array()) {
    for (std::size_t i = 0; i < choices->size(); ++i) {
      if ((*choices)[i].is_object()) {
        check_integral_at((*choices)[i], "index", "/choices/" + std::to_string(i) + "/index",
                          findings);
      }
    }
  }
  if (const auto usage = document.find("usage"); usage != document.end() && usage->is_object()) {
    for (const char *key : {"prompt_tokens", "completion_tokens", "total_tokens"}) {
      check_integral_at(*usage, key, std::string("/usage/") + key, findings);
    }
  }
}

bool arguments_are_json(std::string_view arguments) noexcept {
  return arguments.empty() || nlohmann::json::accept(arguments);
}

} // namespace chatbench::conformance
