#pragma once
// `chatbench mock`: runs the mock in the foreground until SIGINT or SIGTERM.
#include "mock/config.hpp"

#include <iosfwd>

namespace chatbench::mock {

/// Starts a Server, writes "listening on http://HOST:PORT" (the actual port) and a line about
/// the profile to `out`, serves until SIGINT or SIGTERM, then writes a summary (requests,
/// emission lag) to `out`. Returns 0 after a signal, 2 when the server cannot start (the reason
/// goes to `err`). Blocks SIGINT and SIGTERM in the calling thread (and so in the server's
/// threads) for its duration. Call from the main thread, once at a time.
int run_standalone(const Config &config, std::ostream &out, std::ostream &err);

} // namespace chatbench::mock
