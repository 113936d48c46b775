#pragma once
// Request validation per provider, after each seed's request schema: which fields are required,
// their JSON types, the message roles and content forms, and the few documented ranges. The
// answer to an invalid request is the provider's own status and error family (errors.hpp).
// Infera and Fortytwo are FastAPI/pydantic services, so their schema checks are pydantic's lax
// mode (numeric strings pass as numbers) and report every problem; the others report the first.
// Pure; thread-safe.
#include "mock/errors.hpp"
#include "openai/provider.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace chatbench::mock {

/// What the mock needs from a valid request.
struct ChatRequest {
  std::string model;                       ///< "" when absent (Interactive AI allows that)
  bool stream = false;                     ///< Infera ignores the field (FastAPI drops extras)
  bool include_usage = false;              ///< stream_options.include_usage
  std::optional<std::uint32_t> max_tokens; ///< max_completion_tokens, else max_tokens
  std::uint32_t prompt_tokens = 0;         ///< the estimate of content.hpp
};

/// Parses and validates a chat-completions request body for `provider`.
std::variant<ChatRequest, ErrorReply> parse_chat_request(openai::Provider provider,
                                                         std::string_view body);

} // namespace chatbench::mock
