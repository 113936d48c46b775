#include "mock/generation.hpp"

#include "mock/errors.hpp"
#include "mock/http_wire.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace chatbench::mock {
namespace {

// Odd piece sizes for split_events: cuts land inside "data:", inside JSON and between "\n\n".
constexpr std::array<std::size_t, 6> k_piece_sizes{1, 5, 3, 11, 7, 13};

ErrorKind error_kind(FaultKind fault) {
  switch (fault) {
  case FaultKind::unauthorized:
    return ErrorKind::auth_invalid;
  case FaultKind::rate_limit:
    return ErrorKind::rate_limited;
  case FaultKind::unavailable:
    return ErrorKind::unavailable;
  default:
    return ErrorKind::server_error;
  }
}

// Puts the stamp member, its value still a padded 0, first in a chunk's JSON object.
void insert_stamp_member(std::string &json) {
  if (json.empty() || json.front() != '{') {
    return;
  }
  std::string member(k_stamp_member);
  member += '0';
  member.append(k_stamp_width - 1, ' ');
  member += ',';
  json.insert(1, member);
}

} // namespace

void write_stamp(std::string &bytes, std::size_t at, std::int64_t ns) noexcept {
  char *const field = bytes.data() + at;
  const auto written = std::to_chars(field, field + k_stamp_width, std::max<std::int64_t>(ns, 0));
  std::fill(written.ptr, field + k_stamp_width, ' ');
}

Generation::Generation(GenerationSetup setup)
    : m_setup(std::move(setup)), m_writer(m_setup.body), m_mid_chunk(m_setup.plan.chunks() / 2),
      m_id(completion_id(m_setup.body)) {}

Corruption Generation::corruption() const noexcept {
  if (has(FaultKind::malformed_json)) {
    return Corruption::malformed_json;
  }
  if (has(FaultKind::missing_field)) {
    return Corruption::missing_field;
  }
  if (has(FaultKind::wrong_type)) {
    return Corruption::wrong_type;
  }
  return Corruption::none;
}

std::string_view Generation::finish_reason() const noexcept {
  return m_setup.plan.truncated() ? "length" : "stop";
}

Usage Generation::usage() const noexcept {
  const double seconds = std::chrono::duration<double>(m_setup.plan.total()).count();
  return Usage{m_setup.prompt_tokens, m_setup.plan.output_tokens(), seconds};
}

void Generation::event(std::string &out, std::string_view json) const {
  const std::string_view eol = has(FaultKind::crlf) ? "\r\n" : "\n";
  out += "data: ";
  out += json;
  out += eol;
  out += eol;
}

void Generation::comment(std::string &out, std::string_view text) const {
  const std::string_view eol = has(FaultKind::crlf) ? "\r\n" : "\n";
  out += ": ";
  out += text;
  out += eol;
  out += eol;
}

void Generation::emit(Step &step, std::string &payload) {
  if (!has(FaultKind::split_events) || payload.size() <= 1) {
    if (m_setup.stream) {
      append_chunk(step.bytes, payload);
    } else {
      step.bytes += payload;
    }
    return;
  }
  m_pending.swap(payload);
  m_pending_at = 0;
  // The first piece goes with this step; next() sends the rest k_split_gap apart.
  const std::size_t size =
      std::min(k_piece_sizes[m_piece++ % k_piece_sizes.size()], m_pending.size());
  const std::string_view piece(m_pending.data(), size);
  m_pending_at = size;
  if (m_setup.stream) {
    append_chunk(step.bytes, piece);
  } else {
    step.bytes += piece;
  }
}

void Generation::next(Step &step) {
  step.bytes.clear();
  step.delay = std::chrono::nanoseconds{0};
  step.tokens = 0;
  step.kind = Step::Kind::write;
  step.keep_alive = m_setup.keep_alive;
  step.stamp_at = Step::k_no_stamp;
  if (m_pending_at < m_pending.size()) {
    const std::size_t size =
        std::min(k_piece_sizes[m_piece++ % k_piece_sizes.size()], m_pending.size() - m_pending_at);
    const std::string_view piece(m_pending.data() + m_pending_at, size);
    m_pending_at += size;
    step.delay = k_split_gap;
    if (m_setup.stream) {
      append_chunk(step.bytes, piece);
    } else {
      step.bytes += piece;
    }
    if (m_pending_at == m_pending.size() && m_setup.stream && m_phase == Phase::end) {
      step.bytes += k_last_chunk; // the body's end follows the last piece
    }
    return;
  }
  m_payload.clear();
  switch (m_phase) {
  case Phase::start:
    start(step);
    return;
  case Phase::admit:
    step.kind = Step::Kind::admit;
    m_phase = m_setup.stream ? Phase::role : Phase::content;
    return;
  case Phase::role: {
    std::string json;
    m_writer.role_chunk(json);
    event(m_payload, json);
    emit(step, m_payload);
    m_phase = Phase::content;
    return;
  }
  case Phase::content:
    if (m_setup.stream) {
      content(step);
    } else {
      body(step);
    }
    return;
  case Phase::body_rest:
    step.delay = m_setup.faults.stall;
    emit(step, m_body_rest);
    m_phase = Phase::end;
    return;
  case Phase::final:
    final_events(step);
    return;
  case Phase::reset:
    step.kind = Step::Kind::reset;
    m_phase = Phase::end;
    return;
  case Phase::end:
    step.kind = Step::Kind::end;
    return;
  }
}

void Generation::start(Step &step) {
  step.delay = m_setup.header_delay;
  if (has(FaultKind::stall_headers)) {
    step.delay += m_setup.faults.stall;
  }
  if (const auto fault = m_setup.faults.faults.status_fault()) {
    error_response(step, *fault);
    return;
  }
  m_phase = Phase::admit;
  if (!m_setup.stream) {
    return; // a pure wait: a non-streamed answer sends its head with the body
  }
  Head head;
  head.content_type =
      has(FaultKind::wrong_content_type) ? "text/plain; charset=utf-8" : "text/event-stream";
  head.keep_alive = m_setup.keep_alive;
  head.request_id = m_id;
  head.event_stream = true;
  append_head(step.bytes, head);
  if (m_setup.body.provider == openai::Provider::interactive) {
    comment(m_payload, "OPENROUTER PROCESSING");
  }
  if (has(FaultKind::keepalive_comments)) {
    comment(m_payload, "ping");
  }
  if (!m_payload.empty()) {
    emit(step, m_payload);
  }
}

void Generation::error_response(Step &step, FaultKind fault) {
  const ErrorReply reply =
      error_reply(m_setup.body.provider, error_kind(fault), m_setup.retry_after_s);
  Head head;
  head.status = reply.status;
  head.content_type = reply.content_type;
  head.content_length = reply.body.size();
  head.keep_alive = m_setup.keep_alive;
  if (fault == FaultKind::rate_limit) {
    head.retry_after_s = m_setup.retry_after_s;
  }
  append_head(step.bytes, head);
  step.bytes += reply.body;
  m_phase = Phase::end;
}

void Generation::content(Step &step) {
  const LatencyPlan &plan = m_setup.plan;
  const std::uint32_t c = m_chunk++;
  step.delay = plan.chunk_delay(c);
  step.tokens = plan.chunk_tokens(c);
  const bool mid = c == m_mid_chunk;
  if (mid && has(FaultKind::stall_stream)) {
    step.delay += m_setup.faults.stall;
  }
  if (mid && has(FaultKind::reset)) {
    step.kind = Step::Kind::reset;
    m_phase = Phase::end;
    return;
  }
  if (has(FaultKind::keepalive_comments)) {
    comment(m_payload, "ping");
  }
  if (mid && has(FaultKind::error_event)) {
    std::string json;
    m_writer.error_event(json);
    event(m_payload, json);
    emit(step, m_payload);
    if (m_pending_at >= m_pending.size()) {
      step.bytes += k_last_chunk;
    }
    m_phase = Phase::end;
    return;
  }
  std::string json;
  m_writer.content_chunk(json, c * plan.tokens_per_chunk(), step.tokens,
                         mid ? corruption() : Corruption::none);
  // A chunk cut into pieces is not stamped: its member may leave before the stamp is known.
  const bool stamp = m_setup.stamp_emissions && !has(FaultKind::split_events);
  if (stamp) {
    insert_stamp_member(json);
  }
  event(m_payload, json);
  emit(step, m_payload);
  if (stamp) {
    // The first occurrence is the chunk's own: only a comment can precede the JSON.
    if (const std::size_t at = step.bytes.find(k_stamp_member); at != std::string::npos) {
      step.stamp_at = at + k_stamp_member.size();
    }
  }
  if (m_chunk == plan.chunks()) {
    m_phase = Phase::final;
  }
}

void Generation::final_events(Step &step) {
  std::string json;
  m_writer.finish_chunk(json, finish_reason());
  event(m_payload, json);
  if (m_setup.body.include_usage) {
    json.clear();
    m_writer.usage_chunk(json, usage());
    event(m_payload, json);
  }
  if (!has(FaultKind::no_done)) {
    event(m_payload, "[DONE]");
  }
  emit(step, m_payload);
  if (m_pending_at >= m_pending.size()) {
    step.bytes += k_last_chunk;
  }
  m_phase = Phase::end;
}

void Generation::body(Step &step) {
  step.delay = m_setup.plan.total();
  step.tokens = m_setup.plan.output_tokens();
  std::string body;
  if (has(FaultKind::error_event)) {
    body = R"({"error":)" + stream_error_object(m_setup.body.provider) + "}";
  } else {
    m_writer.completion(body, usage(), finish_reason(), corruption());
  }
  Head head;
  head.content_type =
      has(FaultKind::wrong_content_type) ? "text/html; charset=utf-8" : "application/json";
  head.content_length = body.size();
  head.keep_alive = m_setup.keep_alive;
  head.request_id = m_id;
  append_head(step.bytes, head);
  m_phase = Phase::end;
  if (has(FaultKind::stall_stream) || has(FaultKind::reset)) {
    m_body_rest = body.substr(body.size() / 2);
    body.resize(body.size() / 2);
    m_phase = has(FaultKind::reset) ? Phase::reset : Phase::body_rest;
  }
  emit(step, body);
}

} // namespace chatbench::mock
