#include "mock/standalone.hpp"

#include "mock/server.hpp"
#include "util/units.hpp"

#include <csignal>
#include <ostream>
#include <pthread.h>

namespace chatbench::mock {

int run_standalone(const Config &config, std::ostream &out, std::ostream &err) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  // Blocked before the server's threads start, so that they inherit the mask and sigwait()
  // below is the only receiver.
  pthread_sigmask(SIG_BLOCK, &signals, &previous);

  auto server = Server::start(config);
  if (!server) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    err << "chatbench mock: " << server.error().message << '\n';
    return 2;
  }
  const auto &provider = openai::info(config.provider);
  out << "listening on " << (*server)->base_url() << '\n'
      << "profile " << provider.name << ": POST " << provider.path
      << (config.api_key ? " (key required)" : "") << ", GET /health, /v1/models, /stats"
      << std::endl;

  int signal = 0;
  sigwait(&signals, &signal);
  (*server)->stop();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);

  const Stats stats = (*server)->stats();
  out << "stopped (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << "): " << stats.completions
      << " completions (" << stats.streams << " streams), " << stats.http_requests
      << " HTTP requests; emission lag p50 " << util::format_duration(stats.emission_lag.p50)
      << ", p99 " << util::format_duration(stats.emission_lag.p99) << ", max "
      << util::format_duration(stats.emission_lag.max) << std::endl;
  return 0;
}

} // namespace chatbench::mock
