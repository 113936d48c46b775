#pragma once
// A libcurl multi handle driven by epoll (engine-internal): libcurl's socket callback keeps the
// epoll set in step with the sockets it wants watched, its timer callback sets a deadline, and
// wait() sleeps until a socket is ready or a deadline given in nanoseconds, then hands the ready
// sockets to curl_multi_socket_action. Only the transfers whose sockets are ready are touched,
// so the cost per wake-up does not grow with the number of transfers in flight (as
// curl_multi_poll's does: it rebuilds a pollfd array of every transfer on every call).
//
// Sub-millisecond waits use epoll_pwait2 (a timespec timeout, Linux >= 5.11); without it,
// epoll_wait with the timeout rounded up to a whole millisecond.
//
// Thread-safety: none; one per worker thread.
#include "util/result.hpp"

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace chatbench::engine {

class MultiLoop {
public:
  /// ErrorCode::internal when epoll or the multi handle cannot be created. Not movable: libcurl
  /// holds its address for the callbacks.
  static Result<std::unique_ptr<MultiLoop>> create();

  MultiLoop(const MultiLoop &) = delete;
  MultiLoop &operator=(const MultiLoop &) = delete;
  /// Every easy handle must have been removed before.
  ~MultiLoop();

  Result<void> add(CURL *easy);
  Result<void> remove(CURL *easy);

  /// Lets libcurl act on its timer if it is due at now_ns (starts added transfers, retries,
  /// its own timeouts).
  Result<void> run_timers(std::int64_t now_ns);
  /// libcurl's timer deadline (steady ns), -1 when none.
  std::int64_t timer_deadline_ns() const noexcept { return m_timer_deadline_ns; }

  /// Sleeps until a watched socket is ready or until_ns (steady ns; <= now: do not sleep),
  /// then lets libcurl handle the ready sockets.
  Result<void> wait(std::int64_t now_ns, std::int64_t until_ns);

  /// Calls on_done(CURL *, CURLcode) for every transfer libcurl reports finished. The callback
  /// must remove the handle (it may add others).
  template <class OnDone> void for_each_done(OnDone &&on_done);

  /// Wake-ups that found ready sockets (for the run's self-check).
  std::uint64_t wakeups() const noexcept { return m_wakeups; }

private:
  MultiLoop() = default;
  static int on_socket(CURL *easy, curl_socket_t socket, int what, void *self, void *) noexcept;
  static int on_timer(CURLM *multi, long timeout_ms, void *self) noexcept;
  Result<void> check(CURLMcode code, const char *what) const;

  CURLM *m_multi = nullptr;
  int m_epoll = -1;
  bool m_have_pwait2 = true;
  std::int64_t m_timer_deadline_ns = -1;
  std::vector<std::uint32_t> m_watched; // by fd: the epoll events registered, 0 = none
  std::uint64_t m_wakeups = 0;
  bool m_socket_error = false; // an epoll_ctl failed inside the socket callback
  int m_socket_errno = 0;
};

template <class OnDone> void MultiLoop::for_each_done(OnDone &&on_done) {
  int queued = 0;
  // Bounded: every message is consumed once; the callback removes the handle it was given.
  while (CURLMsg *message = curl_multi_info_read(m_multi, &queued)) {
    if (message->msg == CURLMSG_DONE) {
      on_done(message->easy_handle, message->data.result);
    }
  }
}

} // namespace chatbench::engine
