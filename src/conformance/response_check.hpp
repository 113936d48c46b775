#pragma once
// The checks of one response that need no stream: its status and Content-Type, and a whole body
// (a non-streamed 2xx body, or any non-2xx body) against the schema of its status plus the
// semantic rules (finish_reason values, usage arithmetic, integral numbers, tool-call
// arguments). Findings go to the caller's ResponseFindings, whose profile decides severities.
// Thread-safety: stateless functions.
#include "conformance/finding.hpp"

#include <string_view>

namespace chatbench::conformance {

/// What the client asked for; it decides what a conformant reply looks like.
struct Expectation {
  bool stream = false;        ///< `stream: true` was sent
  bool include_usage = false; ///< `stream_options.include_usage: true` was sent
};

/// status_code_conformance: `status` is documented (or covered by a default);
/// content_type_conformance: `content_type` is a media type documented for it (for a streamed
/// 2xx: text/event-stream).
void check_status(int status, std::string_view content_type, const Expectation &expect,
                  ResponseFindings &findings);

/// True when `content_type` is absent or names JSON (application/json, application/*+json):
/// a body of any other declared type is not judged as JSON (content_type_conformance says
/// what is wrong with it).
bool json_or_unlabelled(std::string_view content_type);

/// A whole body: for 2xx, response_schema_conformance and the semantic checks; otherwise
/// error_schema_conformance against the status's schema (none when undocumented). A body cut
/// short (`complete` false) is not checked.
void check_body(int status, std::string_view body, bool complete, ResponseFindings &findings);

} // namespace chatbench::conformance
