#include "metrics/request_record.hpp"

namespace chatbench::metrics {

std::string_view to_string(FailureKind kind) noexcept {
  switch (kind) {
  case FailureKind::ok:
    return "ok";
  case FailureKind::connect:
    return "connect";
  case FailureKind::tls:
    return "tls";
  case FailureKind::timeout_connect:
    return "timeout_connect";
  case FailureKind::timeout_first_token:
    return "timeout_first_token";
  case FailureKind::timeout_idle:
    return "timeout_idle";
  case FailureKind::timeout_total:
    return "timeout_total";
  case FailureKind::http_status:
    return "http_status";
  case FailureKind::transport:
    return "transport";
  case FailureKind::stream_truncated:
    return "stream_truncated";
  case FailureKind::stream_error_event:
    return "stream_error_event";
  case FailureKind::invalid_json:
    return "invalid_json";
  case FailureKind::invalid_sse:
    return "invalid_sse";
  case FailureKind::body_too_large:
    return "body_too_large";
  case FailureKind::cut_off:
    return "cut_off";
  case FailureKind::not_sent:
    return "not_sent";
  case FailureKind::internal:
    return "internal";
  }
  return "internal";
}

std::string_view to_string(Phase phase) noexcept {
  return phase == Phase::warmup ? "warmup" : "measure";
}

std::uint64_t RequestRecord::output_tokens() const noexcept {
  return usage_completion_tokens >= 0 ? static_cast<std::uint64_t>(usage_completion_tokens)
                                      : tokens;
}

void RequestRecord::clear() noexcept {
  std::string kept_detail = std::move(detail);
  std::vector<std::int64_t> kept_itl = std::move(itl_ns);
  *this = RequestRecord{};
  kept_detail.clear();
  kept_itl.clear();
  detail = std::move(kept_detail);
  itl_ns = std::move(kept_itl);
}

std::int64_t tpot_ns(const RequestRecord &record) noexcept {
  const std::uint64_t tokens = record.output_tokens();
  const std::int64_t span = span_ns(record.first_token_ns, record.last_token_ns);
  if (tokens < 2 || span < 0) {
    return -1;
  }
  return span / static_cast<std::int64_t>(tokens - 1);
}

} // namespace chatbench::metrics
