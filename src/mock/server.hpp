#pragma once
// The mock provider's HTTP/1.1 server (Boost.Asio/Beast): GET /health, GET /stats,
// GET /v1/models (and the provider's own models path), and POST at the provider's
// chat-completions path, answered as that provider would (see profiles in bodies.hpp,
// errors.hpp and validation.hpp), with the latency, capacity and fault models of the Config.
//
// Threads: `threads` I/O threads, each with its own event loop and listening socket on the same
// port (SO_REUSEPORT when threads > 1); a connection stays on the thread that accepted it.
// All public members are thread-safe. stop() is idempotent, joins the threads and drops open
// connections; the destructor calls it.
#include "mock/config.hpp"
#include "mock/lag_histogram.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace chatbench::mock {

struct Stats {
  std::uint64_t http_requests = 0; ///< every parsed HTTP request
  std::uint64_t completions = 0;   ///< valid chat-completion requests (they get an index)
  std::uint64_t streams = 0;       ///< of which with stream: true
  std::uint64_t rejected = 0;      ///< 429s because the admission queue was full
  std::uint64_t faulted = 0;       ///< completions that got at least one injected fault
  std::uint32_t active = 0;        ///< generations holding a slot now
  std::size_t queued = 0;          ///< requests waiting for a slot now
  LagSummary emission_lag;         ///< actual - scheduled send time of every timed write
};

class Server {
public:
  /// Validates the config, binds, and starts serving. Fails with invalid_argument for a bad
  /// config and io when the address cannot be bound.
  static Result<std::unique_ptr<Server>> start(const Config &config);

  ~Server();
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  std::uint16_t port() const noexcept;
  /// "http://127.0.0.1:PORT" (the listen address; loopback when listening on a wildcard).
  std::string base_url() const;
  Stats stats() const;
  void stop();

  struct Impl;

private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

/// The body of GET /stats.
std::string stats_json(const Stats &stats);

} // namespace chatbench::mock
