#include "mock/bodies.hpp"

#include "mock/content.hpp"
#include "mock/errors.hpp"
#include "mock/latency_model.hpp"

#include <charconv>
#include <cstdio>

namespace chatbench::mock {
namespace {

using openai::Provider;

void append_int(std::string &out, std::uint64_t value) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

// Interactive AI types counts as doubles: write them so ("12.0").
void append_count(std::string &out, Provider provider, std::uint64_t value) {
  append_int(out, value);
  if (provider == Provider::interactive) {
    out += ".0";
  }
}

void append_created(std::string &out, Provider provider, std::int64_t created_ms) {
  const auto ms = static_cast<std::uint64_t>(created_ms < 0 ? 0 : created_ms);
  append_int(out, ms / 1000);
  if (provider == Provider::interactive) {
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03u", static_cast<unsigned>(ms % 1000));
    out += fraction;
  }
}

void append_seconds(std::string &out, double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", seconds);
  out += buffer;
}

// `"index":0` or its wrong_type defect `"index":"0"`.
void append_index(std::string &out, Provider provider, Corruption corruption) {
  if (corruption == Corruption::wrong_type) {
    out += R"("index":"0")";
  } else {
    out += R"("index":)";
    out += provider == Provider::interactive ? "0.0" : "0";
  }
}

} // namespace

std::string completion_id(const BodyContext &context) {
  const std::uint64_t a = mix(context.seed, 0x1d, context.request_index);
  char hex[32];
  std::snprintf(hex, sizeof hex, "%016llx%08llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(mix(a, 0, 0) >> 32));
  return (context.provider == Provider::interactive ? "gen-" : "chatcmpl-") + std::string(hex);
}

BodyWriter::BodyWriter(const BodyContext &context) : m_context(context) {
  const Provider p = context.provider;
  m_chunk_head = R"({"id":")" + completion_id(context) + R"(","object":"chat.completion.chunk",)";
  m_chunk_head += R"("created":)";
  append_int(m_chunk_head, static_cast<std::uint64_t>(context.created_ms / 1000));
  m_chunk_head += R"(,"model":)";
  append_json_string(m_chunk_head, context.model);
  if (p == Provider::openai) {
    m_chunk_head += R"(,"service_tier":"default","system_fingerprint":"fp_mock")";
  }
  m_chunk_head += ',';
  if (p == Provider::openai && context.include_usage) {
    m_chunk_tail = R"(,"usage":null)";
  }
  m_chunk_tail += '}';
}

void BodyWriter::append_usage(std::string &out, const Usage &usage) const {
  const Provider p = m_context.provider;
  out += R"("usage":{"prompt_tokens":)";
  append_count(out, p, usage.prompt_tokens);
  out += R"(,"completion_tokens":)";
  append_count(out, p, usage.completion_tokens);
  out += R"(,"total_tokens":)";
  append_count(out, p, std::uint64_t{usage.prompt_tokens} + usage.completion_tokens);
  if (p == Provider::p8080) {
    out += R"(,"total_time":)";
    append_seconds(out, usage.total_time_s);
  } else if (p == Provider::openai) {
    out += R"(,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},)"
           R"("completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,)"
           R"("accepted_prediction_tokens":0,"rejected_prediction_tokens":0})";
  } else if (p == Provider::solidrust) {
    out += R"(,"prompt_tokens_details":null)";
  }
  out += '}';
}

void BodyWriter::append_choice_tail(std::string &out, std::string_view finish_reason) const {
  const Provider p = m_context.provider;
  if (p != Provider::fortytwo && p != Provider::infera && p != Provider::p8080) {
    out += R"(,"logprobs":null)";
  }
  out += R"(,"finish_reason":)";
  if (finish_reason.empty()) {
    out += "null";
  } else {
    append_json_string(out, finish_reason);
  }
  if (p == Provider::solidrust && !finish_reason.empty()) {
    out += R"(,"stop_reason":null)";
  }
  out += '}';
}

void BodyWriter::completion(std::string &out, const Usage &usage, std::string_view finish_reason,
                            Corruption corruption) const {
  const Provider p = m_context.provider;
  const std::size_t start = out.size();
  out += '{';
  if (p != Provider::fortytwo) {
    out += R"("id":")" + completion_id(m_context) + R"(","object":"chat.completion","created":)";
    append_created(out, p, m_context.created_ms);
    out += ',';
  }
  out += R"("model":)";
  append_json_string(out, m_context.model);
  if (p == Provider::interactive) {
    out += R"(,"system_fingerprint":null)";
  }
  if (corruption != Corruption::missing_field) {
    out += R"(,"choices":[{)";
    append_index(out, p, corruption);
    out += R"(,"message":{"role":"assistant",)";
    if (p == Provider::solidrust) {
      out += R"("reasoning_content":null,)";
    }
    out += R"("content":")";
    append_tokens(out, m_context.seed, m_context.request_index, 0, usage.completion_tokens);
    out += '"';
    if (p == Provider::openai) {
      out += R"(,"refusal":null,"annotations":[])";
    } else if (p == Provider::interactive) {
      out += R"(,"refusal":null,"reasoning":null)";
    } else if (p == Provider::solidrust) {
      out += R"(,"tool_calls":[])";
    }
    out += '}';
    append_choice_tail(out, finish_reason);
    out += ']';
  }
  out += ',';
  append_usage(out, usage);
  if (p == Provider::openai) {
    out += R"(,"service_tier":"default","system_fingerprint":"fp_mock")";
  } else if (p == Provider::solidrust) {
    out += R"(,"service_tier":null,"system_fingerprint":null,"prompt_logprobs":null,)"
           R"("kv_transfer_params":null)";
  }
  out += '}';
  if (corruption == Corruption::malformed_json) {
    out.resize(start + (out.size() - start) * 2 / 3);
  }
}

void BodyWriter::role_chunk(std::string &out) const {
  out += m_chunk_head;
  out += R"("choices":[{"index":0,"delta":{"role":"assistant","content":""})";
  if (m_context.provider == Provider::openai) {
    out.insert(out.size() - 1, R"(,"refusal":null)");
  }
  append_choice_tail(out, {});
  out += ']';
  out += m_chunk_tail;
}

void BodyWriter::content_chunk(std::string &out, std::uint32_t first, std::uint32_t count,
                               Corruption corruption) const {
  const std::size_t start = out.size();
  out += m_chunk_head;
  if (corruption != Corruption::missing_field) {
    out += R"("choices":[{)";
    append_index(out, Provider::openai, corruption);
    out += R"(,"delta":{"content":")";
    append_tokens(out, m_context.seed, m_context.request_index, first, count);
    out += R"("})";
    append_choice_tail(out, {});
    out += ']';
  } else {
    out.pop_back(); // the ',' after the head
  }
  out += m_chunk_tail;
  if (corruption == Corruption::malformed_json) {
    out.resize(start + (out.size() - start) * 2 / 3);
  }
}

void BodyWriter::finish_chunk(std::string &out, std::string_view finish_reason) const {
  out += m_chunk_head;
  out += m_context.provider == Provider::solidrust
             ? R"("choices":[{"index":0,"delta":{"content":""})"
             : R"("choices":[{"index":0,"delta":{})";
  append_choice_tail(out, finish_reason);
  out += ']';
  out += m_chunk_tail;
}

void BodyWriter::usage_chunk(std::string &out, const Usage &usage) const {
  out += m_chunk_head;
  out += R"("choices":[],)";
  append_usage(out, usage);
  out += '}';
}

void BodyWriter::error_event(std::string &out) const {
  if (m_context.provider == Provider::interactive) {
    out += m_chunk_head;
    out += R"("error":)";
    out += stream_error_object(m_context.provider);
    out += R"(,"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})";
    return;
  }
  out += R"({"error":)";
  out += stream_error_object(m_context.provider);
  out += '}';
}

} // namespace chatbench::mock
