#include "openai/error_body.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cctype>

namespace chatbench::openai {
namespace {

using nlohmann::json;

constexpr std::size_t k_max_bytes = 300;

constexpr std::array<std::string_view, 9> k_family_names{
    "openai",       "error_string", "flat", "fastapi_validation", "fastapi_detail", "problem_json",
    "unknown_json", "non_json",     "empty"};

// `text` cut to about k_max_bytes on a UTF-8 boundary, marked with "...".
std::string cut(std::string text) {
  if (text.size() <= k_max_bytes) {
    return text;
  }
  std::size_t end = k_max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  text.resize(end);
  text += "...";
  return text;
}

std::string dump(const json &value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A field as report text: strings as they are, integers without ".0", null and absence as "".
std::string text_of(const json *value) {
  if (value == nullptr || value->is_null()) {
    return {};
  }
  if (value->is_string()) {
    return cut(value->get<std::string>());
  }
  if (value->is_number_float()) {
    const double d = value->get<double>();
    if (d == static_cast<double>(static_cast<long long>(d))) {
      return std::to_string(static_cast<long long>(d));
    }
  }
  return cut(dump(*value));
}

const json *member(const json &object, std::string_view key) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

bool is_problem_type(std::string_view content_type) {
  std::string lowered;
  for (const char c : content_type) {
    lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lowered.find("application/problem+json") != std::string::npos;
}

// FastAPI's first validation item as "body.max_tokens: Field required (+2 more)".
ErrorSummary fastapi_validation(const json &detail) {
  ErrorSummary out{ErrorFamily::fastapi_validation, {}, {}, {}};
  if (detail.empty()) {
    return out;
  }
  const json &first = detail.front();
  std::string where;
  if (const json *loc = member(first, "loc"); loc != nullptr && loc->is_array()) {
    for (const json &part : *loc) {
      where += where.empty() ? "" : ".";
      where += part.is_string() ? part.get<std::string>() : dump(part);
    }
  }
  std::string message = text_of(member(first, "msg"));
  if (!where.empty()) {
    message = where + ": " + message;
  }
  if (detail.size() > 1) {
    message += " (+" + std::to_string(detail.size() - 1) + " more)";
  }
  out.message = cut(std::move(message));
  out.type = text_of(member(first, "type"));
  return out;
}

ErrorSummary problem(const json &body) {
  const json *detail = member(body, "detail");
  const json *title = member(body, "title");
  return {ErrorFamily::problem_json, text_of(detail != nullptr ? detail : title),
          text_of(member(body, "type")), text_of(member(body, "status"))};
}

// The text of an HTML <title>, or the body with whitespace runs folded to one space.
std::string non_json_message(std::string_view body) {
  std::string lowered(body.substr(0, 4096));
  for (char &c : lowered) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (const auto open = lowered.find("<title>"); open != std::string::npos) {
    const auto close = lowered.find("</title>", open);
    if (close != std::string::npos) {
      body = body.substr(open + 7, close - open - 7);
    }
  }
  std::string out;
  for (const char c : body.substr(0, 4 * k_max_bytes)) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return cut(std::move(out));
}

} // namespace

std::string_view to_string(ErrorFamily family) noexcept {
  const auto i = static_cast<std::size_t>(family);
  return i < k_family_names.size() ? k_family_names[i] : "unknown_json";
}

ErrorSummary summarize_error_json(const json &body, std::string_view content_type) {
  if (const json *error = member(body, "error"); error != nullptr && !error->is_null()) {
    if (error->is_object()) {
      return {ErrorFamily::openai, text_of(member(*error, "message")),
              text_of(member(*error, "type")), text_of(member(*error, "code"))};
    }
    if (error->is_string()) {
      return {ErrorFamily::error_string, text_of(error), {}, {}};
    }
  }
  if (const json *object = member(body, "object");
      object != nullptr && *object == "error" && member(body, "message") != nullptr) {
    return {ErrorFamily::flat, text_of(member(body, "message")), text_of(member(body, "type")),
            text_of(member(body, "code"))};
  }
  const bool problem_type = is_problem_type(content_type);
  const bool has_title = member(body, "title") != nullptr;
  if (const json *detail = member(body, "detail")) {
    if (detail->is_array()) {
      return fastapi_validation(*detail);
    }
    if (problem_type || has_title) {
      return problem(body);
    }
    return {ErrorFamily::fastapi_detail, text_of(detail), {}, {}};
  }
  if (body.is_object() && (problem_type || (has_title && (member(body, "status") != nullptr ||
                                                          member(body, "type") != nullptr)))) {
    return problem(body);
  }
  return {ErrorFamily::unknown_json, cut(dump(body)), {}, {}};
}

ErrorSummary summarize_error(std::string_view body, std::string_view content_type) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return {};
  }
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    return {ErrorFamily::non_json, non_json_message(body), {}, {}};
  }
  return summarize_error_json(parsed, content_type);
}

bool is_error_shape(const json &body) noexcept {
  try {
    const ErrorFamily family = summarize_error_json(body).family;
    return family != ErrorFamily::unknown_json && family != ErrorFamily::empty;
  } catch (...) {
    return false;
  }
}

} // namespace chatbench::openai
