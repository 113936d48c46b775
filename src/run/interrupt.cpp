#include "run/interrupt.hpp"

#include <array>
#include <atomic>
#include <csignal>
#include <unistd.h>

namespace chatbench::run {
namespace {

// The engines signals reach: a fixed array of atomic slots, which the handler may read.
std::array<std::atomic<engine::StopSignal *>, InterruptGuard::k_max_watched> g_stops{};
std::atomic<int> g_signals{0};
struct sigaction g_old_int {};
struct sigaction g_old_term {};

static_assert(std::atomic<engine::StopSignal *>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free);

void say(const char *text, std::size_t size) noexcept {
  const ssize_t ignored = ::write(STDERR_FILENO, text, size);
  static_cast<void>(ignored);
}

void apply(engine::StopSignal *stop, int signals) noexcept {
  if (stop == nullptr || signals == 0) {
    return;
  }
  if (signals == 1) {
    stop->request_drain();
  } else {
    stop->request_abort();
  }
}

extern "C" void on_signal(int) {
  const int signals = g_signals.fetch_add(1) + 1;
  if (signals == 1) {
    static constexpr char k_text[] =
        "\nchatbench: interrupted; finishing requests in flight (again to abort)\n";
    say(k_text, sizeof k_text - 1);
  } else if (signals == 2) {
    static constexpr char k_text[] = "\nchatbench: aborting\n";
    say(k_text, sizeof k_text - 1);
  }
  for (std::atomic<engine::StopSignal *> &slot : g_stops) {
    apply(slot.load(), signals);
  }
}

void clear_slots() noexcept {
  for (std::atomic<engine::StopSignal *> &slot : g_stops) {
    slot.store(nullptr);
  }
}

} // namespace

InterruptGuard::InterruptGuard() {
  g_signals.store(0);
  clear_slots();
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &g_old_int);
  sigaction(SIGTERM, &action, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  clear_slots();
}

bool InterruptGuard::watch(engine::StopSignal *stop) noexcept {
  for (std::atomic<engine::StopSignal *> &slot : g_stops) {
    engine::StopSignal *empty = nullptr;
    if (slot.compare_exchange_strong(empty, stop)) {
      apply(stop, g_signals.load());
      return true;
    }
  }
  return false;
}

void InterruptGuard::unwatch(engine::StopSignal *stop) noexcept {
  for (std::atomic<engine::StopSignal *> &slot : g_stops) {
    engine::StopSignal *expected = stop;
    slot.compare_exchange_strong(expected, nullptr);
  }
}

bool InterruptGuard::interrupted() const noexcept {
  return g_signals.load() > 0;
}

} // namespace chatbench::run
