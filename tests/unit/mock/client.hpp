#pragma once
// A blocking loopback HTTP client for the server tests: one request per connection
// (Connection: close), everything read until the server closes, with the time of each read.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace chatbench::mock::test {

struct Exchange {
  std::string bytes;
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::size_t>> reads; ///< time, size
  std::chrono::steady_clock::time_point sent;
  boost::system::error_code end; ///< eof, or connection_reset for a reset
};

inline std::string request_text(std::string_view method, std::string_view path,
                                std::string_view body,
                                const std::map<std::string, std::string> &headers = {}) {
  std::string r = std::string(method) + " " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n";
  r += "Connection: close\r\n";
  for (const auto &[name, value] : headers) {
    r += name + ": " + value + "\r\n";
  }
  if (!body.empty()) {
    r +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  r += "\r\n";
  r += body;
  return r;
}

inline Exchange round_trip(std::uint16_t port, const std::string &request) {
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  Exchange x;
  x.sent = std::chrono::steady_clock::now();
  asio::write(socket, asio::buffer(request));
  char buffer[65536];
  for (;;) {
    boost::system::error_code ec;
    const std::size_t n = socket.read_some(asio::buffer(buffer), ec);
    if (n > 0) {
      x.reads.emplace_back(std::chrono::steady_clock::now(), n);
      x.bytes.append(buffer, n);
    }
    if (ec) {
      x.end = ec;
      break;
    }
  }
  return x;
}

} // namespace chatbench::mock::test
