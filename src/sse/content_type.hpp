#pragma once
// Recognising an event stream from its Content-Type header. Pure function, thread-safe.
#include <string_view>

namespace chatbench::sse {

/// True when `content_type` (a Content-Type header value) names the media type
/// `text/event-stream`: compared case-insensitively, surrounding spaces and tabs ignored,
/// parameters after ';' allowed ("text/event-stream; charset=utf-8"). False for anything else,
/// including an empty value.
bool is_event_stream(std::string_view content_type) noexcept;

} // namespace chatbench::sse
