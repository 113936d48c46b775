#pragma once
// requests.jsonl: one JSON object per finished request, every phase and outcome, appended while
// the run goes, so a crash or a kill loses at most what the workers had buffered (each worker
// writes when it holds 64 KiB or every 250 ms; see WorkerSink).
//
// A line (keys always present, in this order; times are integer nanoseconds since the target's
// t = 0, null when the moment did not happen):
//   {"target":"a","id":7,"worker":0,"phase":"measure","stream":true,"outcome":"ok","detail":"",
//    "http_status":200,"http_version":11,"reused":true,"late":false,
//    "intended_ns":..,"sent_ns":..,"connected_ns":null,"tls_ns":null,"first_byte_ns":..,
//    "first_event_ns":..,"first_role_ns":..,"first_token_ns":..,"last_token_ns":..,"done_ns":..,
//    "events":18,"comments":0,"token_events":16,"tokens":16,"usage_completion_tokens":16,
//    "output_tokens":16,"output_bytes":70,"bytes_sent":120,"bytes_received":3400,"retry_after_s":null,
//    "done_marker":true,"finish_seen":true,"longest_stall_ns":..,"itl_ns":[..]}
// Thread-safety: RequestLog::append may be called from any thread; lines are never interleaved.
#include "metrics/request_record.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace chatbench::run {

class RequestLog {
public:
  /// Creates (or truncates) the file. ErrorCode::io naming the path and the reason.
  static Result<std::unique_ptr<RequestLog>> open(const std::string &path);
  ~RequestLog();
  RequestLog(const RequestLog &) = delete;
  RequestLog &operator=(const RequestLog &) = delete;

  /// Writes whole lines. A write error is kept (see status()) and later appends are dropped.
  void append(std::string_view lines) noexcept;
  /// The first write error, if any (ErrorCode::io naming the path).
  Result<void> status() const;
  const std::string &path() const noexcept { return m_path; }

private:
  RequestLog(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}

  std::string m_path;
  int m_fd = -1;
  mutable std::mutex m_mutex;
  int m_errno = 0; // guarded by m_mutex
};

/// Appends `record` as one line (with its '\n') to `out`; times relative to `start_ns`.
void append_record_line(std::string &out, const metrics::RequestRecord &record,
                        std::string_view target, std::int64_t start_ns);

} // namespace chatbench::run
