// bench_ttft_error: how far the engine's first-token timestamps are from the moment the first
// token actually left the provider. Runs the mock provider in-process with stamp_emissions (each
// content chunk carries the steady-clock time of its write) and the engine in a closed loop of
// C streams against it on 127.0.0.1, then prints, per request, first_token_ns - stamp of the
// first content chunk (the TTFT measurement error), the same for every token event, the mock's
// own emission lag (actual - scheduled write time) and the CPU used. See stamp_probe.hpp for why
// the difference is exact, and docs/BENCHMARKS.md ("TTFT measurement error") for figures.
//
//   bench_ttft_error [-c 1000] [-d 10s] [--warmup 2s] [-n REQUESTS] [--ttft 200ms] [--itl 20ms]
//                    [--tokens 50] [--mock-threads 1] [--workers 1] [--pin-mock CPU]
//                    [--pin-client CPU] [--floor-samples 2000]
//
// -n REQUESTS bounds the measured phase by count instead of -d. --ttft and --itl take the mock's
// distributions ("200ms", "uniform:150ms,250ms", ...), --tokens its count forms. --pin-mock /
// --pin-client set the CPU affinity of the mock's and the engine's threads (inherited from the
// main thread when each starts). --floor-samples N (0: off) first measures the loopback floor,
// N messages 1 ms apart (loopback_floor.hpp), with the same affinities. Exit code 0, or 2 on a
// bad flag or a failed start.
#include "engine/engine.hpp"
#include "loopback_floor.hpp"
#include "mock/config.hpp"
#include "mock/server.hpp"
#include "openai/provider.hpp"
#include "stamp_probe.hpp"
#include "util/units.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace chatbench;
using namespace std::chrono_literals;

struct Options {
  std::uint32_t concurrency = 1000;
  std::chrono::nanoseconds duration = 10s;
  std::chrono::nanoseconds warmup = 2s;
  std::optional<std::uint64_t> requests;
  std::string ttft = "200ms";
  std::string itl = "20ms";
  std::string tokens = "50";
  unsigned mock_threads = 1;
  std::uint32_t workers = 1;
  int pin_mock = -1;
  int pin_client = -1;
  std::uint32_t floor_samples = 2000;
};

[[noreturn]] void fail(const std::string &message) {
  std::fprintf(stderr, "bench_ttft_error: %s\n", message.c_str());
  std::exit(2);
}

template <class T> T value_or_fail(Result<T> parsed, const std::string &flag) {
  if (!parsed) {
    fail(flag + ": " + parsed.error().message);
  }
  return std::move(*parsed);
}

// "10" is seconds, "10s" / "500ms" as util::parse_duration.
std::chrono::nanoseconds seconds_or_duration(const std::string &text, const std::string &flag) {
  char *end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (end != text.c_str() && *end == '\0' && seconds >= 0) {
    return std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9));
  }
  return value_or_fail(util::parse_duration(text), flag);
}

std::uint64_t count_or_fail(const std::string &text, const std::string &flag) {
  return value_or_fail(util::parse_count(text), flag);
}

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      fail("usage: bench_ttft_error [-c N] [-d 10s] [--warmup 2s] [-n REQUESTS] [--ttft 200ms] "
           "[--itl 20ms] [--tokens 50] [--mock-threads 1] [--workers 1] [--pin-mock CPU] "
           "[--pin-client CPU] [--floor-samples 2000]");
    }
    const std::string value = argv[++i];
    if (flag == "-c") {
      o.concurrency = static_cast<std::uint32_t>(count_or_fail(value, flag));
    } else if (flag == "-d") {
      o.duration = seconds_or_duration(value, flag);
    } else if (flag == "--warmup") {
      o.warmup = seconds_or_duration(value, flag);
    } else if (flag == "-n") {
      o.requests = count_or_fail(value, flag);
    } else if (flag == "--ttft") {
      o.ttft = value;
    } else if (flag == "--itl") {
      o.itl = value;
    } else if (flag == "--tokens") {
      o.tokens = value;
    } else if (flag == "--mock-threads") {
      o.mock_threads = static_cast<unsigned>(count_or_fail(value, flag));
    } else if (flag == "--workers") {
      o.workers = static_cast<std::uint32_t>(count_or_fail(value, flag));
    } else if (flag == "--pin-mock") {
      o.pin_mock = static_cast<int>(count_or_fail(value, flag));
    } else if (flag == "--pin-client") {
      o.pin_client = static_cast<int>(count_or_fail(value, flag));
    } else if (flag == "--floor-samples") {
      o.floor_samples = static_cast<std::uint32_t>(count_or_fail(value, flag));
    } else {
      fail("unknown flag " + flag);
    }
  }
  if (o.concurrency == 0 || o.workers == 0) {
    fail("-c and --workers must be at least 1");
  }
  return o;
}

// Client and mock sockets live in this one process: two descriptors per stream, plus slack.
void raise_open_files(std::uint32_t concurrency) {
  const rlim_t needed = rlim_t{concurrency} * 2 + 256;
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur >= needed) {
    return;
  }
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) {
    fail("needs " + std::to_string(needed) + " open files; the hard limit is " +
         std::to_string(limit.rlim_max));
  }
  limit.rlim_cur = needed;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    fail("setrlimit(RLIMIT_NOFILE) failed");
  }
}

// One CPU, or `inherited` (the process's own affinity, e.g. from taskset) for cpu < 0.
cpu_set_t cpus_for(int cpu, const cpu_set_t &inherited) {
  cpu_set_t set = inherited;
  if (cpu >= 0) {
    CPU_ZERO(&set);
    CPU_SET(static_cast<std::size_t>(cpu), &set);
  }
  return set;
}

// Threads started afterwards inherit the calling thread's affinity.
void pin_this_thread(const cpu_set_t &set) {
  if (sched_setaffinity(0, sizeof set, &set) != 0) {
    fail("cannot set the CPU affinity (--pin-mock / --pin-client)");
  }
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

double cpu_seconds(const timeval &t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

mock::Config mock_config(const Options &o) {
  mock::Config config;
  config.stamp_emissions = true;
  config.threads = o.mock_threads;
  config.latency.ttft_ns = value_or_fail(mock::parse_time_distribution(o.ttft), "--ttft");
  config.latency.itl_ns = value_or_fail(mock::parse_time_distribution(o.itl), "--itl");
  config.latency.output_tokens =
      value_or_fail(mock::parse_count_distribution(o.tokens), "--tokens");
  return config;
}

engine::EngineOptions engine_options(const Options &o, const std::string &url) {
  engine::Target target;
  target.url = url;
  target.timeouts.connect = 10s;
  target.timeouts.first_token = 30s;
  target.timeouts.idle = 10s;
  target.timeouts.total = 120s;
  engine::EngineOptions options;
  options.targets.push_back(std::move(target));
  options.plan.load = engine::ClosedLoad{engine::LevelProfile(o.concurrency)};
  options.plan.phases.warmup_duration = o.warmup;
  if (o.requests) {
    options.plan.phases.requests = o.requests; // -n replaces -d
  } else {
    options.plan.phases.duration = o.duration;
  }
  options.plan.phases.drain = 60s;
  options.workers = o.workers;
  return options;
}

struct FixedStreamSource final : engine::RequestSource {
  std::shared_ptr<const std::string> body = std::make_shared<const std::string>(
      R"({"model":"mock-model","messages":[{"role":"user","content":"Hi"}],"stream":true})");
  Result<void> next(std::uint64_t, engine::Request &request) override {
    request.target = 0;
    request.stream = true;
    request.shared_body = body;
    return {};
  }
};

void print_us(const char *name, const metrics::Histogram &h) {
  const auto us = [&h](double percentile) {
    return static_cast<double>(h.value_at_percentile(percentile)) / 1e3;
  };
  std::printf("%-22s n=%llu p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f (us)\n", name,
              static_cast<unsigned long long>(h.count()), us(50), us(90), us(99), us(99.9),
              static_cast<double>(h.max()) / 1e3);
}

void print_lag(const mock::LagSummary &lag) {
  const auto us = [](std::chrono::nanoseconds ns) {
    return static_cast<double>(ns.count()) / 1e3;
  };
  std::printf("%-22s n=%llu p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f (us, +-3%%)\n",
              "mock emission lag", static_cast<unsigned long long>(lag.count), us(lag.p50),
              us(lag.p90), us(lag.p99), us(lag.p999), us(lag.max));
}

struct Measured {
  metrics::Histogram floor_ns;
  bench::StampLedger ledger;
  engine::RunResult run;
  mock::Stats mock;
};

metrics::Histogram measure_floor(const Options &o, const cpu_set_t &inherited) {
  if (o.floor_samples == 0) {
    return {};
  }
  const bench::FloorOptions floor{o.floor_samples, 1ms, cpus_for(o.pin_mock, inherited),
                                  cpus_for(o.pin_client, inherited)};
  return value_or_fail(bench::measure_loopback_floor(floor), "loopback floor");
}

// Mock and engine, with the mock's threads and the engine's workers on their CPUs.
Measured measure(const Options &o, const cpu_set_t &inherited) {
  Measured m;
  pin_this_thread(cpus_for(o.pin_mock, inherited)); // the mock's threads inherit this
  auto server = mock::Server::start(mock_config(o));
  if (!server) {
    fail("starting the mock: " + server.error().message);
  }
  pin_this_thread(cpus_for(o.pin_client, inherited)); // the engine's workers inherit this
  const std::string url =
      (*server)->base_url() + std::string(openai::info(openai::Provider::openai).path);
  engine::EngineOptions options = engine_options(o, url);
  auto ledgers = std::make_shared<std::vector<std::unique_ptr<bench::StampLedger>>>();
  options.plugins = [ledgers](std::uint32_t i) -> Result<engine::WorkerPlugins> {
    while (ledgers->size() <= i) {
      ledgers->push_back(std::make_unique<bench::StampLedger>());
    }
    engine::WorkerPlugins plugins;
    plugins.source = std::make_unique<FixedStreamSource>();
    plugins.classifier = std::make_unique<bench::StampClassifier>(*(*ledgers)[i]);
    plugins.sink = std::make_unique<bench::StampSink>(*(*ledgers)[i]);
    return plugins;
  };
  auto engine = engine::Engine::create(std::move(options));
  if (!engine) {
    fail("creating the engine: " + engine.error().message);
  }
  auto run = (*engine)->run();
  if (!run) {
    fail("running the engine: " + run.error().message);
  }
  m.run = std::move(*run);
  m.mock = (*server)->stats();
  (*server)->stop();
  for (const auto &ledger : *ledgers) {
    m.ledger.merge(*ledger);
  }
  return m;
}

void print_engine(const Measured &m) {
  std::uint64_t wakeups = 0;
  std::uint64_t iterations = 0;
  for (const engine::WorkerResult &worker : m.run.workers) {
    wakeups += worker.stats.wakeups;
    iterations += worker.stats.iterations;
  }
  const bench::StampLedger &l = m.ledger;
  std::printf("requests: measured=%llu ok=%llu events=%llu unstamped_token_events=%llu "
              "min_error_ns=%lld\n",
              static_cast<unsigned long long>(l.records), static_cast<unsigned long long>(l.ok),
              static_cast<unsigned long long>(l.events),
              static_cast<unsigned long long>(l.unstamped),
              static_cast<long long>(l.token_error_ns.count() > 0 ? l.min_error_ns : 0));
  std::printf("engine: workers=%zu epoll_wakeups=%llu loop_iterations=%llu\n", m.run.workers.size(),
              static_cast<unsigned long long>(wakeups),
              static_cast<unsigned long long>(iterations));
}

} // namespace

int main(int argc, char **argv) {
  const Options o = parse(argc, argv);
  raise_open_files(o.concurrency);
  std::printf("bench_ttft_error: -c %u -d %.1fs --warmup %.1fs --ttft %s --itl %s --tokens %s "
              "--mock-threads %u --workers %u --pin-mock %d --pin-client %d\n",
              o.concurrency, std::chrono::duration<double>(o.duration).count(),
              std::chrono::duration<double>(o.warmup).count(), o.ttft.c_str(), o.itl.c_str(),
              o.tokens.c_str(), o.mock_threads, o.workers, o.pin_mock, o.pin_client);
  std::printf("load average before: %s\n", load_average().c_str());
  cpu_set_t inherited;
  CPU_ZERO(&inherited);
  sched_getaffinity(0, sizeof inherited, &inherited);
  metrics::Histogram floor_ns = measure_floor(o, inherited);
  const auto wall_start = std::chrono::steady_clock::now();
  rusage before{};
  getrusage(RUSAGE_SELF, &before);

  Measured m = measure(o, inherited);
  m.floor_ns = std::move(floor_ns);

  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  print_engine(m);
  print_us("loopback floor", m.floor_ns);
  print_us("first-token error", m.ledger.first_token_error_ns);
  print_us("every-token error", m.ledger.token_error_ns);
  print_lag(m.mock.emission_lag);
  const double user_s = cpu_seconds(after.ru_utime) - cpu_seconds(before.ru_utime);
  const double sys_s = cpu_seconds(after.ru_stime) - cpu_seconds(before.ru_stime);
  const double client_s = static_cast<double>(m.ledger.thread_cpu_ns) / 1e9;
  const double mock_s = user_s + sys_s - client_s;
  const auto per = [](double seconds, std::uint64_t count) {
    return count == 0 ? 0.0 : seconds * 1e6 / static_cast<double>(count);
  };
  std::printf("cpu: wall=%.2fs user=%.2fs sys=%.2fs (%.0f%% of a core); engine workers %.2fs "
              "(%.1f us per SSE event), mock and the rest %.2fs (%.1f us per timed write); "
              "max_rss=%ld KiB\n",
              wall_s, user_s, sys_s, 100 * (user_s + sys_s) / wall_s, client_s,
              per(client_s, m.ledger.all_events), mock_s, per(mock_s, m.mock.emission_lag.count),
              after.ru_maxrss);
  std::printf("load average after: %s\n", load_average().c_str());
  return 0;
}
