#include "mock/server.hpp"

#include "mock/server_state.hpp"
#include "mock/session.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/socket.h>

#include <atomic>
#include <thread>
#include <vector>

namespace chatbench::mock {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

Result<asio::ip::address> resolve_host(const std::string &host) {
  if (host == "localhost") {
    return asio::ip::address(asio::ip::address_v4::loopback());
  }
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) {
    return make_error(ErrorCode::invalid_argument,
                      "expected an IP address or localhost to listen on, found \"" + host + "\"");
  }
  return address;
}

} // namespace

// One event loop, its thread and its listening socket.
struct Loop {
  asio::io_context context{1};
  tcp::acceptor acceptor{context};
  asio::steady_timer retry{context};
  std::thread thread;
};

struct Server::Impl {
  Impl(const Config &config) : state(config, config.threads) {}
  ~Impl() { stop(); }

  Result<void> listen(const asio::ip::address &address, std::uint16_t wanted_port);
  void accept(std::size_t loop);
  void stop();

  ServerState state; // outlives the loops, whose sessions refer to it
  std::vector<std::unique_ptr<Loop>> loops;
  std::uint16_t port = 0;
  std::string host;
  std::atomic<bool> stopped{false};
};

Result<void> Server::Impl::listen(const asio::ip::address &address, std::uint16_t wanted_port) {
  port = wanted_port;
  for (unsigned i = 0; i < state.config.threads; ++i) {
    auto loop = std::make_unique<Loop>();
    boost::system::error_code ec;
    const tcp::endpoint endpoint(address, port);
    loop->acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
      loop->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec && state.config.threads > 1) {
      // Each loop listens on the same port; the kernel spreads connections across them.
      const int one = 1;
      if (::setsockopt(loop->acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one,
                       sizeof one) != 0) {
        ec = boost::system::error_code(errno, boost::system::system_category());
      }
    }
    if (!ec) {
      loop->acceptor.bind(endpoint, ec);
    }
    if (!ec) {
      loop->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      return make_error(ErrorCode::io, "cannot listen on " + address.to_string() + ":" +
                                           std::to_string(port) + ": " + ec.message());
    }
    port = loop->acceptor.local_endpoint().port();
    loops.push_back(std::move(loop));
  }
  return {};
}

void Server::Impl::accept(std::size_t index) {
  Loop &loop = *loops[index];
  loop.acceptor.async_accept([this, index](boost::system::error_code ec, tcp::socket socket) {
    Loop &l = *loops[index];
    if (ec == asio::error::operation_aborted || !l.acceptor.is_open()) {
      return;
    }
    if (ec) {
      // Out of file descriptors, typically: try again shortly instead of spinning.
      l.retry.expires_after(std::chrono::milliseconds(10));
      l.retry.async_wait([this, index](boost::system::error_code) { accept(index); });
      return;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<Session>(std::move(socket), state, *state.lags[index])->start();
    accept(index);
  });
}

void Server::Impl::stop() {
  if (stopped.exchange(true)) {
    return;
  }
  for (auto &loop : loops) {
    loop->context.stop();
  }
  for (auto &loop : loops) {
    if (loop->thread.joinable()) {
      loop->thread.join();
    }
  }
  // Queued sessions are kept alive by their admission callbacks: drop those first, then the
  // loops (and with them every session) while the shared state still exists.
  state.admission.shutdown();
  loops.clear();
}

Result<std::unique_ptr<Server>> Server::start(const Config &config) {
  if (auto valid = validate(config); !valid) {
    return Unexpected(std::move(valid).error());
  }
  auto address = resolve_host(config.listen_host);
  if (!address) {
    return Unexpected(std::move(address).error());
  }
  auto impl = std::make_unique<Impl>(config);
  impl->host = address->is_unspecified()
                   ? (address->is_v6() ? std::string("[::1]") : std::string("127.0.0.1"))
                   : (address->is_v6() ? "[" + address->to_string() + "]" : address->to_string());
  if (auto listening = impl->listen(*address, config.listen_port); !listening) {
    return Unexpected(std::move(listening).error());
  }
  for (std::size_t i = 0; i < impl->loops.size(); ++i) {
    impl->accept(i);
    Loop &loop = *impl->loops[i];
    loop.thread = std::thread([&loop] { loop.context.run(); });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Server::~Server() = default;

std::uint16_t Server::port() const noexcept {
  return m_impl->port;
}

std::string Server::base_url() const {
  return "http://" + m_impl->host + ":" + std::to_string(m_impl->port);
}

Stats Server::stats() const {
  return m_impl->state.stats();
}

void Server::stop() {
  m_impl->stop();
}

} // namespace chatbench::mock
