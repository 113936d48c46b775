#include "engine/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace chatbench::engine {
namespace {

constexpr double k_ns_per_s = 1e9;
// Times beyond ~30 years are "never" (and would overflow int64 nanoseconds near 292 years).
constexpr double k_never_s = 1e9;

double to_seconds(Nanos t) noexcept {
  return static_cast<double>(t.count()) / k_ns_per_s;
}

std::optional<Nanos> to_nanos(double seconds, bool round_up) noexcept {
  if (!(seconds < k_never_s)) {
    return std::nullopt;
  }
  const double ns = std::max(0.0, seconds * k_ns_per_s);
  return Nanos(static_cast<std::int64_t>(round_up ? std::ceil(ns) : std::nearbyint(ns)));
}

bool valid_level(double level) noexcept {
  return std::isfinite(level) && level >= 0;
}

} // namespace

LevelProfile::LevelProfile(double level) : m_knots{Knot{0, level, 0}} {}

Result<LevelProfile> LevelProfile::create(double initial, std::span<const Stage> stages) {
  if (!valid_level(initial)) {
    return make_error(ErrorCode::invalid_argument,
                      "initial level " + std::to_string(initial) + " must be finite and >= 0");
  }
  LevelProfile profile(initial);
  profile.m_staged = !stages.empty();
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const Stage &stage = stages[i];
    if (!valid_level(stage.target) || stage.duration.count() < 0) {
      return make_error(ErrorCode::invalid_argument,
                        "stage " + std::to_string(i) +
                            ": the target must be finite and >= 0 and the duration >= 0");
    }
    const Knot &last = profile.m_knots.back();
    const double d_s = to_seconds(stage.duration);
    profile.m_knots.push_back(
        Knot{last.t_s + d_s, stage.target, last.area + (last.level + stage.target) / 2 * d_s});
  }
  return profile;
}

double LevelProfile::level_at(Nanos t) const noexcept {
  const double t_s = std::max(0.0, to_seconds(t));
  // The last knot at or before t; a zero-length stage makes two knots share a time and the
  // later one (the new level) wins.
  const auto after = std::upper_bound(m_knots.begin(), m_knots.end(), t_s,
                                      [](double value, const Knot &k) { return value < k.t_s; });
  const Knot &k0 = *std::prev(after);
  if (after == m_knots.end()) {
    return k0.level;
  }
  const Knot &k1 = *after;
  return k0.level + (k1.level - k0.level) * (t_s - k0.t_s) / (k1.t_s - k0.t_s);
}

double LevelProfile::integral(Nanos t) const noexcept {
  const double t_s = std::max(0.0, to_seconds(t));
  const auto after = std::upper_bound(m_knots.begin(), m_knots.end(), t_s,
                                      [](double value, const Knot &k) { return value < k.t_s; });
  const Knot &k0 = *std::prev(after);
  const double dt = t_s - k0.t_s;
  if (after == m_knots.end()) {
    return k0.area + k0.level * dt;
  }
  const Knot &k1 = *after;
  const double slope = (k1.level - k0.level) / (k1.t_s - k0.t_s);
  return k0.area + k0.level * dt + slope * dt * dt / 2;
}

std::optional<Nanos> LevelProfile::time_of_integral(double area) const noexcept {
  if (!(area > 0)) {
    return Nanos(0);
  }
  // The first knot whose cumulative area reaches `area`; the answer lies in the segment before
  // it, which has positive area, so the solution is unique.
  const auto reach = std::lower_bound(m_knots.begin(), m_knots.end(), area,
                                      [](const Knot &k, double value) { return k.area < value; });
  if (reach == m_knots.end()) {
    const Knot &last = m_knots.back();
    if (last.level <= 0) {
      return std::nullopt;
    }
    return to_nanos(last.t_s + (area - last.area) / last.level, false);
  }
  const Knot &k1 = *reach;
  const Knot &k0 = *std::prev(reach); // reach != begin: the first knot's area is 0 < area
  const double d = k1.t_s - k0.t_s;
  const double slope = (k1.level - k0.level) / d;
  const double delta = area - k0.area;
  // Solve slope/2 dt^2 + level dt = delta in the cancellation-free form.
  const double root = std::sqrt(std::max(0.0, k0.level * k0.level + 2 * slope * delta));
  const double denominator = k0.level + root;
  const double dt = denominator > 0 ? 2 * delta / denominator : 0.0;
  return to_nanos(k0.t_s + std::clamp(dt, 0.0, d), false);
}

std::optional<Nanos> LevelProfile::time_reaching(double level, Nanos from) const noexcept {
  if (level_at(from) >= level) {
    return from;
  }
  const double from_s = to_seconds(from);
  for (std::size_t i = 0; i + 1 < m_knots.size(); ++i) {
    const Knot &k0 = m_knots[i];
    const Knot &k1 = m_knots[i + 1];
    if (k1.t_s < from_s || k1.level < level) {
      continue; // over before `from`, or below `level` throughout (it is linear)
    }
    // Here k0.level < level: otherwise `level` was reached at k0, before or at `from`.
    if (k1.t_s <= k0.t_s) {
      return std::max(from, to_nanos(k1.t_s, true).value_or(from));
    }
    const double slope = (k1.level - k0.level) / (k1.t_s - k0.t_s);
    const std::optional<Nanos> t = to_nanos(k0.t_s + (level - k0.level) / slope, true);
    if (!t) {
      return std::nullopt;
    }
    return std::max(from, *t);
  }
  return std::nullopt; // the tail holds a level below `level`
}

std::optional<Nanos> LevelProfile::end() const noexcept {
  if (!m_staged) {
    return std::nullopt;
  }
  return to_nanos(m_knots.back().t_s, false);
}

double LevelProfile::max_level() const noexcept {
  double level = 0;
  for (const Knot &k : m_knots) {
    level = std::max(level, k.level);
  }
  return level;
}

double uniform_01(std::mt19937_64 &rng) noexcept {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

double exponential_unit(std::mt19937_64 &rng) noexcept {
  return -std::log1p(-uniform_01(rng));
}

namespace {

double standard_normal(std::mt19937_64 &rng) noexcept {
  // Box-Muller; u1 in (0, 1] keeps the logarithm finite.
  const double u1 = 1.0 - uniform_01(rng);
  const double u2 = uniform_01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// Gamma(shape >= 1, scale 1) by Marsaglia and Tsang (2000). Acceptance is above 95%, so the
// bound on attempts is never reached in practice; it only keeps the loop finite.
double gamma_large_shape(double shape, std::mt19937_64 &rng) noexcept {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const double x = standard_normal(rng);
    const double base = 1.0 + c * x;
    if (base <= 0) {
      continue;
    }
    const double v = base * base * base;
    const double u = 1.0 - uniform_01(rng);
    if (u < 1.0 - 0.0331 * x * x * x * x ||
        std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) {
      return d * v;
    }
  }
  return shape;
}

} // namespace

double gamma_unit_mean(double shape, std::mt19937_64 &rng) noexcept {
  if (shape >= 1) {
    return gamma_large_shape(shape, rng) / shape;
  }
  // Gamma(k) = Gamma(k + 1) * U^(1/k) for k < 1.
  const double u = 1.0 - uniform_01(rng);
  return gamma_large_shape(shape + 1, rng) * std::pow(u, 1.0 / shape) / shape;
}

ArrivalProcess::ArrivalProcess(const ArrivalOptions &options, LevelProfile rate_per_s)
    : m_options(options), m_rate(std::move(rate_per_s)), m_rng(options.seed) {}

Result<ArrivalProcess> ArrivalProcess::create(const ArrivalOptions &options,
                                              LevelProfile rate_per_s) {
  if (options.kind == ArrivalKind::gamma &&
      !(std::isfinite(options.burstiness) && options.burstiness > 0)) {
    return make_error(ErrorCode::invalid_argument,
                      "burstiness (the gamma shape) must be finite and > 0, not " +
                          std::to_string(options.burstiness));
  }
  return ArrivalProcess(options, std::move(rate_per_s));
}

double ArrivalProcess::unit_gap() {
  switch (m_options.kind) {
  case ArrivalKind::constant:
    return 1.0;
  case ArrivalKind::poisson:
    return exponential_unit(m_rng);
  case ArrivalKind::gamma:
    return gamma_unit_mean(m_options.burstiness, m_rng);
  }
  return 1.0;
}

std::optional<Arrival> ArrivalProcess::next() {
  if (m_ended) {
    return std::nullopt;
  }
  m_area += unit_gap();
  const std::optional<Nanos> t = m_rate.time_of_integral(m_area);
  if (!t) {
    m_ended = true;
    return std::nullopt;
  }
  return Arrival{m_index++, *t};
}

} // namespace chatbench::engine
