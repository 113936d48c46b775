#include "openai/response.hpp"
#include "openai/completion_scan.hpp"

namespace chatbench::openai {
namespace {

bool success(int http_status) {
  return http_status >= 200 && http_status <= 299;
}

ResponseSummary summarize(ChunkInfo body) {
  ResponseSummary out;
  out.valid_json = body.valid_json();
  out.is_object = out.valid_json && body.kind != ChunkKind::not_object;
  out.body = body;
  return out;
}

} // namespace

ResponseSummary decode_response(std::string_view body, int http_status,
                                std::string_view content_type) {
  ResponseSummary out = summarize(detail::scan_completion(body, detail::ChoiceField::message));
  if (!success(http_status)) {
    out.error = summarize_error(body, content_type);
  } else if (out.body.error || (out.is_object && !out.body.choices_array)) {
    // A 2xx without choices may still be an error shape (FastAPI detail, flat vLLM error).
    const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    if (is_error_shape(parsed)) {
      out.error = summarize_error_json(parsed, content_type);
    }
  }
  return out;
}

ParsedResponse parse_response(std::string_view body, int http_status,
                              std::string_view content_type) {
  ParsedResponse out;
  out.value = nlohmann::json::parse(body, nullptr, false);
  if (out.value.is_discarded()) {
    out.summary.body = ChunkInfo{};
    if (!success(http_status)) {
      out.summary.error = summarize_error(body, content_type);
    }
    return out;
  }
  out.summary = summarize(detail::walk_completion(out.value, detail::ChoiceField::message));
  const ChunkInfo &b = out.summary.body;
  if (!success(http_status) ||
      ((b.error || (out.summary.is_object && !b.choices_array)) && is_error_shape(out.value))) {
    out.summary.error = summarize_error_json(out.value, content_type);
  }
  return out;
}

} // namespace chatbench::openai
