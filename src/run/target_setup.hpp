#pragma once
// From a scenario target to what the engine sends it: the URL (the embedded mock's when
// base_url is "mock"), the headers (the provider's auth style with the key read now from the
// environment or a file, then the scenario's own headers), HTTP version, TLS and the scenario's
// timeouts. The key is read once, before any traffic, so a missing key fails the set-up, not
// every request. Thread-safety: reads the environment and files; call from one thread.
#include "engine/request.hpp"
#include "scenario/scenario.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>

namespace chatbench::run {

/// Reads the key a target names. ErrorCode::invalid_scenario naming the target and the variable
/// (unset or empty) or the file (unreadable or empty). A file's trailing whitespace is dropped.
/// Source::none gives "".
Result<std::string> read_api_key(const scenario::Target &target);

/// The engine target for `target`, sending `api_key` ("" for none; see read_api_key()) in the
/// provider's auth style. `base_url` replaces target.base_url (the embedded mock's address); ""
/// keeps the scenario's. Pure.
engine::Target engine_target(const scenario::Target &target, const scenario::Load &load,
                             std::string_view api_key, std::string_view base_url = {});

} // namespace chatbench::run
