#include "mock/errors.hpp"

#include <nlohmann/json.hpp>

namespace chatbench::mock {
namespace {

using Json = nlohmann::json;
using openai::Provider;

struct Texts {
  std::string_view message;
  std::string_view type;
  std::string_view code;
};

ErrorReply json_reply(unsigned status, const Json &body) {
  return ErrorReply{status, body.dump(), "application/json"};
}

unsigned status_of(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::auth_missing:
  case ErrorKind::auth_invalid:
    return 401;
  case ErrorKind::rate_limited:
    return 429;
  case ErrorKind::server_error:
    return 500;
  case ErrorKind::unavailable:
    return 503;
  case ErrorKind::not_found:
    return 404;
  case ErrorKind::method_not_allowed:
    return 405;
  case ErrorKind::body_too_large:
    return 413;
  }
  return 500;
}

// FastAPI's (Starlette's) default bodies for HTTP errors raised by routing or middleware.
ErrorReply fastapi_reply(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::auth_missing:
    return json_reply(401, {{"detail", "Not authenticated"}});
  case ErrorKind::auth_invalid:
    return json_reply(401, {{"detail", "Invalid API key"}});
  case ErrorKind::rate_limited:
    return json_reply(429, {{"detail", "Too Many Requests"}});
  case ErrorKind::server_error:
    return ErrorReply{500, "Internal Server Error", "text/plain; charset=utf-8"};
  case ErrorKind::unavailable:
    return json_reply(503, {{"detail", "Service Unavailable"}});
  case ErrorKind::not_found:
    return json_reply(404, {{"detail", "Not Found"}});
  case ErrorKind::method_not_allowed:
    return json_reply(405, {{"detail", "Method Not Allowed"}});
  case ErrorKind::body_too_large:
    return json_reply(413, {{"detail", "Request Entity Too Large"}});
  }
  return json_reply(500, {{"detail", "Internal Server Error"}});
}

Texts openai_texts(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::auth_missing:
    return {"You didn't provide an API key. You need to provide your API key in an Authorization "
            "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            "invalid_request_error", ""};
  case ErrorKind::auth_invalid:
    return {"Incorrect API key provided.", "invalid_request_error", "invalid_api_key"};
  case ErrorKind::rate_limited:
    return {"Rate limit reached for requests. Please try again later.", "requests",
            "rate_limit_exceeded"};
  case ErrorKind::server_error:
    return {"The server had an error while processing your request. Sorry about that!",
            "server_error", ""};
  case ErrorKind::unavailable:
    return {"The engine is currently overloaded, please try again later.", "server_error", ""};
  case ErrorKind::not_found:
  case ErrorKind::method_not_allowed:
    return {"Invalid URL", "invalid_request_error", ""};
  case ErrorKind::body_too_large:
    return {"Request body too large.", "invalid_request_error", ""};
  }
  return {"", "", ""};
}

Json openai_error(std::string message, std::string_view type, const Json &param,
                  std::string_view code) {
  return {{"error",
           {{"message", std::move(message)},
            {"type", type},
            {"param", param},
            {"code", code.empty() ? Json(nullptr) : Json(code)}}}};
}

ErrorReply openai_reply(ErrorKind kind, std::string_view detail) {
  const Texts t = openai_texts(kind);
  std::string message(t.message);
  if (!detail.empty() && (kind == ErrorKind::not_found || kind == ErrorKind::method_not_allowed)) {
    message += " (" + std::string(detail) + ")";
  }
  return json_reply(status_of(kind), openai_error(message, t.type, nullptr, t.code));
}

ErrorReply fortytwo_reply(ErrorKind kind, std::uint32_t retry_after_s) {
  const auto body = [](std::string message, std::string_view type) {
    return Json{{"error", {{"message", std::move(message)}, {"type", type}}}};
  };
  switch (kind) {
  case ErrorKind::auth_missing:
  case ErrorKind::auth_invalid:
    return json_reply(401, body("Invalid authentication credentials", "authentication_error"));
  case ErrorKind::rate_limited:
    return json_reply(429, body("Too many concurrent requests. Retry after " +
                                    std::to_string(retry_after_s) + "s",
                                "rate_limit_exceeded"));
  case ErrorKind::server_error:
    return json_reply(500, body("Internal server error", "internal_error"));
  case ErrorKind::unavailable:
    return json_reply(503, body("Service temporarily unavailable", "internal_error"));
  case ErrorKind::not_found:
  case ErrorKind::method_not_allowed:
  case ErrorKind::body_too_large:
    return fastapi_reply(kind); // routing errors come from FastAPI itself
  }
  return fastapi_reply(kind);
}

ErrorReply interactive_reply(ErrorKind kind) {
  static constexpr Texts k_texts[] = {
      {"No auth credentials found", "authentication_error", "unauthorized"},
      {"Invalid API key", "authentication_error", "unauthorized"},
      {"Rate limit exceeded", "rate_limit_error", "rate_limit_exceeded"},
      {"Internal Server Error", "server_error", "internal_error"},
      {"Service Unavailable", "server_error", "service_unavailable"},
      {"Not Found", "invalid_request_error", "not_found"},
      {"Method Not Allowed", "invalid_request_error", "method_not_allowed"},
      {"Request body too large", "invalid_request_error", "payload_too_large"},
  };
  const Texts &t = k_texts[static_cast<std::size_t>(kind)];
  return json_reply(
      status_of(kind),
      {{"error", {{"code", t.code}, {"message", t.message}, {"param", ""}, {"type", t.type}}}});
}

ErrorReply p8080_reply(ErrorKind kind) {
  static constexpr Texts k_texts[] = {
      {"Unauthorized", "authentication_error", "missing_api_key"},
      {"Unauthorized", "authentication_error", "invalid_api_key"},
      {"Rate limited", "rate_limit_error", "rate_limited"},
      {"Internal server error", "server_error", "internal_error"},
      {"Service unavailable", "server_error", "service_unavailable"},
      {"Not found", "invalid_request_error", "not_found"},
      {"Method not allowed", "invalid_request_error", "method_not_allowed"},
      {"Request body too large", "invalid_request_error", "payload_too_large"},
  };
  const Texts &t = k_texts[static_cast<std::size_t>(kind)];
  return json_reply(status_of(kind),
                    {{"error", {{"message", t.message}, {"type", t.type}, {"code", t.code}}}});
}

ErrorReply vllm_reply(ErrorKind kind) {
  static constexpr Texts k_texts[] = {
      {"Invalid or missing API key", "AuthenticationError", ""},
      {"Invalid or missing API key", "AuthenticationError", ""},
      {"Rate limit exceeded", "RateLimitError", ""},
      {"Internal server error", "InternalServerError", ""},
      {"Service unavailable", "ServiceUnavailableError", ""},
      {"", "", ""},
      {"", "", ""},
      {"Request body too large", "BadRequestError", ""},
  };
  if (kind == ErrorKind::not_found || kind == ErrorKind::method_not_allowed) {
    return fastapi_reply(kind); // vLLM's routing is FastAPI's
  }
  const Texts &t = k_texts[static_cast<std::size_t>(kind)];
  const unsigned status = status_of(kind);
  return json_reply(
      status, {{"error",
                {{"message", t.message}, {"type", t.type}, {"param", nullptr}, {"code", status}}}});
}

Json fastapi_loc(const Problem &p) {
  Json loc = Json::array({"body"});
  for (const auto &part : p.loc) {
    if (const auto *key = std::get_if<std::string>(&part)) {
      loc.push_back(*key);
    } else {
      loc.push_back(std::get<std::size_t>(part));
    }
  }
  return loc;
}

ErrorReply fastapi_validation(std::span<const Problem> problems) {
  Json detail = Json::array();
  for (const Problem &p : problems) {
    Json input = Json::parse(p.input_json.empty() ? "null" : p.input_json, nullptr, false);
    detail.push_back({{"type", p.fastapi_type},
                      {"loc", fastapi_loc(p)},
                      {"msg", p.fastapi_msg},
                      {"input", input.is_discarded() ? Json(nullptr) : input}});
  }
  return json_reply(422, {{"detail", detail}});
}

// A sentence for the families that report one problem.
std::string describe(const Problem &p) {
  const std::string where = param_path(p);
  switch (p.kind) {
  case Problem::Kind::invalid_json:
    return "We could not parse the JSON body of your request. The API expects a JSON payload.";
  case Problem::Kind::not_object:
    return where.empty() ? "The request body must be a JSON object."
                         : "Invalid type for '" + where + "': expected an object.";
  case Problem::Kind::missing:
    return "Missing required parameter: '" + where + "'.";
  case Problem::Kind::wrong_type:
    return "Invalid type for '" + where + "': expected " + p.expected + ", but got " +
           p.input_json + " instead.";
  case Problem::Kind::bad_value:
    return "Invalid value: " + p.input_json + " for '" + where +
           "'. Supported values are: " + p.expected + ".";
  case Problem::Kind::out_of_range:
    return "Invalid '" + where + "': expected a value " + p.expected + ", but got " + p.input_json +
           " instead.";
  case Problem::Kind::empty:
    return "Invalid '" + where + "': empty array. Expected an array with minimum length 1.";
  }
  return "Invalid request.";
}

std::string_view openai_code(Problem::Kind kind) {
  switch (kind) {
  case Problem::Kind::missing:
    return "missing_required_parameter";
  case Problem::Kind::wrong_type:
  case Problem::Kind::not_object:
    return "invalid_type";
  case Problem::Kind::bad_value:
    return "invalid_value";
  case Problem::Kind::out_of_range:
    return "invalid_value";
  case Problem::Kind::empty:
    return "empty_array";
  case Problem::Kind::invalid_json:
    return "";
  }
  return "";
}

} // namespace

std::string param_path(const Problem &problem) {
  std::string path;
  for (const auto &part : problem.loc) {
    if (const auto *key = std::get_if<std::string>(&part)) {
      if (!path.empty()) {
        path += '.';
      }
      path += *key;
    } else {
      path += '[';
      path += std::to_string(std::get<std::size_t>(part));
      path += ']';
    }
  }
  return path;
}

ErrorReply error_reply(Provider provider, ErrorKind kind, std::uint32_t retry_after_s,
                       std::string_view detail) {
  switch (provider) {
  case Provider::openai:
    return openai_reply(kind, detail);
  case Provider::infera:
    return fastapi_reply(kind);
  case Provider::fortytwo:
    return fortytwo_reply(kind, retry_after_s);
  case Provider::interactive:
    return interactive_reply(kind);
  case Provider::p8080:
    return p8080_reply(kind);
  case Provider::solidrust:
    return vllm_reply(kind);
  }
  return openai_reply(kind, detail);
}

ErrorReply validation_reply(Provider provider, std::span<const Problem> problems) {
  const Problem &first = problems.front();
  const std::string message = describe(first);
  const std::string param = first.kind == Problem::Kind::invalid_json ? "" : param_path(first);
  switch (provider) {
  case Provider::infera:
    return fastapi_validation(problems);
  case Provider::fortytwo:
    // Schema errors are pydantic's (422); an empty message list is the application's own 400.
    if (first.kind != Problem::Kind::empty) {
      return fastapi_validation(problems);
    }
    return json_reply(400, {{"error", {{"message", message}, {"type", "invalid_request_error"}}}});
  case Provider::interactive:
    return json_reply(400, {{"error",
                             {{"code", "invalid_request"},
                              {"message", message},
                              {"param", param},
                              {"type", "invalid_request_error"}}}});
  case Provider::p8080:
    return json_reply(
        400,
        {{"error",
          {{"message", message}, {"type", "invalid_request_error"}, {"code", "invalid_request"}}}});
  case Provider::solidrust:
    return json_reply(400, {{"error",
                             {{"message", message},
                              {"type", "BadRequestError"},
                              {"param", param.empty() ? Json(nullptr) : Json(param)},
                              {"code", 400}}}});
  case Provider::openai:
    break;
  }
  return json_reply(400, openai_error(message, "invalid_request_error",
                                      param.empty() ? Json(nullptr) : Json(param),
                                      openai_code(first.kind)));
}

std::string stream_error_object(Provider provider) {
  switch (provider) {
  case Provider::interactive:
    return R"({"code":"server_error","message":"Provider disconnected unexpectedly","param":"",)"
           R"("type":"server_error"})";
  case Provider::solidrust:
    return R"({"message":"Internal server error","type":"InternalServerError","param":null,)"
           R"("code":500})";
  case Provider::fortytwo:
    return R"({"message":"Internal server error","type":"internal_error"})";
  case Provider::p8080:
    return R"({"message":"Internal server error","type":"server_error","code":"internal_error"})";
  case Provider::infera:
  case Provider::openai:
    break;
  }
  return R"({"message":"The server had an error while processing your request.",)"
         R"("type":"server_error","param":null,"code":null})";
}

} // namespace chatbench::mock
