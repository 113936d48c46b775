#pragma once
// Each provider's request schema as the mock checks it (internal to validation.cpp): the
// top-level fields with their JSON types, requiredness, ranges and enumerations, and the message
// rules. Written from the seeds; see validation.hpp for the families of errors. Immutable data.
#include "openai/provider.hpp"

#include <limits>
#include <span>
#include <string_view>

namespace chatbench::mock {

enum TypeBits : unsigned {
  k_string = 1,
  k_integer = 2,
  k_number = 4,
  k_boolean = 8,
  k_array = 16,
  k_object = 32,
  k_null = 64,
};

struct FieldSpec {
  std::string_view name;
  unsigned types = 0;
  bool required = false;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::span<const std::string_view> values{}; ///< allowed strings, when not empty
};

struct RequestSpec {
  std::span<const FieldSpec> fields;
  std::span<const std::string_view> roles; ///< empty: any string
  bool role_required = true;
  unsigned content_types = k_string;
  bool content_required = true;
  bool pydantic = false;         ///< lax coercion, every problem reported, FastAPI loc/type/msg
  bool openrouter_roles = false; ///< assistant content optional, tool needs tool_call_id
};

RequestSpec request_spec(openai::Provider provider);

} // namespace chatbench::mock
