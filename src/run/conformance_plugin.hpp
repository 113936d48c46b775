#pragma once
// Conformance checks inside a run: an engine::EventClassifier that passes every call to the
// timing classifier (ChunkClassifier) and, for the sampled requests, feeds the same exchange to
// a conformance::ExchangeChecker; when a request ends its findings go into the worker's Tally.
// Sampling is a pure function of the request id, so every target of a comparison checks the
// same requests. Checks run on the worker's thread after the event was timestamped: they cost
// CPU (see docs/BENCHMARKS.md) but do not shift the recorded times.
//
// Thread-safety: one instance per worker; the Profile is shared read-only.
#include "conformance/exchange.hpp"
#include "conformance/finding.hpp"
#include "conformance/profile.hpp"
#include "engine/request.hpp"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace chatbench::run {

struct ConformanceOptions {
  std::shared_ptr<const conformance::Profile> profile;
  conformance::Severity cap = conformance::Severity::fail; ///< the scenario's level
  double sample = 1.0;                                     ///< fraction of requests checked
  conformance::Expectation expect;                         ///< what every request asks for
};

/// True when request `id` is among the `fraction` checked (deterministic in id).
bool sampled(std::uint64_t id, double fraction) noexcept;

class CheckingClassifier final : public engine::EventClassifier {
public:
  /// `tally` must outlive this object.
  CheckingClassifier(std::unique_ptr<engine::EventClassifier> inner, ConformanceOptions options,
                     conformance::Tally *tally)
      : m_inner(std::move(inner)), m_options(std::move(options)), m_tally(tally) {}

  engine::EventClass on_event(std::uint64_t id, std::string_view type,
                              std::string_view data) noexcept override;
  engine::EventClass on_body(std::uint64_t id, std::string_view body) noexcept override;
  void on_response(std::uint64_t id, int status, std::string_view content_type) noexcept override;
  void on_done(std::uint64_t id) noexcept override;
  void on_error_body(std::uint64_t id, std::string_view body, bool complete) noexcept override;
  void on_end(const metrics::RequestRecord &record, bool sse_clean) noexcept override;

private:
  conformance::ExchangeChecker *active(std::uint64_t id) noexcept;
  /// Calls `f(checker)` when request `id` is being checked; a check that throws (out of memory)
  /// drops the exchange instead of the run.
  template <class F> void feed(std::uint64_t id, F &&f) noexcept {
    if (conformance::ExchangeChecker *checker = active(id)) {
      try {
        f(checker);
      } catch (...) {
        ++m_failed_checks;
        drop(id);
      }
    }
  }
  void drop(std::uint64_t id) noexcept;

  std::unique_ptr<engine::EventClassifier> m_inner;
  ConformanceOptions m_options;
  conformance::Tally *m_tally;
  std::unordered_map<std::uint64_t, std::unique_ptr<conformance::ExchangeChecker>> m_active;
  std::vector<std::unique_ptr<conformance::ExchangeChecker>> m_spare;
  std::uint64_t m_failed_checks = 0; // a check that threw (out of memory): the exchange is dropped
};

} // namespace chatbench::run
