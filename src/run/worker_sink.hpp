#pragma once
// A worker's RecordSink: every finished request goes into the worker's Timeline (owned by the
// runner, read after the run), the live progress counters, and requests.jsonl. Lines are
// buffered per worker and written when 64 KiB have gathered or, while records arrive, 250 ms
// after the last write, and at the end; so the file grows during the run and a crash loses at
// most that much. Runs on its worker's thread only.
#include "engine/request.hpp"
#include "metrics/timeline.hpp"
#include "run/progress.hpp"
#include "run/request_log.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace chatbench::run {

/// Sees every record of a run as well, from every worker thread: implementations are
/// thread-safe. on_start gets the run's t = 0 once per worker (the same value each time).
class RecordTap {
public:
  virtual ~RecordTap() = default;
  virtual void on_start(std::int64_t start_ns) = 0;
  virtual void on_record(const metrics::RequestRecord &record) = 0;
};

struct WorkerSinkOptions {
  std::string target;                    ///< the target's name, written on every line
  metrics::Timeline *timeline = nullptr; ///< rebuilt at on_start with the run's t = 0
  std::int64_t bucket_ns = 1'000'000'000;
  metrics::Slo slo;
  WorkerCounters *counters = nullptr; ///< optional
  RequestLog *log = nullptr;          ///< optional
  /// t = 0 of the timeline and of the times in requests.jsonl; unset: the run's own start. The
  /// steps of a capacity sweep share the first step's, so their lines and buckets line up.
  std::optional<std::int64_t> origin_ns;
  RecordTap *tap = nullptr; ///< optional
};

class WorkerSink final : public engine::RecordSink {
public:
  explicit WorkerSink(WorkerSinkOptions options) : m_options(std::move(options)) {}
  ~WorkerSink() override { flush(); }
  WorkerSink(const WorkerSink &) = delete;
  WorkerSink &operator=(const WorkerSink &) = delete;

  void on_start(std::int64_t start_ns) override;
  void on_record(const metrics::RequestRecord &record) override;
  void flush() noexcept;

private:
  static constexpr std::size_t k_flush_bytes = 64 * 1024;
  static constexpr std::int64_t k_flush_ns = 250'000'000;

  WorkerSinkOptions m_options;
  std::int64_t m_start_ns = 0;
  std::int64_t m_last_flush_ns = 0;
  std::string m_buffer;
};

} // namespace chatbench::run
