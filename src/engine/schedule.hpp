#pragma once
// Arrival schedules as values: a piecewise-linear level over time (requests per second for an
// open loop, requests in flight for a closed loop) and a seeded arrival process that follows it.
// Pure and deterministic: the same options and seed give the same arrivals on every machine and
// standard library (the random variates are drawn here from std::mt19937_64's raw output, not
// through <random>'s distributions, whose algorithms are implementation-defined).
//
// Time is measured from the start of the run (warmup included) as std::chrono::nanoseconds.
// Thread-safety: none inside; each worker owns its copies.
#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <vector>

namespace chatbench::engine {

using Nanos = std::chrono::nanoseconds;

/// One segment of a level profile: over `duration` the level moves linearly from the previous
/// segment's target (or the profile's initial level) to `target`.
struct Stage {
  Nanos duration{0};
  double target = 0;
};

/// level(t) for t >= 0: starts at `initial`, follows the stages, then holds the last target.
/// Without stages the level is `initial` forever.
class LevelProfile {
public:
  /// A constant level.
  explicit LevelProfile(double level = 0);

  /// ErrorCode::invalid_argument when a level is negative or not finite, or a stage has a
  /// negative duration.
  static Result<LevelProfile> create(double initial, std::span<const Stage> stages);

  double level_at(Nanos t) const noexcept;
  /// The integral of the level from 0 to t, in level x seconds (expected arrivals for a rate).
  double integral(Nanos t) const noexcept;
  /// The earliest t with integral(t) >= area, or nullopt when the integral never gets there
  /// (the level ends at 0). Exact up to floating point, including across ramps.
  std::optional<Nanos> time_of_integral(double area) const noexcept;
  /// The earliest t >= from with level_at(t) >= level, or nullopt when that never happens.
  std::optional<Nanos> time_reaching(double level, Nanos from) const noexcept;
  /// The end of the last stage; nullopt without stages.
  std::optional<Nanos> end() const noexcept;
  /// The highest level ever reached.
  double max_level() const noexcept;

private:
  struct Knot {
    double t_s = 0;   // segment start, seconds
    double level = 0; // level at t_s
    double area = 0;  // integral from 0 to t_s
  };
  // Knots at every stage boundary; the level is linear between knots and constant after the last.
  std::vector<Knot> m_knots;
  bool m_staged = false;
};

enum class ArrivalKind : std::uint8_t {
  constant, ///< evenly spaced (in integrated rate)
  poisson,  ///< exponential gaps, CV 1
  gamma,    ///< gamma gaps with shape = burstiness (CV 1/sqrt(shape)); shape 1 is Poisson
};

struct ArrivalOptions {
  ArrivalKind kind = ArrivalKind::constant;
  double burstiness = 1; ///< gamma shape, > 0; ignored by the other kinds
  std::uint64_t seed = 1;
};

struct Arrival {
  std::uint64_t index = 0; ///< 0, 1, 2, ... in time order
  Nanos intended{0};       ///< scheduled send time since the run start
};

/// The arrivals of a (possibly time-varying) rate: a unit-rate renewal process (gaps of mean 1
/// drawn per `kind`) time-warped through the cumulative rate, i.e. arrival k is at
/// time_of_integral(S_k) where S_k is the sum of the first k+1 unit gaps. So the expected number
/// of arrivals in [a, b) is integral(b) - integral(a) for every kind, across ramps, and within a
/// constant-rate stretch the gaps have the kind's distribution scaled by 1/rate.
class ArrivalProcess {
public:
  /// ErrorCode::invalid_argument for burstiness <= 0 or not finite with ArrivalKind::gamma.
  static Result<ArrivalProcess> create(const ArrivalOptions &options, LevelProfile rate_per_s);

  /// The next arrival, or nullopt once the rate has ended at 0 (then always nullopt).
  std::optional<Arrival> next();

private:
  ArrivalProcess(const ArrivalOptions &options, LevelProfile rate_per_s);
  double unit_gap();

  ArrivalOptions m_options;
  LevelProfile m_rate;
  std::mt19937_64 m_rng;
  double m_area = 0; // S_k so far
  std::uint64_t m_index = 0;
  bool m_ended = false;
};

/// Worker `worker`'s share of an integer quantity split over `workers`: the first
/// quantity % workers workers get one more, so the shares sum to `quantity` exactly.
constexpr std::uint64_t share_of(std::uint64_t quantity, std::uint32_t worker,
                                 std::uint32_t workers) noexcept {
  return quantity / workers + (worker < quantity % workers ? 1 : 0);
}

/// The smallest quantity whose share for `worker` is at least `share` (share >= 1).
constexpr std::uint64_t quantity_for_share(std::uint64_t share, std::uint32_t worker,
                                           std::uint32_t workers) noexcept {
  return (share - 1) * workers + worker + 1;
}

/// Random variates from raw generator output (exposed for the distribution tests).
double uniform_01(std::mt19937_64 &rng) noexcept;                    ///< [0, 1), 53 random bits
double exponential_unit(std::mt19937_64 &rng) noexcept;              ///< mean 1
double gamma_unit_mean(double shape, std::mt19937_64 &rng) noexcept; ///< mean 1, CV 1/sqrt(shape)

} // namespace chatbench::engine
