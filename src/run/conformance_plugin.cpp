#include "run/conformance_plugin.hpp"

namespace chatbench::run {
namespace {

// The request ended on the client's side (a timeout, the drain deadline, a client error): the
// server did not end the stream, so what is missing from it says nothing about the server.
bool client_ended(metrics::FailureKind kind) noexcept {
  using K = metrics::FailureKind;
  switch (kind) {
  case K::timeout_connect:
  case K::timeout_first_token:
  case K::timeout_idle:
  case K::timeout_total:
  case K::cut_off:
  case K::body_too_large:
  case K::internal:
    return true;
  default:
    return false;
  }
}

} // namespace

bool sampled(std::uint64_t id, double fraction) noexcept {
  if (fraction >= 1.0) {
    return true;
  }
  // splitmix64 finaliser: consecutive ids spread evenly over [0, 2^64).
  std::uint64_t z = id + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
  z ^= z >> 31U;
  return static_cast<double>(z >> 11U) * 0x1.0p-53 < fraction;
}

conformance::ExchangeChecker *CheckingClassifier::active(std::uint64_t id) noexcept {
  const auto it = m_active.find(id);
  return it == m_active.end() ? nullptr : it->second.get();
}

void CheckingClassifier::drop(std::uint64_t id) noexcept {
  const auto it = m_active.find(id);
  if (it == m_active.end()) {
    return;
  }
  try {
    m_spare.push_back(std::move(it->second));
  } catch (...) {
    // the checker is freed with the map entry
  }
  m_active.erase(it);
}

void CheckingClassifier::on_response(std::uint64_t id, int status,
                                     std::string_view content_type) noexcept {
  m_inner->on_response(id, status, content_type);
  if (m_options.cap == conformance::Severity::off || !sampled(id, m_options.sample)) {
    return;
  }
  try {
    std::unique_ptr<conformance::ExchangeChecker> checker;
    if (m_spare.empty()) {
      checker = std::make_unique<conformance::ExchangeChecker>(*m_options.profile, m_options.cap);
    } else {
      checker = std::move(m_spare.back());
      m_spare.pop_back();
    }
    checker->begin(id, m_options.expect);
    checker->on_response(status, content_type);
    m_active[id] = std::move(checker);
  } catch (...) {
    ++m_failed_checks;
    drop(id);
  }
}

engine::EventClass CheckingClassifier::on_event(std::uint64_t id, std::string_view type,
                                                std::string_view data) noexcept {
  const engine::EventClass c = m_inner->on_event(id, type, data);
  feed(id, [&](conformance::ExchangeChecker *checker) { checker->on_event(type, data); });
  return c;
}

engine::EventClass CheckingClassifier::on_body(std::uint64_t id, std::string_view body) noexcept {
  const engine::EventClass c = m_inner->on_body(id, body);
  feed(id, [&](conformance::ExchangeChecker *checker) { checker->on_body(body); });
  return c;
}

void CheckingClassifier::on_done(std::uint64_t id) noexcept {
  m_inner->on_done(id);
  feed(id, [&](conformance::ExchangeChecker *checker) { checker->on_done(); });
}

void CheckingClassifier::on_error_body(std::uint64_t id, std::string_view body,
                                       bool complete) noexcept {
  m_inner->on_error_body(id, body, complete);
  feed(id, [&](conformance::ExchangeChecker *checker) { checker->on_body(body, complete); });
}

void CheckingClassifier::on_end(const metrics::RequestRecord &record, bool sse_clean) noexcept {
  m_inner->on_end(record, sse_clean);
  conformance::ExchangeChecker *checker = active(record.id);
  if (checker == nullptr) {
    return;
  }
  try {
    checker->end(!client_ended(record.outcome), sse_clean);
    if (checker->responded()) {
      m_tally->add(checker->findings());
    }
  } catch (...) {
    ++m_failed_checks;
  }
  drop(record.id);
}

} // namespace chatbench::run
