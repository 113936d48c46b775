#include "mock/request_spec.hpp"

#include <array>

namespace chatbench::mock {
namespace {

using openai::Provider;
constexpr double k_inf = std::numeric_limits<double>::infinity();

constexpr std::array<std::string_view, 6> k_openai_roles{"system", "user",      "assistant",
                                                         "tool",   "developer", "function"};
constexpr std::array<std::string_view, 3> k_basic_roles{"user", "system", "assistant"};
constexpr std::array<std::string_view, 5> k_five_roles{"system", "user", "assistant", "developer",
                                                       "tool"};
constexpr std::array<std::string_view, 3> k_effort_8080{"minimal", "medium", "high"};

constexpr std::array<FieldSpec, 10> k_openai_fields{{
    {"model", k_string, true},
    {"messages", k_array, true},
    {"max_tokens", k_integer | k_null, false, 1},
    {"max_completion_tokens", k_integer | k_null, false, 1},
    {"temperature", k_number | k_null, false, 0, 2},
    {"top_p", k_number | k_null, false, 0, 1},
    {"n", k_integer | k_null, false, 1, 128},
    {"stream", k_boolean | k_null},
    {"stream_options", k_object | k_null},
    {"stop", k_string | k_array | k_null},
}};
constexpr std::array<FieldSpec, 5> k_infera_fields{{
    {"model", k_string, true},
    {"messages", k_array, true},
    {"max_tokens", k_integer, true},
    {"temperature", k_number, true},
    {"request_timeout_time", k_integer | k_null},
}};
constexpr std::array<FieldSpec, 6> k_fortytwo_fields{{
    {"max_completion_tokens", k_integer | k_null},
    {"max_tokens", k_integer | k_null},
    {"messages", k_array, true},
    {"model", k_string, true},
    {"stream", k_boolean},
    {"response_format", k_object | k_null},
}};
constexpr std::array<FieldSpec, 11> k_interactive_fields{{
    {"model", k_string},
    {"messages", k_array, true},
    {"max_tokens", k_number | k_null},
    {"max_completion_tokens", k_number | k_null},
    {"temperature", k_number | k_null},
    {"top_p", k_number | k_null},
    {"seed", k_integer | k_null},
    {"stream", k_boolean},
    {"stream_options", k_object | k_null},
    {"stop", k_string | k_array | k_null},
    {"models", k_array},
}};
// 8080: the union of the API reference and the guide (stop as a string or an array, max_tokens).
constexpr std::array<FieldSpec, 13> k_8080_fields{{
    {"model", k_string, true},
    {"messages", k_array, true},
    {"reasoning_effort", k_string, false, -k_inf, k_inf, k_effort_8080},
    {"stream", k_boolean},
    {"stream_options", k_object},
    {"max_completion_tokens", k_integer},
    {"max_tokens", k_integer},
    {"n", k_integer},
    {"temperature", k_number},
    {"top_p", k_number},
    {"presence_penalty", k_number},
    {"frequency_penalty", k_number},
    {"stop", k_string | k_array},
}};
constexpr std::array<FieldSpec, 7> k_solidrust_fields{{
    {"model", k_string, true},
    {"messages", k_array, true},
    {"temperature", k_number, false, 0, 2},
    {"top_p", k_number, false, 0, 1},
    {"max_tokens", k_integer, false, 1},
    {"stream", k_boolean},
    {"stop", k_string | k_array},
}};

} // namespace

RequestSpec request_spec(Provider provider) {
  switch (provider) {
  case Provider::infera:
    return {k_infera_fields, {}, true, k_string, true, true, false};
  case Provider::fortytwo:
    return {k_fortytwo_fields, k_basic_roles, false, k_string, false, true, false};
  case Provider::interactive:
    return {k_interactive_fields, k_five_roles, true, k_string | k_array, true, false, true};
  case Provider::p8080:
    return {k_8080_fields, k_five_roles, true, k_string, false, false, false};
  case Provider::solidrust:
    return {k_solidrust_fields, k_basic_roles, true, k_string, true, false, false};
  case Provider::openai:
    break;
  }
  return {k_openai_fields, k_openai_roles, true, k_string | k_array | k_null, false, false, false};
}

} // namespace chatbench::mock
