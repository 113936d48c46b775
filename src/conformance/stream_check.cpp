#include "conformance/stream_check.hpp"

#include "conformance/profile.hpp"
#include "conformance/values.hpp"

#include <algorithm>

namespace chatbench::conformance {
namespace {

// Choices and tool calls beyond these indexes are not tracked (n is at most 128 at OpenAI).
constexpr std::uint32_t k_max_choices = 128;
constexpr std::size_t k_max_tool_calls = 128;

constexpr const char *k_identity_keys[] = {"id", "created", "model"};

bool non_empty_string(const nlohmann::json &object, const char *key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() && !it->get_ref<const std::string &>().empty();
}

// The delta carries something a finished choice must not send any more.
bool delta_carries_output(const nlohmann::json &delta) {
  if (!delta.is_object()) {
    return false;
  }
  const auto calls = delta.find("tool_calls");
  return non_empty_string(delta, "content") || non_empty_string(delta, "reasoning") ||
         non_empty_string(delta, "reasoning_content") || non_empty_string(delta, "refusal") ||
         (calls != delta.end() && calls->is_array() && !calls->empty());
}

std::uint32_t index_or(const nlohmann::json &object, std::size_t fallback) {
  const auto it = object.find("index");
  if (it != object.end() && it->is_number() && it->get<double>() >= 0) {
    return static_cast<std::uint32_t>(std::min(it->get<double>(), 4.0e9));
  }
  return static_cast<std::uint32_t>(fallback);
}

} // namespace

void StreamChecker::reset(const Expectation &expect) {
  m_expect = expect;
  m_chunks = 0;
  m_done = m_error = m_usage_chunk = false;
  m_identity = nlohmann::json();
  m_choices.clear();
  m_tool_calls.clear();
}

void StreamChecker::on_event(std::string_view type, std::string_view data,
                             ResponseFindings &findings) {
  if (m_done) {
    findings.add(Check::stream_termination, "", "an event came after data: [DONE]",
                 example_text(data));
  }
  if (!type.empty() && type != "message") {
    findings.add(Check::sse_framing, "", "an event has an `event:` type", example_text(type));
  }
  const nlohmann::json chunk = nlohmann::json::parse(data, nullptr, false);
  if (chunk.is_discarded() || !chunk.is_object()) {
    findings.add(Check::sse_framing, "",
                 chunk.is_discarded() ? "an event's data is not JSON"
                                      : "an event's data is JSON but not an object",
                 example_text(data));
    return;
  }
  if (const auto error = chunk.find("error"); error != chunk.end() && !error->is_null()) {
    m_error = true;
    const auto message = error->is_object() ? error->find("message") : error->end();
    findings.add(Check::stream_error_event, "/error", "an error event inside a 2xx stream",
                 message != error->end() ? example_of(*message) : example_of(*error));
    return;
  }
  ++m_chunks;
  const Profile &profile = findings.profile();
  if (const StatusSchemas *schemas = profile.responses(200); schemas && schemas->event_stream) {
    add_schema_findings(*schemas->event_stream, chunk, Check::chunk_schema, findings);
  }
  check_identity(chunk, findings);
  if (const auto choices = chunk.find("choices"); choices != chunk.end() && choices->is_array()) {
    if (choices->empty()) {
      m_usage_chunk = true;
      if (!m_expect.include_usage) {
        findings.add(Check::usage, "/choices",
                     "a usage chunk (choices: []) although stream_options.include_usage was "
                     "not requested");
      }
    }
    for (std::size_t i = 0; i < choices->size(); ++i) {
      if ((*choices)[i].is_object()) {
        check_choice((*choices)[i], i, findings);
      }
    }
  }
  if (const auto usage = chunk.find("usage"); usage != chunk.end() && usage->is_object()) {
    check_usage_sum(*usage, findings);
  }
  check_integral(chunk, findings);
}

void StreamChecker::check_identity(const nlohmann::json &chunk, ResponseFindings &findings) {
  if (m_identity.is_null()) {
    m_identity = nlohmann::json::object();
    for (const char *key : k_identity_keys) {
      if (const auto it = chunk.find(key); it != chunk.end()) {
        m_identity[key] = *it;
      }
    }
    return;
  }
  for (const char *key : k_identity_keys) {
    const auto first = m_identity.find(key);
    const auto now = chunk.find(key);
    if (first == m_identity.end() || now == chunk.end() || *first == *now) {
      continue; // a missing field is the schema's finding
    }
    const std::string pointer = std::string("/") + key;
    if (findings.wants(Check::stream_consistency, pointer)) {
      findings.add(Check::stream_consistency, pointer,
                   std::string(key) + " differs from the first chunk's " + first->dump(),
                   example_of(*now));
    }
  }
}

StreamChecker::ChoiceState *StreamChecker::choice_state(std::uint32_t index) {
  if (index >= k_max_choices) {
    return nullptr;
  }
  if (index >= m_choices.size()) {
    m_choices.resize(index + 1);
  }
  return &m_choices[index];
}

void StreamChecker::check_choice(const nlohmann::json &choice, std::size_t position,
                                 ResponseFindings &findings) {
  const std::uint32_t index = index_or(choice, position);
  ChoiceState *state = choice_state(index);
  if (state == nullptr) {
    return;
  }
  state->seen = true;
  // Named by the choice's index (a stream of n choices sends each at position 0).
  const std::string pointer = "/choices/" + std::to_string(index) + "/finish_reason";
  const auto delta = choice.find("delta");
  const auto reason = choice.find("finish_reason");
  const bool finishes = reason != choice.end() && !reason->is_null();
  if (state->finished && (finishes || (delta != choice.end() && delta_carries_output(*delta)))) {
    findings.add(Check::finish_reason, pointer,
                 finishes ? "choice " + std::to_string(index) + " got a second finish_reason"
                          : "choice " + std::to_string(index) + " went on after its finish_reason",
                 finishes ? example_of(*reason) : "");
  }
  if (finishes) {
    check_finish_value(*reason, pointer, false, findings);
    state->finished = true;
  }
  if (delta != choice.end() && delta->is_object()) {
    collect_tool_calls(*delta, index);
  }
}

void StreamChecker::collect_tool_calls(const nlohmann::json &delta, std::uint32_t choice) {
  const auto calls = delta.find("tool_calls");
  if (calls == delta.end() || !calls->is_array()) {
    return;
  }
  for (std::size_t j = 0; j < calls->size(); ++j) {
    const nlohmann::json &call = (*calls)[j];
    if (!call.is_object()) {
      continue;
    }
    const std::uint32_t index = index_or(call, j);
    auto it = std::find_if(m_tool_calls.begin(), m_tool_calls.end(), [&](const ToolCall &t) {
      return t.choice == choice && t.index == index;
    });
    if (it == m_tool_calls.end()) {
      if (m_tool_calls.size() >= k_max_tool_calls) {
        continue;
      }
      m_tool_calls.push_back(ToolCall{choice, index, {}, {}, {}});
      it = m_tool_calls.end() - 1;
    }
    if (non_empty_string(call, "id")) {
      it->id = call["id"].get<std::string>();
    }
    const auto function = call.find("function");
    if (function == call.end() || !function->is_object()) {
      continue;
    }
    if (non_empty_string(*function, "name")) {
      it->name = (*function)["name"].get<std::string>();
    }
    if (const auto args = function->find("arguments");
        args != function->end() && args->is_string()) {
      it->arguments += args->get_ref<const std::string &>();
    }
  }
}

void StreamChecker::on_done(ResponseFindings &findings) {
  if (m_done) {
    findings.add(Check::stream_termination, "", "a second data: [DONE]");
  }
  m_done = true;
}

void StreamChecker::check_assembled_tool_calls(ResponseFindings &findings) const {
  for (const ToolCall &call : m_tool_calls) {
    const std::string where =
        "choice " + std::to_string(call.choice) + ", tool call " + std::to_string(call.index);
    const std::string base = "/choices/" + std::to_string(call.choice) + "/delta/tool_calls/" +
                             std::to_string(call.index);
    if (call.id.empty()) {
      findings.add(Check::tool_call, base + "/id", where + " never got an id");
    }
    if (call.name.empty()) {
      findings.add(Check::tool_call, base + "/function/name", where + " never got a function name");
    }
    if (!arguments_are_json(call.arguments)) {
      findings.add(Check::tool_call, base + "/function/arguments",
                   where + ": the argument fragments do not assemble into JSON",
                   example_text(call.arguments));
    }
  }
}

void StreamChecker::on_end(bool server_ended, bool sse_clean, ResponseFindings &findings) {
  if (!sse_clean && server_ended) {
    findings.add(Check::sse_framing, "",
                 "the stream ended inside an event (no blank line after its last line)");
  }
  if (!server_ended || m_error) {
    return; // what is missing says nothing when the client cut the stream or an error ended it
  }
  if (m_chunks == 0) {
    findings.add(Check::sse_framing, "", "the stream carried no chunk");
  }
  if (!m_done) {
    findings.add(Check::stream_termination, "", "the stream ended without data: [DONE]");
  }
  for (std::size_t i = 0; i < m_choices.size(); ++i) {
    if (m_choices[i].seen && !m_choices[i].finished) {
      findings.add(Check::finish_reason, "/choices/" + std::to_string(i) + "/finish_reason",
                   "choice " + std::to_string(i) + " never got a finish_reason");
    }
  }
  if (m_expect.include_usage && !m_usage_chunk && m_chunks > 0) {
    findings.add(Check::usage, "/usage",
                 "no usage chunk although stream_options.include_usage was requested");
  }
  check_assembled_tool_calls(findings);
}

} // namespace chatbench::conformance
