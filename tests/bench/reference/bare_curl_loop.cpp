// The reference for the engine's client-side cost: a bare libcurl-multi loop that only keeps C
// POSTs in flight against one URL for D seconds, reusing easy handles and connections, and
// prints throughput and its own CPU time. It links nothing of chatbench on purpose, so that
// "engine CPU per request / bare CPU per request" measures what the engine adds.
//
//   bare_curl_loop URL [-c 64] [-d 10] [-n REQUESTS] [--mode poll|epoll] [--body FILE]
//
// It stops starting requests after D seconds or once N have been started, whichever is first
// (-n makes instruction counts comparable: run -n 64 and -n 20064 under callgrind, take the slope).
//
// --mode poll:  curl_multi_perform + curl_multi_poll (the simple loop)
// --mode epoll: curl_multi_socket_action driven by epoll and curl's timer callback
//
// Output (one line, key=value): mode, requests, errors, seconds, req_per_s, cpu_user_s,
// cpu_sys_s, cpu_us_per_req, max_rss_kb.
#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string url;
  long concurrency = 64;
  double seconds = 10;
  long max_requests = -1; // -1: no limit
  bool epoll = false;
  std::string body =
      R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}],"max_tokens":64})";
};

struct Counters {
  long requests = 0;
  long errors = 0;
  long bytes = 0;
  long started = 0;
  long max_started = -1;
  bool may_start() const { return max_started < 0 || started < max_started; }
};

std::size_t on_data(char *, std::size_t size, std::size_t count, void *user) {
  static_cast<Counters *>(user)->bytes += static_cast<long>(size * count);
  return size * count;
}

void check(CURLcode code, const char *what) {
  if (code != CURLE_OK) {
    std::fprintf(stderr, "%s: %s\n", what, curl_easy_strerror(code));
    std::exit(2);
  }
}
void check(CURLMcode code, const char *what) {
  if (code != CURLM_OK) {
    std::fprintf(stderr, "%s: %s\n", what, curl_multi_strerror(code));
    std::exit(2);
  }
}

CURL *make_handle(const Options &options, curl_slist *headers, Counters &counters) {
  CURL *easy = curl_easy_init();
  if (easy == nullptr) {
    std::fprintf(stderr, "curl_easy_init failed\n");
    std::exit(2);
  }
  check(curl_easy_setopt(easy, CURLOPT_URL, options.url.c_str()), "CURLOPT_URL");
  check(curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers), "CURLOPT_HTTPHEADER");
  check(curl_easy_setopt(easy, CURLOPT_POSTFIELDS, options.body.c_str()), "CURLOPT_POSTFIELDS");
  check(curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(options.body.size())),
        "CURLOPT_POSTFIELDSIZE");
  check(curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_data), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(easy, CURLOPT_WRITEDATA, &counters), "CURLOPT_WRITEDATA");
  check(curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
  return easy;
}

// Reads finished transfers; re-adds each handle while time remains. Returns transfers running.
long harvest(CURLM *multi, Counters &counters, bool again) {
  int queued = 0;
  long readded = 0;
  while (CURLMsg *msg = curl_multi_info_read(multi, &queued)) {
    if (msg->msg != CURLMSG_DONE) {
      continue;
    }
    CURL *easy = msg->easy_handle;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (msg->data.result == CURLE_OK && status == 200) {
      ++counters.requests;
    } else {
      ++counters.errors;
    }
    check(curl_multi_remove_handle(multi, easy), "curl_multi_remove_handle");
    if (again && counters.may_start()) {
      check(curl_multi_add_handle(multi, easy), "curl_multi_add_handle");
      ++counters.started;
      ++readded;
    }
  }
  return readded;
}

// --- epoll mode: curl tells us which sockets to watch and when to call it back.
struct EpollLoop {
  CURLM *multi = nullptr;
  int epfd = -1;
  long timeout_ms = -1; // from curl's timer callback; -1: none
  Clock::time_point timer_set;
};

int on_socket(CURL *, curl_socket_t socket, int what, void *user, void *socketp) {
  auto *loop = static_cast<EpollLoop *>(user);
  epoll_event event{};
  event.data.fd = socket;
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(loop->epfd, EPOLL_CTL_DEL, socket, nullptr);
    curl_multi_assign(loop->multi, socket, nullptr);
    return 0;
  }
  event.events =
      ((what & CURL_POLL_IN) != 0 ? EPOLLIN : 0U) | ((what & CURL_POLL_OUT) != 0 ? EPOLLOUT : 0U);
  // socketp is what curl_multi_assign stored: non-null once the socket is in the epoll set.
  if (socketp != nullptr) {
    epoll_ctl(loop->epfd, EPOLL_CTL_MOD, socket, &event);
  } else {
    epoll_ctl(loop->epfd, EPOLL_CTL_ADD, socket, &event);
    curl_multi_assign(loop->multi, socket, loop);
  }
  return 0;
}

int on_timer(CURLM *, long timeout_ms, void *user) {
  auto *loop = static_cast<EpollLoop *>(user);
  loop->timeout_ms = timeout_ms;
  loop->timer_set = Clock::now();
  return 0;
}

void run_epoll(CURLM *multi, Counters &counters, Clock::time_point end) {
  EpollLoop loop;
  loop.multi = multi;
  loop.epfd = epoll_create1(EPOLL_CLOEXEC);
  check(curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket), "SOCKETFUNCTION");
  check(curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, &loop), "SOCKETDATA");
  check(curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer), "TIMERFUNCTION");
  check(curl_multi_setopt(multi, CURLMOPT_TIMERDATA, &loop), "TIMERDATA");
  int running = 0;
  check(curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running), "socket_action");
  std::vector<epoll_event> events(256);
  for (;;) {
    const bool again = Clock::now() < end;
    running += static_cast<int>(harvest(multi, counters, again));
    if (running == 0 && !(again && counters.may_start())) {
      break;
    }
    const int wait_ms = loop.timeout_ms < 0 ? 100 : static_cast<int>(loop.timeout_ms);
    const int n = epoll_wait(loop.epfd, events.data(), static_cast<int>(events.size()), wait_ms);
    for (int i = 0; i < n; ++i) {
      const std::uint32_t ev = events[static_cast<std::size_t>(i)].events;
      const int mask = ((ev & EPOLLIN) != 0 ? CURL_CSELECT_IN : 0) |
                       ((ev & EPOLLOUT) != 0 ? CURL_CSELECT_OUT : 0) |
                       ((ev & (EPOLLERR | EPOLLHUP)) != 0 ? CURL_CSELECT_ERR : 0);
      check(curl_multi_socket_action(multi, events[static_cast<std::size_t>(i)].data.fd, mask,
                                     &running),
            "socket_action");
    }
    // curl's timer is due (a new handle, a retry, a timeout): without this call a busy socket
    // set would starve it.
    if (loop.timeout_ms >= 0 &&
        Clock::now() - loop.timer_set >= std::chrono::milliseconds(loop.timeout_ms)) {
      loop.timeout_ms = -1;
      check(curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running), "socket_action");
    }
  }
  close(loop.epfd);
}

void run_poll(CURLM *multi, Counters &counters, Clock::time_point end) {
  int running = 1;
  for (;;) {
    check(curl_multi_perform(multi, &running), "curl_multi_perform");
    const bool again = Clock::now() < end;
    const long readded = harvest(multi, counters, again);
    if (running == 0 && readded == 0) {
      break;
    }
    if (readded > 0) {
      continue; // let perform start the new transfers before sleeping
    }
    check(curl_multi_poll(multi, nullptr, 0, 100, nullptr), "curl_multi_poll");
  }
}

Options parse(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "-c" && has_value) {
      options.concurrency = std::strtol(argv[++i], nullptr, 10);
    } else if (arg == "-d" && has_value) {
      options.seconds = std::strtod(argv[++i], nullptr);
    } else if (arg == "-n" && has_value) {
      options.max_requests = std::strtol(argv[++i], nullptr, 10);
    } else if (arg == "--mode" && has_value) {
      options.epoll = std::string(argv[++i]) == "epoll";
    } else if (arg == "--body" && has_value) {
      std::ifstream in(argv[++i], std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      options.body = text.str();
    } else if (options.url.empty() && arg.rfind("http", 0) == 0) {
      options.url = arg;
    } else {
      std::fprintf(stderr, "usage: bare_curl_loop URL [-c N] [-d SECONDS] [-n REQUESTS] "
                           "[--mode poll|epoll] [--body FILE]\n");
      std::exit(2);
    }
  }
  if (options.url.empty() || options.concurrency < 1 || options.seconds <= 0) {
    std::fprintf(stderr, "bare_curl_loop: need a URL, -c >= 1 and -d > 0\n");
    std::exit(2);
  }
  return options;
}

} // namespace

int main(int argc, char **argv) {
  const Options options = parse(argc, argv);
  check(curl_global_init(CURL_GLOBAL_DEFAULT), "curl_global_init");
  CURLM *multi = curl_multi_init();
  check(curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.concurrency),
        "MAX_HOST_CONNECTIONS");
  check(curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, options.concurrency), "MAXCONNECTS");
  curl_slist *headers = curl_slist_append(nullptr, "Content-Type: application/json");
  Counters counters;
  counters.max_started = options.max_requests;
  std::vector<CURL *> handles;
  for (long i = 0; i < options.concurrency && counters.may_start(); ++i, ++counters.started) {
    handles.push_back(make_handle(options, headers, counters));
  }
  const Clock::time_point start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(options.seconds));
  for (CURL *easy : handles) {
    check(curl_multi_add_handle(multi, easy), "curl_multi_add_handle");
  }
  if (options.epoll) {
    run_epoll(multi, counters, end);
  } else {
    run_poll(multi, counters, end);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double user_s = static_cast<double>(usage.ru_utime.tv_sec) +
                        static_cast<double>(usage.ru_utime.tv_usec) / 1e6;
  const double sys_s = static_cast<double>(usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_stime.tv_usec) / 1e6;
  const double done = static_cast<double>(counters.requests + counters.errors);
  std::printf("mode=%s requests=%ld errors=%ld seconds=%.3f req_per_s=%.0f cpu_user_s=%.3f "
              "cpu_sys_s=%.3f cpu_us_per_req=%.2f max_rss_kb=%ld\n",
              options.epoll ? "epoll" : "poll", counters.requests, counters.errors, seconds,
              done / seconds, user_s, sys_s, done > 0 ? (user_s + sys_s) * 1e6 / done : 0.0,
              usage.ru_maxrss);
  for (CURL *easy : handles) {
    curl_multi_remove_handle(multi, easy);
    curl_easy_cleanup(easy);
  }
  curl_slist_free_all(headers);
  curl_multi_cleanup(multi);
  curl_global_cleanup();
  return counters.errors == 0 ? 0 : 1;
}
