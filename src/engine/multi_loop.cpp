#include "engine/multi_loop.hpp"

#include "engine/clock.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>

namespace chatbench::engine {
namespace {

constexpr int k_max_events = 256;
constexpr long k_max_idle_connections = 1'000'000;

std::uint32_t epoll_events_for(int what) noexcept {
  std::uint32_t events = 0;
  if ((what & CURL_POLL_IN) != 0) {
    events |= EPOLLIN;
  }
  if ((what & CURL_POLL_OUT) != 0) {
    events |= EPOLLOUT;
  }
  return events;
}

int curl_mask_for(std::uint32_t events) noexcept {
  int mask = 0;
  if ((events & EPOLLIN) != 0) {
    mask |= CURL_CSELECT_IN;
  }
  if ((events & EPOLLOUT) != 0) {
    mask |= CURL_CSELECT_OUT;
  }
  if ((events & (EPOLLERR | EPOLLHUP)) != 0) {
    mask |= CURL_CSELECT_ERR;
  }
  return mask;
}

} // namespace

Result<std::unique_ptr<MultiLoop>> MultiLoop::create() {
  std::unique_ptr<MultiLoop> loop(new MultiLoop());
  loop->m_epoll = epoll_create1(EPOLL_CLOEXEC);
  if (loop->m_epoll < 0) {
    return make_error(ErrorCode::internal, std::string("epoll_create1: ") + std::strerror(errno));
  }
  loop->m_multi = curl_multi_init();
  if (loop->m_multi == nullptr) {
    return make_error(ErrorCode::internal, "curl_multi_init failed");
  }
  CURLM *m = loop->m_multi;
  CURLMcode code = curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, &MultiLoop::on_socket);
  if (code == CURLM_OK) {
    code = curl_multi_setopt(m, CURLMOPT_SOCKETDATA, static_cast<void *>(loop.get()));
  }
  if (code == CURLM_OK) {
    code = curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, &MultiLoop::on_timer);
  }
  if (code == CURLM_OK) {
    code = curl_multi_setopt(m, CURLMOPT_TIMERDATA, static_cast<void *>(loop.get()));
  }
  if (code == CURLM_OK) {
    code = curl_multi_setopt(m, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  }
  if (code == CURLM_OK) {
    // Keep every idle connection: libcurl's default cache (4 x the handles added at the moment)
    // closed a few connections per run that were needed again a moment later. Idle connections
    // never outnumber the most transfers ever in flight at once.
    code = curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, k_max_idle_connections);
  }
  if (Result<void> ok = loop->check(code, "setting up the multi handle"); !ok) {
    return Unexpected(std::move(ok).error());
  }
  return loop;
}

MultiLoop::~MultiLoop() {
  if (m_multi != nullptr) {
    curl_multi_cleanup(m_multi);
  }
  if (m_epoll >= 0) {
    close(m_epoll);
  }
}

Result<void> MultiLoop::check(CURLMcode code, const char *what) const {
  if (code != CURLM_OK) {
    return make_error(ErrorCode::internal, std::string(what) + ": " + curl_multi_strerror(code));
  }
  if (m_socket_error) {
    return make_error(ErrorCode::internal,
                      std::string("epoll_ctl: ") + std::strerror(m_socket_errno));
  }
  return {};
}

int MultiLoop::on_socket(CURL *, curl_socket_t socket, int what, void *self, void *) noexcept {
  auto *loop = static_cast<MultiLoop *>(self);
  const auto fd = static_cast<std::size_t>(socket);
  if (fd >= loop->m_watched.size()) {
    try {
      loop->m_watched.resize(fd + 1024, 0);
    } catch (...) {
      loop->m_socket_error = true;
      loop->m_socket_errno = ENOMEM;
      return -1;
    }
  }
  std::uint32_t &watched = loop->m_watched[fd];
  if (what == CURL_POLL_REMOVE) {
    if (watched != 0) {
      // The socket may already be closed (then epoll dropped it): ignore the error.
      epoll_ctl(loop->m_epoll, EPOLL_CTL_DEL, socket, nullptr);
      watched = 0;
    }
    return 0;
  }
  const std::uint32_t events = epoll_events_for(what);
  if (events == watched) {
    return 0;
  }
  epoll_event event{};
  event.events = events;
  event.data.fd = socket;
  // A closed socket leaves epoll on its own, so a reused fd number may look registered (MOD
  // fails with ENOENT) or not (ADD fails with EEXIST): try the other operation once.
  int op = watched != 0 ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(loop->m_epoll, op, socket, &event) != 0) {
    op = op == EPOLL_CTL_MOD ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (epoll_ctl(loop->m_epoll, op, socket, &event) != 0) {
      loop->m_socket_error = true;
      loop->m_socket_errno = errno;
      return -1;
    }
  }
  watched = events;
  return 0;
}

int MultiLoop::on_timer(CURLM *, long timeout_ms, void *self) noexcept {
  auto *loop = static_cast<MultiLoop *>(self);
  if (timeout_ms < 0) {
    loop->m_timer_deadline_ns = -1;
  } else {
    loop->m_timer_deadline_ns = steady_now_ns() + static_cast<std::int64_t>(timeout_ms) * 1'000'000;
  }
  return 0;
}

Result<void> MultiLoop::add(CURL *easy) {
  return check(curl_multi_add_handle(m_multi, easy), "curl_multi_add_handle");
}

Result<void> MultiLoop::remove(CURL *easy) {
  return check(curl_multi_remove_handle(m_multi, easy), "curl_multi_remove_handle");
}

Result<void> MultiLoop::run_timers(std::int64_t now_ns) {
  if (m_timer_deadline_ns < 0 || now_ns < m_timer_deadline_ns) {
    return {};
  }
  m_timer_deadline_ns = -1;
  int running = 0;
  return check(curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running),
               "curl_multi_socket_action");
}

Result<void> MultiLoop::wait(std::int64_t now_ns, std::int64_t until_ns) {
  std::array<epoll_event, k_max_events> events{};
  const std::int64_t wait_ns = until_ns > now_ns ? until_ns - now_ns : 0;
  int ready = -1;
  if (m_have_pwait2) {
    const timespec timeout{static_cast<time_t>(wait_ns / 1'000'000'000),
                           static_cast<long>(wait_ns % 1'000'000'000)};
    ready = epoll_pwait2(m_epoll, events.data(), k_max_events, &timeout, nullptr);
    if (ready < 0 && errno == ENOSYS) {
      m_have_pwait2 = false;
    }
  }
  if (!m_have_pwait2) {
    const std::int64_t wait_ms = (wait_ns + 999'999) / 1'000'000;
    ready = epoll_wait(m_epoll, events.data(), k_max_events, static_cast<int>(wait_ms));
  }
  if (ready < 0) {
    if (errno == EINTR) {
      return {};
    }
    return make_error(ErrorCode::internal, std::string("epoll_wait: ") + std::strerror(errno));
  }
  m_wakeups += ready > 0 ? 1 : 0;
  for (int i = 0; i < ready; ++i) {
    const epoll_event &event = events[static_cast<std::size_t>(i)];
    int running = 0;
    if (Result<void> ok = check(
            curl_multi_socket_action(m_multi, event.data.fd, curl_mask_for(event.events), &running),
            "curl_multi_socket_action");
        !ok) {
      return ok;
    }
  }
  return {};
}

} // namespace chatbench::engine
