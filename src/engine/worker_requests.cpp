#include "engine/clock.hpp"
#include "engine/worker_loop.hpp"
#include "util/units.hpp"

#include <algorithm>
#include <string>

namespace chatbench::engine {

using metrics::FailureKind;

Result<Transfer *> WorkerLoop::acquire() {
  if (!m_free.empty()) {
    Transfer *transfer = m_free.back();
    m_free.pop_back();
    return transfer;
  }
  TransferContext context{m_plugins.classifier.get(), m_share.get(), &m_next_deadline_check,
                          m_options.index};
  Result<std::unique_ptr<Transfer>> created = Transfer::create(context);
  CHATBENCH_TRY(created);
  m_transfers.push_back(std::move(*created));
  return m_transfers.back().get();
}

Result<void> WorkerLoop::start_request(std::uint64_t id, metrics::Phase phase,
                                       std::int64_t intended) {
  Result<Transfer *> acquired = acquire();
  CHATBENCH_TRY(acquired);
  Transfer &transfer = **acquired;
  CHATBENCH_TRY(m_plugins.source->next(id, transfer.request()));
  const std::uint32_t target = transfer.request().target;
  if (target >= m_targets.size()) {
    return make_error(ErrorCode::invalid_argument, "the request source chose target " +
                                                       std::to_string(target) + " of " +
                                                       std::to_string(m_targets.size()));
  }
  if (Result<void> prepared = transfer.prepare(m_targets[target], id, phase, intended); !prepared) {
    transfer.abort(FailureKind::internal, prepared.error().message, steady_now_ns());
    emit(transfer.record()); // never sent: no on_end
    m_free.push_back(&transfer);
    return {};
  }
  transfer.mark_sent(steady_now_ns(), m_options.plan.late_threshold.count());
  CHATBENCH_TRY(m_loop->add(transfer.easy()));
  transfer.in_flight_slot = m_in_flight.size();
  m_in_flight.push_back(&transfer);
  ++m_result.stats.started;
  m_result.stats.max_in_flight =
      std::max<std::uint64_t>(m_result.stats.max_in_flight, m_in_flight.size());
  return {};
}

void WorkerLoop::forget(Transfer &transfer) {
  Transfer *last = m_in_flight.back();
  m_in_flight[transfer.in_flight_slot] = last;
  last->in_flight_slot = transfer.in_flight_slot;
  m_in_flight.pop_back();
}

void WorkerLoop::emit(metrics::RequestRecord &record) {
  ++m_result.stats.records;
  m_result.recorder.add(record);
  if (m_plugins.sink) {
    m_plugins.sink->on_record(record);
  }
}

void WorkerLoop::emit_ended(Transfer &transfer) {
  m_plugins.classifier->on_end(transfer.record(), transfer.sse_clean());
  emit(transfer.record());
}

Result<void> WorkerLoop::harvest() {
  Result<void> status;
  m_loop->for_each_done([&](CURL *easy, CURLcode code) {
    void *self = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, &self) != CURLE_OK || self == nullptr) {
      // Every handle the worker adds carries its Transfer; anything else is a broken invariant.
      status = make_error(ErrorCode::internal, "a finished libcurl handle without its transfer");
      return;
    }
    auto &transfer = *static_cast<Transfer *>(self);
    if (Result<void> removed = m_loop->remove(easy); !removed && status) {
      status = std::move(removed);
    }
    forget(transfer);
    transfer.complete(code, steady_now_ns());
    emit_ended(transfer);
    m_free.push_back(&transfer);
  });
  return status;
}

Result<void> WorkerLoop::end_in_flight(Transfer &transfer, FailureKind kind,
                                       std::string_view detail, std::int64_t now) {
  CHATBENCH_TRY(m_loop->remove(transfer.easy()));
  forget(transfer);
  transfer.abort(kind, detail, now);
  m_result.stats.cut_off += kind == FailureKind::cut_off ? 1 : 0;
  emit_ended(transfer);
  m_free.push_back(&transfer);
  return {};
}

Result<void> WorkerLoop::sweep_deadlines(std::int64_t now) {
  m_next_deadline_check = k_never;
  m_expired.clear();
  for (Transfer *transfer : m_in_flight) {
    const std::int64_t deadline = transfer->deadline_ns();
    if (deadline < 0) {
      continue;
    }
    if (deadline <= now) {
      m_expired.push_back(transfer);
    } else {
      m_next_deadline_check = std::min(m_next_deadline_check, deadline);
    }
  }
  for (Transfer *transfer : m_expired) {
    const FailureKind kind = transfer->deadline_kind();
    const Timeouts &timeouts = m_options.targets[transfer->record().target].timeouts;
    const std::string detail =
        kind == FailureKind::timeout_first_token
            ? "no token within " + util::format_duration(timeouts.first_token) + " of sending"
            : "no event for " + util::format_duration(timeouts.idle) + " after a token";
    CHATBENCH_TRY(end_in_flight(*transfer, kind, detail, now));
  }
  return {};
}

} // namespace chatbench::engine
