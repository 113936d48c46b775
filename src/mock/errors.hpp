#pragma once
// Error answers in each provider's own family (see docs of the seeds):
//   openai      400/401/429/5xx  {"error":{"message","type","param","code"}}
//   infera      FastAPI          {"detail":[{type,loc,msg,input}]} (422), {"detail":"..."} else;
//                                an unhandled 500 is Starlette's text/plain "Internal Server Error"
//   fortytwo    422 FastAPI for schema errors; {"error":{"message","type"}} otherwise
//   interactive 400/401/429/5xx  {"error":{"code","message","param","type"}}, all four strings
//   8080        400/401/429/5xx  {"error":{"message","type","code"}}
//   solidrust   vLLM             {"error":{"message","type","param":null,"code":<int status>}}
// Pure functions; thread-safe.
#include "openai/provider.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chatbench::mock {

struct ErrorReply {
  unsigned status = 500;
  std::string body;
  std::string_view content_type = "application/json";
};

enum class ErrorKind {
  auth_missing,       ///< 401: no key sent
  auth_invalid,       ///< 401: a wrong key
  rate_limited,       ///< 429 (injected, or the admission queue is full)
  server_error,       ///< 500
  unavailable,        ///< 503
  not_found,          ///< 404: no such route
  method_not_allowed, ///< 405
  body_too_large,     ///< 413
};

/// `detail` is the method and target for not_found / method_not_allowed ("GET /v1/x").
ErrorReply error_reply(openai::Provider provider, ErrorKind kind, std::uint32_t retry_after_s = 1,
                       std::string_view detail = {});

/// One problem found in a request body. `loc` is the path to the offending value, as FastAPI
/// reports it but without the leading "body": {"messages", 0, "role"}.
struct Problem {
  enum class Kind {
    invalid_json, ///< the body is not JSON
    not_object,   ///< the body (or a message) is not an object
    missing,      ///< a required field is absent
    wrong_type,   ///< a field has the wrong JSON type
    bad_value,    ///< a string outside its enumeration
    out_of_range, ///< a number outside its bounds
    empty,        ///< an array that must not be empty
  };
  Kind kind = Kind::wrong_type;
  std::vector<std::variant<std::string, std::size_t>> loc;
  std::string expected;     ///< "an integer", "'user', 'system' or 'assistant'", "<= 2", ...
  std::string input_json;   ///< the value found, as JSON ("null" when missing)
  std::string fastapi_type; ///< pydantic's error type: "missing", "int_parsing", ...
  std::string fastapi_msg;  ///< pydantic's message: "Field required", ...
};

/// The answer to a request with these problems (at least one), in the provider's family: FastAPI
/// lists them all, the others report the first.
ErrorReply validation_reply(openai::Provider provider, std::span<const Problem> problems);

/// The `error` object of an error event sent in a stream after HTTP 200 (`data: {"error":...}`),
/// or of a 200 body that carries an error.
std::string stream_error_object(openai::Provider provider);

/// "messages[0].role" for {"messages", 0, "role"}.
std::string param_path(const Problem &problem);

} // namespace chatbench::mock
