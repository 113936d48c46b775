#pragma once
// The floor under bench_ttft_error's figures: the same path without HTTP, SSE, JSON or libcurl.
// A sender thread writes 8-byte messages holding steady_clock ns read just before its send()
// over a 127.0.0.1 TCP connection (TCP_NODELAY), one every `period`; a receiver thread sleeps in
// epoll_wait on the socket, as the engine does, reads, and records read time - stamp. What is
// left is the kernel's loopback send (which on Linux runs the receiver's TCP input too), the
// receiver's wake-up and one recv: the part of the TTFT error no client can avoid here.
//
// The sender runs with affinity `sender_cpus`, the receiver with `receiver_cpus` (the bench
// passes the mock's and the engine's). Blocks for about samples x period. Errors (a socket call
// failing) come back as ErrorCode::io.
#include "metrics/histogram.hpp"
#include "util/result.hpp"

#include <sched.h>

#include <chrono>
#include <cstdint>

namespace chatbench::bench {

struct FloorOptions {
  std::uint32_t samples = 2000;
  std::chrono::nanoseconds period = std::chrono::milliseconds(1);
  cpu_set_t sender_cpus{};
  cpu_set_t receiver_cpus{};
};

Result<metrics::Histogram> measure_loopback_floor(const FloorOptions &options);

} // namespace chatbench::bench
