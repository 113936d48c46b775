#include "openai/request_body.hpp"

#include <charconv>
#include <cmath>

namespace chatbench::openai {
namespace {

using nlohmann::json;

std::string dump(const json &value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<void> check(Provider provider, const RequestBodyOptions &options) {
  auto fail = [](std::string message) {
    return make_error(ErrorCode::invalid_argument, std::move(message));
  };
  if (options.model.empty() && provider != Provider::interactive) {
    return fail(std::string(info(provider).name) + " requires a model");
  }
  if (!options.extra.is_object()) {
    return fail("extra request fields must be an object");
  }
  const json &stop = options.stop;
  bool stop_ok = stop.is_null() || stop.is_string() || stop.is_array();
  for (std::size_t i = 0; stop_ok && stop.is_array() && i < stop.size(); ++i) {
    stop_ok = stop[i].is_string();
  }
  if (!stop_ok) {
    return fail("stop must be a string or an array of strings");
  }
  if (options.max_tokens && *options.max_tokens < 1) {
    return fail("max_tokens must be at least 1");
  }
  if ((options.temperature && !std::isfinite(*options.temperature)) ||
      (options.top_p && !std::isfinite(*options.top_p))) {
    return fail("temperature and top_p must be finite numbers");
  }
  return {};
}

// The constant fields other than model, messages and the token limit, after the provider rules.
json constant_fields(Provider provider, const RequestBodyOptions &options, bool stream,
                     bool include_usage, std::vector<std::string> &notes) {
  const bool infera = provider == Provider::infera;
  json fields = json::object();
  if (stream) {
    fields["stream"] = true;
    if (include_usage) {
      fields["stream_options"] = json{{"include_usage", true}};
    }
  }
  if (options.temperature) {
    fields["temperature"] = *options.temperature;
  } else if (infera) {
    fields["temperature"] = k_infera_default_temperature;
    notes.emplace_back("infera requires temperature: sending 1.0");
  }
  if (options.top_p && infera) {
    notes.emplace_back("infera documents no top_p: not sent");
  } else if (options.top_p) {
    fields["top_p"] = *options.top_p;
  }
  if (!options.stop.is_null() && infera) {
    notes.emplace_back("infera documents no stop: not sent");
  } else if (options.stop.is_string() && provider == Provider::p8080) {
    fields["stop"] = json::array({options.stop});
    notes.emplace_back("8080 takes stop as an array: sending [stop]");
  } else if (!options.stop.is_null()) {
    fields["stop"] = options.stop;
  }
  return fields;
}

void append_int(std::string &out, std::int64_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

} // namespace

Result<RequestBodyBuilder> RequestBodyBuilder::create(Provider provider,
                                                      const RequestBodyOptions &options) {
  if (Result<void> ok = check(provider, options); !ok) {
    return Unexpected(std::move(ok).error());
  }
  const ProviderInfo &about = info(provider);
  RequestBodyBuilder b;
  b.m_provider = provider;
  b.m_stream = options.stream && about.documents_streaming;
  if (options.stream && !b.m_stream) {
    b.m_notes.push_back(std::string(about.name) + " documents no streaming: stream not sent");
  }
  b.m_include_usage = b.m_stream && options.include_usage.value_or(about.documents_include_usage);
  if (options.include_usage.value_or(false) && !b.m_stream) {
    b.m_notes.emplace_back("include_usage applies to streamed requests only: not sent");
  }
  b.m_token_field = provider == Provider::p8080 ? "max_completion_tokens" : "max_tokens";
  b.m_max_tokens = options.max_tokens;
  if (!b.m_max_tokens && provider == Provider::infera) {
    b.m_max_tokens = k_infera_default_max_tokens;
    b.m_notes.emplace_back("infera requires max_tokens: sending 256 unless the workload sets it");
  }

  json fields = constant_fields(provider, options, b.m_stream, b.m_include_usage, b.m_notes);
  if (!options.model.empty()) {
    fields["model"] = options.model;
  }
  for (const auto &[key, value] : options.extra.items()) {
    fields[key] = value;
  }
  b.m_messages = !fields.contains("messages");
  b.m_token_limit = !fields.contains(b.m_token_field);
  if (const auto model = fields.find("model"); model != fields.end()) {
    b.m_model = "\"model\":" + dump(*model);
    fields.erase(model);
  }
  for (const auto &[key, value] : fields.items()) {
    b.m_tail += b.m_tail.empty() ? "" : ",";
    b.m_tail += dump(json(key)) + ":" + dump(value);
  }
  return b;
}

PromptDraw RequestBodyBuilder::build(const PromptGenerator &prompts, std::uint64_t index,
                                     std::string &out) const {
  out.assign(1, '{');
  out += m_model;
  bool first = m_model.empty();
  auto separate = [&] {
    if (!first) {
      out += ',';
    }
    first = false;
  };
  const std::size_t mark = out.size();
  if (m_messages) {
    separate();
    out += "\"messages\":";
  }
  const PromptDraw draw = prompts.append_messages(index, out);
  if (!m_messages) {
    out.resize(mark); // extra supplies the messages; the workload still decides max_tokens
  }
  const std::optional<std::int64_t> limit = draw.max_tokens ? draw.max_tokens : m_max_tokens;
  if (m_token_limit && limit) {
    separate();
    out += '"';
    out += m_token_field;
    out += "\":";
    append_int(out, *limit);
  }
  if (!m_tail.empty()) {
    separate();
    out += m_tail;
  }
  out += '}';
  return draw;
}

std::string RequestBodyBuilder::build(const PromptGenerator &prompts, std::uint64_t index) const {
  std::string out;
  (void)build(prompts, index, out);
  return out;
}

} // namespace chatbench::openai
