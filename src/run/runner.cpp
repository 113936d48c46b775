#include "run/runner.hpp"

#include "run/capacity_runner.hpp"
#include "run/embedded_mock.hpp"
#include "run/engine_run.hpp"
#include "run/load_plan.hpp"
#include "run/target_setup.hpp"
#include "util/text.hpp"

#include <filesystem>
#include <mutex>
#include <optional>
#include <ostream>
#include <system_error>
#include <thread>

namespace chatbench::run {
namespace {

using detail::PreparedTarget;
using detail::Shared;

// Error bodies kept for the conformance checks; a longer one is not judged (reported cut short).
constexpr std::size_t k_checked_error_body_bytes = std::size_t{64} << 10;

conformance::Severity level_of(scenario::Checks::Conformance level) noexcept {
  using L = scenario::Checks::Conformance;
  return level == L::fail   ? conformance::Severity::fail
         : level == L::warn ? conformance::Severity::warn
                            : conformance::Severity::off;
}

// The target's profile, compiled once for the run, when checks are on.
Result<ConformanceOptions> conformance_options(const scenario::Scenario &scenario,
                                               const scenario::Target &target,
                                               const Workbench &bench) {
  ConformanceOptions options;
  options.cap = level_of(scenario.checks.conformance);
  options.sample = scenario.checks.conformance_sample;
  options.expect = {bench.builder.stream(), bench.builder.include_usage()};
  if (options.cap == conformance::Severity::off) {
    return options;
  }
  Result<std::shared_ptr<const conformance::Profile>> profile =
      conformance::Profile::load(openai::info(target.provider).name);
  if (!profile) {
    return make_error(ErrorCode::internal, "target " + util::quoted(target.name) +
                                               ": conformance profile: " + profile.error().message);
  }
  options.profile = std::move(*profile);
  return options;
}

metrics::Slo slo_of(const scenario::Slo &slo) {
  const auto ns = [](const std::optional<scenario::Nanos> &limit) {
    return limit ? limit->count() : std::int64_t{-1};
  };
  return metrics::Slo{ns(slo.ttft), ns(slo.tpot), ns(slo.itl_max), ns(slo.e2e)};
}

Result<PreparedTarget> prepare(const scenario::Scenario &scenario, const scenario::Target &target) {
  PreparedTarget p;
  p.target = &target;
  Result<std::shared_ptr<const Workbench>> bench = make_workbench(scenario, target);
  if (!bench) {
    return Unexpected(bench.error());
  }
  p.bench = std::move(*bench);
  Result<ConformanceOptions> conformance = conformance_options(scenario, target, *p.bench);
  if (!conformance) {
    return Unexpected(conformance.error());
  }
  p.conformance = std::move(*conformance);
  Result<std::string> key = read_api_key(target);
  if (!key) {
    return Unexpected(key.error());
  }
  // A mock target's URL is not known yet; a placeholder lets the headers be checked now.
  engine::Target et =
      engine_target(target, scenario.load, *key, target.is_mock() ? "http://127.0.0.1:1" : "");
  if (p.conformance.profile) {
    et.limits.error_body_bytes = k_checked_error_body_bytes; // error bodies are checked whole
  }
  if (Result<void> usable = engine::check_target(et); !usable) {
    return make_error(usable.error().code,
                      "target " + util::quoted(target.name) + ": " + usable.error().message);
  }
  p.engine_target = std::move(et);
  if (target.is_mock()) {
    Result<mock::Config> config = embedded_mock_config(target, scenario.seed, *key);
    if (!config) {
      return Unexpected(config.error());
    }
    p.mock = std::move(*config);
  }
  return p;
}

TargetRun describe(const PreparedTarget &p) {
  TargetRun out;
  out.name = p.target->name;
  out.provider = p.target->provider;
  out.url = p.engine_target.url;
  out.mock = p.target->is_mock();
  out.model = p.target->model;
  out.stream = p.bench->builder.stream();
  out.include_usage = p.bench->builder.include_usage();
  out.token_limit_field = std::string(p.bench->builder.token_limit_field());
  out.notes = p.bench->builder.notes();
  out.profile = std::string(openai::info(p.target->provider).name);
  out.conformance_level = p.conformance.cap;
  out.conformance_sample = p.conformance.sample;
  return out;
}

TargetRun run_target(Shared &shared, const PreparedTarget &p, bool show_progress) {
  TargetRun out = describe(p);
  std::unique_ptr<mock::Server> server;
  if (p.mock) {
    Result<std::unique_ptr<mock::Server>> started =
        start_embedded_mock(*p.mock, p.target->path, out.url);
    if (!started) {
      out.error = started.error().message;
      return out;
    }
    server = std::move(*started);
  }
  if (shared.scenario.load.mode == scenario::Load::Mode::sweep ||
      shared.scenario.load.mode == scenario::Load::Mode::search) {
    run_capacity(shared, p, out);
  } else {
    run_engine(shared, p, out, {&shared.plan, out.name, show_progress, {}, nullptr, nullptr});
  }
  if (server) {
    out.mock_figures = mock_figures(server->stats());
    server->stop();
  }
  return out;
}

// Every target at once, each on its own thread with its own engine (and mock), all started
// together; the first one draws the progress line. Output in the scenario's order.
void run_side_by_side(Shared &shared, const std::vector<PreparedTarget> &prepared,
                      std::vector<TargetRun> &out) {
  out.resize(prepared.size());
  std::vector<std::thread> threads;
  threads.reserve(prepared.size());
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    threads.emplace_back(
        [&shared, &prepared, &out, i] { out[i] = run_target(shared, prepared[i], i == 0); });
  }
  for (std::thread &thread : threads) {
    thread.join();
  }
}

Result<void> make_out_dir(const std::string &dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return make_error(ErrorCode::io,
                      "cannot create the report folder " + dir + ": " + error.message());
  }
  return {};
}

} // namespace

Result<RunOutput> run_scenario(const scenario::Scenario &scenario, const RunOptions &options) {
  std::vector<PreparedTarget> prepared;
  for (const scenario::Target &target : scenario.targets) {
    Result<PreparedTarget> p = prepare(scenario, target);
    if (!p) {
      return Unexpected(p.error());
    }
    if (options.notes != nullptr) {
      for (const std::string &note : p->bench->builder.notes()) {
        *options.notes << target.name << ": " << note << '\n';
      }
    }
    prepared.push_back(std::move(*p));
  }
  Result<engine::LoadPlan> plan = load_plan(scenario.load, scenario.seed);
  if (!plan) {
    return Unexpected(plan.error());
  }
  RunOutput output;
  output.manifest = make_manifest(scenario, options.manifest);
  output.out_dir = options.out_dir;
  if (Result<void> made = make_out_dir(options.out_dir); !made) {
    return Unexpected(made.error());
  }
  std::unique_ptr<RequestLog> log;
  if (options.write_requests) {
    Result<std::unique_ptr<RequestLog>> opened =
        RequestLog::open((std::filesystem::path(options.out_dir) / "requests.jsonl").string());
    if (!opened) {
      return Unexpected(opened.error());
    }
    log = std::move(*opened);
    output.requests_file = log->path();
  }
  std::vector<std::unique_ptr<engine::Engine>> engines;
  InterruptGuard interrupt;
  Shared shared{scenario,  options,   std::move(*plan), slo_of(scenario.checks.slo),
                log.get(), interrupt, engines,          {}};
  const auto wall_start = std::chrono::system_clock::now();
  const auto steady_start = std::chrono::steady_clock::now();
  if (scenario.load.side_by_side && prepared.size() > 1) {
    run_side_by_side(shared, prepared, output.targets);
  } else {
    for (const PreparedTarget &p : prepared) {
      if (interrupt.interrupted()) {
        break;
      }
      output.targets.push_back(run_target(shared, p, true));
    }
  }
  output.interrupted = interrupt.interrupted();
  output.manifest.started =
      output.targets.empty() || output.targets.front().start_wall.time_since_epoch().count() == 0
          ? wall_start
          : output.targets.front().start_wall;
  output.manifest.duration_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                    std::chrono::steady_clock::now() - steady_start)
                                    .count();
  if (log) {
    if (Result<void> written = log->status(); !written) {
      return Unexpected(written.error());
    }
  }
  return output;
}

} // namespace chatbench::run
