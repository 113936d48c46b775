#pragma once
// One in-flight request on a reusable libcurl easy handle (engine-internal: only worker.cpp uses
// it). The worker takes a Transfer from its pool, lets the RequestSource fill request(), calls
// prepare() and mark_sent(), adds easy() to its multi handle, and when libcurl reports the
// transfer done (or the worker ends it: timeout, drain deadline) calls complete() or abort() and
// reads record().
//
// While running, libcurl calls the header and write callbacks (noexcept): the header callback
// notes the status, Content-Type and Retry-After; the write callback either feeds an
// sse::Parser (streamed 2xx responses), appends to a bounded body buffer (non-streamed 2xx) or
// keeps the first bytes of an error body. SSE events are classified and timestamped as they
// complete; every event in one read shares that read's timestamp.
//
// Thread-safety: none; a Transfer lives and dies on its worker's thread.
#include "engine/prepared_target.hpp"
#include "engine/request.hpp"
#include "metrics/request_record.hpp"
#include "sse/parser.hpp"
#include "util/result.hpp"

#include <curl/curl.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace chatbench::engine {

/// What the worker lends every transfer. Pointers stay valid for the transfer's life.
struct TransferContext {
  EventClassifier *classifier = nullptr;
  CURLSH *share = nullptr;                     ///< the worker's shared caches, or nullptr
  std::int64_t *next_deadline_check = nullptr; ///< lowered when a deadline moves earlier
  std::uint32_t worker = 0;
};

class Transfer {
public:
  /// A fresh easy handle with the fixed options set; ErrorCode::internal if libcurl fails.
  static Result<std::unique_ptr<Transfer>> create(const TransferContext &context);
  ~Transfer();
  Transfer(const Transfer &) = delete;
  Transfer &operator=(const Transfer &) = delete;

  /// The slot the RequestSource fills.
  Request &request() noexcept { return m_request; }
  CURL *easy() const noexcept { return m_easy; }

  /// Readies the handle for request() sent to `target` (index `target_index`) and resets the
  /// record. Re-applies the target's options only when the target changed. An error (a libcurl
  /// option refused) means the request cannot be sent; record it with abort(internal).
  Result<void> prepare(const PreparedTarget &target, std::uint64_t id, metrics::Phase phase,
                       std::int64_t intended_ns);
  /// Notes the actual send time (just before the handle is added to the multi handle).
  void mark_sent(std::int64_t now_ns, std::int64_t late_threshold_ns) noexcept;

  /// When the worker must end this transfer (first-token or idle timeout), -1 for never, and
  /// the kind of timeout it stands for.
  std::int64_t deadline_ns() const noexcept;
  metrics::FailureKind deadline_kind() const noexcept;

  /// Classifies the end reported by libcurl. The handle must be out of the multi handle.
  void complete(CURLcode result, std::int64_t now_ns);
  /// Ends the transfer as `kind` (a timeout, cut_off, internal) with `detail`. The handle must
  /// be out of the multi handle (or never added).
  void abort(metrics::FailureKind kind, std::string_view detail, std::int64_t now_ns);

  metrics::RequestRecord &record() noexcept { return m_record; }
  /// False when complete() found the SSE stream ending inside an event (see sse::Ending).
  bool sse_clean() const noexcept { return m_sse_clean; }

  /// The worker's bookkeeping: this transfer's position in its in-flight list.
  std::size_t in_flight_slot = 0;

private:
  enum class Mode : std::uint8_t { headers, sse, body, error_body };
  struct SseSink;

  explicit Transfer(const TransferContext &context) : m_context(context) {}
  Result<void> set_fixed_options();
  Result<void> apply_target(const PreparedTarget &target);

  static std::size_t on_header_cb(char *data, std::size_t size, std::size_t count,
                                  void *self) noexcept;
  static std::size_t on_write_cb(char *data, std::size_t size, std::size_t count,
                                 void *self) noexcept;
  void on_header(std::string_view line) noexcept;
  bool on_write(std::string_view bytes); // false: refuse the bytes (ends the transfer)
  void start_body() noexcept;
  void on_sse_event(const sse::Event &event);
  void collect_info() noexcept;
  void set_detail(metrics::FailureKind kind);

  TransferContext m_context;
  CURL *m_easy = nullptr;
  const PreparedTarget *m_target = nullptr; // the target the handle is configured for
  Request m_request;
  metrics::RequestRecord m_record;
  sse::Parser m_parser;
  std::string m_body;         // non-streamed body, or the kept start of an error body
  std::string m_event_detail; // first error or invalid event's explanation
  std::array<char, CURL_ERROR_SIZE> m_error_buffer{};
  std::array<char, 64> m_content_type{};
  std::size_t m_content_type_size = 0;

  Mode m_mode = Mode::headers;
  std::int64_t m_now_ns = 0;        // the current read's timestamp, for SSE callbacks
  std::int64_t m_last_data_ns = -1; // previous body read
  std::int64_t m_last_event_ns = -1;
  std::int64_t m_first_token_timeout_ns = 0;
  std::int64_t m_idle_timeout_ns = 0;
  bool m_event_stream_type = false;
  bool m_body_too_large = false;
  bool m_write_failed = false;
  bool m_event_too_large = false;
  bool m_error_event = false;
  bool m_invalid_json = false;
  bool m_sse_clean = true;
};

} // namespace chatbench::engine
