#include "cli/mock_command.hpp"

#include "cli/app.hpp"
#include "mock/config.hpp"
#include "mock/standalone.hpp"
#include "util/units.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>

namespace chatbench::cli {
namespace {

// Flags as typed; turned into a mock::Config when the command runs, so that every problem is
// reported the same way (exit code 2 with the flag's name).
struct MockOptions {
  std::string profile = "openai";
  std::string listen = "127.0.0.1:0";
  std::string key_env;
  std::string model;
  std::string ttft = "0ms";
  std::string itl = "0ms";
  std::string output_tokens = "16";
  std::uint32_t tokens_per_chunk = 1;
  std::string header_delay = "0ms";
  std::uint32_t max_concurrency = 0;
  std::string token_rate;
  std::uint32_t max_queue = 0;
  std::vector<std::string> faults;
  bool no_fault_header = false;
  std::string stall = "10s";
  std::uint32_t retry_after = 1;
  std::uint64_t seed = 1;
  unsigned threads = 1;
  bool stamp_emissions = false;
};

template <class T> bool take(Result<T> parsed, std::string_view flag, T &into) {
  if (!parsed) {
    std::cerr << "chatbench mock: " << flag << ": " << parsed.error().message << '\n';
    return false;
  }
  into = std::move(*parsed);
  return true;
}

bool fill_timing(const MockOptions &o, mock::Config &c) {
  return take(mock::parse_time_distribution(o.ttft), "--ttft", c.latency.ttft_ns) &&
         take(mock::parse_time_distribution(o.itl), "--itl", c.latency.itl_ns) &&
         take(mock::parse_count_distribution(o.output_tokens), "--output-tokens",
              c.latency.output_tokens) &&
         take(util::parse_duration(o.header_delay), "--header-delay", c.latency.header_delay) &&
         take(util::parse_duration(o.stall), "--stall", c.stall);
}

bool fill_config(const MockOptions &o, mock::Config &c) {
  const auto provider = openai::provider_from_name(o.profile);
  if (!provider) {
    std::cerr << "chatbench mock: --profile: unknown provider \"" << o.profile
              << "\"; expected openai, infera, fortytwo, interactive, 8080 or solidrust\n";
    return false;
  }
  c.provider = *provider;
  std::pair<std::string, std::uint16_t> listen;
  if (!take(mock::parse_listen(o.listen), "--listen", listen) || !fill_timing(o, c)) {
    return false;
  }
  c.listen_host = listen.first;
  c.listen_port = listen.second;
  if (!o.key_env.empty()) {
    const char *key = std::getenv(o.key_env.c_str());
    if (key == nullptr || *key == '\0') {
      std::cerr << "chatbench mock: --key-env: the variable " << o.key_env << " is not set\n";
      return false;
    }
    c.api_key = key;
  }
  if (!o.token_rate.empty() &&
      !take(util::parse_rate(o.token_rate), "--token-rate", c.capacity.token_rate_per_s)) {
    return false;
  }
  for (const std::string &text : o.faults) {
    mock::FaultRule rule;
    if (!take(mock::parse_fault_rule(text), "--fault", rule)) {
      return false;
    }
    c.faults.push_back(std::move(rule));
  }
  c.model = o.model;
  c.latency.tokens_per_chunk = o.tokens_per_chunk;
  c.capacity.max_concurrency = o.max_concurrency;
  c.capacity.max_queue = o.max_queue;
  c.fault_header = !o.no_fault_header;
  c.retry_after_s = o.retry_after;
  c.seed = o.seed;
  c.threads = o.threads;
  c.stamp_emissions = o.stamp_emissions;
  return true;
}

int run_mock(const MockOptions &options) {
  mock::Config config;
  if (!fill_config(options, config)) {
    return k_exit_bad_input;
  }
  return mock::run_standalone(config, std::cout, std::cerr) == 0 ? k_exit_ok : k_exit_bad_input;
}

void add_latency_options(CLI::App *cmd, MockOptions &o) {
  cmd->add_option("--ttft", o.ttft,
                  "Time to first token: 200ms, normal:200ms,50ms, lognormal:M,SD, uniform:A,B")
      ->capture_default_str();
  cmd->add_option("--itl", o.itl, "Gap between tokens, same forms as --ttft")
      ->capture_default_str();
  cmd->add_option("--output-tokens", o.output_tokens,
                  "Tokens per answer: 128, normal:128,32, uniform:10,200 (capped by max_tokens)")
      ->capture_default_str();
  cmd->add_option("--tokens-per-chunk", o.tokens_per_chunk, "Tokens in one stream event")
      ->capture_default_str();
  cmd->add_option("--header-delay", o.header_delay, "Wait before sending anything (slow headers)")
      ->capture_default_str();
}

void add_capacity_and_fault_options(CLI::App *cmd, MockOptions &o) {
  cmd->add_option("--max-concurrency", o.max_concurrency,
                  "Generations at once; more requests queue (0: unlimited)")
      ->capture_default_str();
  cmd->add_option("--token-rate", o.token_rate,
                  "Tokens per second shared by all generations, e.g. 5k/s (default: unlimited)");
  cmd->add_option("--max-queue", o.max_queue, "Queued requests beyond which 429 (0: unbounded)")
      ->capture_default_str();
  cmd->add_option("--fault", o.faults,
                  "KIND[:p=0.1|:every=N|:at=1,5,9-12][:for=2s] (repeatable). Kinds: rate_limit, "
                  "server_error, unavailable, unauthorized, stall_headers, stall_stream, "
                  "malformed_json, missing_field, wrong_type, no_done, error_event, reset, "
                  "keepalive_comments, crlf, split_events, wrong_content_type");
  cmd->add_flag("--no-fault-header", o.no_fault_header,
                "Ignore x-mock-fault: KIND[,KIND] request headers");
  cmd->add_option("--stall", o.stall, "How long stall faults pause")->capture_default_str();
  cmd->add_option("--retry-after", o.retry_after, "Retry-After of 429 answers, in seconds")
      ->capture_default_str();
}

} // namespace

void add_mock_command(CLI::App &app, std::function<int()> &action) {
  auto options = std::make_shared<MockOptions>();
  CLI::App *cmd = app.add_subcommand(
      "mock", "Run a mock provider (no account needed): chat completions with latency, "
              "capacity and fault models");
  cmd->add_option("--profile", options->profile,
                  "openai, infera, fortytwo, interactive, 8080 or solidrust")
      ->capture_default_str();
  cmd->add_option("--listen", options->listen,
                  "HOST:PORT; port 0 picks a free one. Loopback unless given explicitly")
      ->capture_default_str();
  cmd->add_option("--key-env", options->key_env,
                  "Environment variable holding the API key to require (default: no key)");
  cmd->add_option("--model", options->model, "Model id for /v1/models and model-less requests");
  cmd->add_option("--seed", options->seed, "Seed of every random choice")->capture_default_str();
  cmd->add_option("--threads", options->threads, "I/O threads")->capture_default_str();
  cmd->add_flag("--stamp-emissions", options->stamp_emissions,
                "Put \"x_emitted_ns\" (steady-clock ns at the write) first in every content "
                "chunk, to measure a client's timestamp error");
  add_latency_options(cmd, *options);
  add_capacity_and_fault_options(cmd, *options);
  cmd->callback([&action, options] {
    action = [options] {
      return run_mock(*options);
    };
  });
}

} // namespace chatbench::cli
