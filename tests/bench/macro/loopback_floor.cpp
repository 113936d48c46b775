#include "loopback_floor.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>

namespace chatbench::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

class Fd {
public:
  explicit Fd(int fd = -1) noexcept : m_fd(fd) {}
  Fd(Fd &&other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  Fd &operator=(Fd &&) = delete;
  ~Fd() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  int get() const noexcept { return m_fd; }

private:
  int m_fd;
};

Unexpected io_error(const std::string &what) {
  return make_error(ErrorCode::io, what + ": " + std::strerror(errno));
}

// A connected pair over 127.0.0.1: {sender's end, receiver's end}.
Result<std::pair<Fd, Fd>> loopback_pair() {
  Fd listener(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  auto *generic = reinterpret_cast<sockaddr *>(&address); // the sockets API's own idiom
  if (listener.get() < 0 || ::bind(listener.get(), generic, length) != 0 ||
      ::listen(listener.get(), 1) != 0 || ::getsockname(listener.get(), generic, &length) != 0) {
    return io_error("loopback listener");
  }
  Fd sender(::socket(AF_INET, SOCK_STREAM, 0));
  if (sender.get() < 0 || ::connect(sender.get(), generic, length) != 0) {
    return io_error("loopback connect");
  }
  Fd receiver(::accept(listener.get(), nullptr, nullptr));
  const int one = 1;
  if (receiver.get() < 0 ||
      ::setsockopt(sender.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
    return io_error("loopback accept");
  }
  return std::pair<Fd, Fd>(std::move(sender), std::move(receiver));
}

void send_stamps(int fd, const FloorOptions &options) {
  sched_setaffinity(0, sizeof options.sender_cpus, &options.sender_cpus);
  Clock::time_point next = Clock::now() + options.period;
  for (std::uint32_t i = 0; i < options.samples; ++i) {
    std::this_thread::sleep_until(next);
    next += options.period;
    const std::int64_t stamp = now_ns();
    if (::send(fd, &stamp, sizeof stamp, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof stamp)) {
      break;
    }
  }
  ::shutdown(fd, SHUT_WR);
}

// Reads until the sender shuts down; each complete 8-byte stamp gives one sample.
Result<void> receive_stamps(int fd, const FloorOptions &options, metrics::Histogram &out) {
  sched_setaffinity(0, sizeof options.receiver_cpus, &options.receiver_cpus);
  Fd epoll(::epoll_create1(0));
  epoll_event interest{};
  interest.events = EPOLLIN;
  if (epoll.get() < 0 || ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, fd, &interest) != 0) {
    return io_error("epoll");
  }
  char buffer[4096];
  std::size_t kept = 0;
  for (;;) {
    epoll_event ready{};
    if (::epoll_wait(epoll.get(), &ready, 1, -1) < 0 && errno != EINTR) {
      return io_error("epoll_wait");
    }
    const ssize_t n = ::recv(fd, buffer + kept, sizeof buffer - kept, 0);
    const std::int64_t read_ns = now_ns();
    if (n <= 0) {
      return {};
    }
    kept += static_cast<std::size_t>(n);
    std::size_t at = 0;
    for (; at + sizeof(std::int64_t) <= kept; at += sizeof(std::int64_t)) {
      std::int64_t stamp = 0;
      std::memcpy(&stamp, buffer + at, sizeof stamp);
      out.record(read_ns - stamp);
    }
    std::memmove(buffer, buffer + at, kept - at);
    kept -= at;
  }
}

} // namespace

Result<metrics::Histogram> measure_loopback_floor(const FloorOptions &options) {
  auto pair = loopback_pair();
  if (!pair) {
    return Unexpected(std::move(pair).error());
  }
  metrics::Histogram floor;
  Result<void> received;
  std::thread receiver([&] { received = receive_stamps(pair->second.get(), options, floor); });
  std::thread sender([&] { send_stamps(pair->first.get(), options); });
  sender.join();
  receiver.join();
  if (!received) {
    return Unexpected(std::move(received).error());
  }
  return floor;
}

} // namespace chatbench::bench
