#pragma once
// `chatbench mock --profile P [--listen HOST:PORT] [latency, capacity and fault flags]`: runs the
// mock provider in the foreground until SIGINT/SIGTERM. Prints "listening on http://HOST:PORT"
// with the actual port (port 0 picks one). Exit code 0 after a signal, 2 for bad flags or when
// the address cannot be bound.
#include <functional>

namespace CLI {
class App;
}

namespace chatbench::cli {

void add_mock_command(CLI::App &app, std::function<int()> &action);

} // namespace chatbench::cli
