#include "engine/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <vector>

using namespace chatbench::engine;
using namespace std::chrono_literals;

namespace {

LevelProfile profile(double initial, std::vector<Stage> stages) {
  auto p = LevelProfile::create(initial, stages);
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().message);
  return *p;
}

ArrivalProcess process(ArrivalKind kind, double shape, LevelProfile rate, std::uint64_t seed = 7) {
  auto p = ArrivalProcess::create({kind, shape, seed}, std::move(rate));
  EXPECT_TRUE(p.has_value());
  return std::move(*p);
}

std::vector<double> gaps_s(ArrivalProcess p, std::size_t n) {
  std::vector<double> gaps;
  double last = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = p.next();
    EXPECT_TRUE(a.has_value());
    const double t = static_cast<double>(a->intended.count()) / 1e9;
    gaps.push_back(t - last);
    last = t;
  }
  return gaps;
}

struct Moments {
  double mean = 0;
  double cv = 0;
};

Moments moments(const std::vector<double> &xs) {
  double sum = 0;
  for (double x : xs) {
    sum += x;
  }
  const double mean = sum / static_cast<double>(xs.size());
  double var = 0;
  for (double x : xs) {
    var += (x - mean) * (x - mean);
  }
  var /= static_cast<double>(xs.size());
  return {mean, std::sqrt(var) / mean};
}

// Regularized lower incomplete gamma P(a, x) (Numerical Recipes: series below a + 1, continued
// fraction above).
double gamma_p(double a, double x) {
  if (x <= 0) {
    return 0;
  }
  const double log_prefix = a * std::log(x) - x - std::lgamma(a);
  if (x < a + 1) {
    double term = 1 / a;
    double sum = term;
    for (int n = 1; n < 1000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-15) {
        break;
      }
    }
    return sum * std::exp(log_prefix);
  }
  double b = x + 1 - a;
  double c = 1 / 1e-300;
  double d = 1 / b;
  double h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = std::abs(d) < 1e-300 ? 1e-300 : d;
    c = b + an / c;
    c = std::abs(c) < 1e-300 ? 1e-300 : c;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-15) {
      break;
    }
  }
  return 1 - std::exp(log_prefix) * h;
}

// Kolmogorov-Smirnov statistic of a sample against a CDF.
template <class Cdf> double ks_statistic(std::vector<double> xs, Cdf cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

// The 1% critical value of the one-sample KS test.
double ks_critical(std::size_t n) {
  return 1.63 / std::sqrt(static_cast<double>(n));
}

std::size_t count_in(ArrivalProcess p, Nanos from, Nanos to) {
  std::size_t count = 0;
  for (std::size_t guard = 0; guard < 10'000'000; ++guard) {
    const auto a = p.next();
    if (!a || a->intended >= to) {
      break;
    }
    count += a->intended >= from ? 1U : 0U;
  }
  return count;
}

} // namespace

TEST(LevelProfile, ConstantWithoutStages) {
  const LevelProfile p(5);
  EXPECT_EQ(p.level_at(0s), 5);
  EXPECT_EQ(p.level_at(100s), 5);
  EXPECT_DOUBLE_EQ(p.integral(10s), 50);
  EXPECT_EQ(p.time_of_integral(25), Nanos(5s));
  EXPECT_FALSE(p.end().has_value());
}

TEST(LevelProfile, RampsAreLinearAndIntegrateExactly) {
  // 0 -> 10 over 10 s, hold 10 for 5 s, down to 4 over 3 s, then 4 forever.
  const LevelProfile p = profile(0, {{10s, 10}, {5s, 10}, {3s, 4}});
  EXPECT_DOUBLE_EQ(p.level_at(5s), 5);
  EXPECT_DOUBLE_EQ(p.level_at(12s), 10);
  EXPECT_DOUBLE_EQ(p.level_at(16500ms), 7);
  EXPECT_DOUBLE_EQ(p.level_at(60s), 4);
  EXPECT_DOUBLE_EQ(p.integral(10s), 50);
  EXPECT_DOUBLE_EQ(p.integral(15s), 100);
  EXPECT_DOUBLE_EQ(p.integral(18s), 121);
  EXPECT_DOUBLE_EQ(p.integral(20s), 129);
  EXPECT_EQ(p.end(), Nanos(18s));
  // The inverse of the integral, inside the quadratic pieces too.
  for (double area = 0.25; area < 140; area += 0.37) {
    const auto t = p.time_of_integral(area);
    ASSERT_TRUE(t.has_value());
    EXPECT_NEAR(p.integral(*t), area, 1e-6) << area;
  }
  EXPECT_EQ(p.time_of_integral(50), Nanos(10s));
}

TEST(LevelProfile, EndingAtZeroStopsTheIntegral) {
  const LevelProfile p = profile(10, {{2s, 0}});
  EXPECT_DOUBLE_EQ(p.integral(100s), 10);
  EXPECT_TRUE(p.time_of_integral(9.999).has_value());
  EXPECT_FALSE(p.time_of_integral(10.5).has_value());
}

TEST(LevelProfile, ZeroLengthStageIsAStep) {
  const LevelProfile p = profile(1, {{1s, 1}, {0s, 8}, {1s, 8}});
  EXPECT_DOUBLE_EQ(p.level_at(999ms), 1);
  EXPECT_DOUBLE_EQ(p.level_at(1s), 8);
  EXPECT_DOUBLE_EQ(p.integral(2s), 9);
  EXPECT_EQ(p.time_reaching(4, 0s), Nanos(1s));
}

TEST(LevelProfile, TimeReachingALevel) {
  const LevelProfile p = profile(0, {{10s, 10}, {10s, 0}});
  EXPECT_EQ(p.time_reaching(0, 3s), Nanos(3s));
  EXPECT_EQ(p.time_reaching(2.5, 0s), Nanos(2500ms));
  EXPECT_EQ(p.time_reaching(2.5, 4s), Nanos(4s)); // already above
  EXPECT_FALSE(p.time_reaching(2.5, 19s).has_value());
  EXPECT_FALSE(p.time_reaching(11, 0s).has_value());
}

TEST(LevelProfile, RejectsBadLevels) {
  EXPECT_FALSE(LevelProfile::create(-1, {}).has_value());
  const std::vector<Stage> nan_stage = {{1s, std::nan("")}};
  EXPECT_FALSE(LevelProfile::create(0, nan_stage).has_value());
  const std::vector<Stage> negative = {{-1s, 2}};
  EXPECT_FALSE(LevelProfile::create(0, negative).has_value());
}

TEST(Arrivals, ConstantIsEvenlySpaced) {
  ArrivalProcess p = process(ArrivalKind::constant, 1, LevelProfile(250)); // 4 ms apart
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const auto a = p.next();
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->index, i);
    EXPECT_NEAR(static_cast<double>(a->intended.count()), 4e6 * static_cast<double>(i + 1), 1);
  }
}

TEST(Arrivals, PoissonGapsAreExponential) {
  const std::size_t n = 50000;
  std::vector<double> gaps = gaps_s(process(ArrivalKind::poisson, 1, LevelProfile(1000)), n);
  const Moments m = moments(gaps);
  EXPECT_NEAR(m.mean, 1e-3, 0.02e-3);
  EXPECT_NEAR(m.cv, 1, 0.02);
  for (double &g : gaps) {
    g *= 1000; // unit rate
  }
  EXPECT_LT(ks_statistic(gaps, [](double x) { return 1 - std::exp(-x); }), ks_critical(n));
}

class GammaArrivals : public ::testing::TestWithParam<double> {};

TEST_P(GammaArrivals, GapsAreGammaWithTheBurstinessAsShape) {
  const double shape = GetParam();
  const std::size_t n = 50000;
  std::vector<double> gaps = gaps_s(process(ArrivalKind::gamma, shape, LevelProfile(100)), n);
  const Moments m = moments(gaps);
  EXPECT_NEAR(m.mean, 0.01, 0.01 * 0.05);
  EXPECT_NEAR(m.cv, 1 / std::sqrt(shape), 0.05 / std::sqrt(shape));
  // Unit-mean gamma gaps: x ~ Gamma(shape, 1/shape), CDF P(shape, shape x). Gaps are rounded to
  // whole nanoseconds, which only matters (as exact zeros) for very small shapes.
  for (double &g : gaps) {
    g *= 100;
  }
  EXPECT_LT(ks_statistic(gaps, [&](double x) { return gamma_p(shape, shape * x); }),
            ks_critical(n));
}

INSTANTIATE_TEST_SUITE_P(Shapes, GammaArrivals, ::testing::Values(0.5, 1.0, 2.0, 4.0));

TEST(Arrivals, VeryBurstyGammaKeepsTheMean) {
  const Moments m = moments(gaps_s(process(ArrivalKind::gamma, 0.1, LevelProfile(100)), 200000));
  EXPECT_NEAR(m.mean, 0.01, 0.01 * 0.05);
  EXPECT_NEAR(m.cv, std::sqrt(10.0), 0.2);
}

TEST(Arrivals, CountsFollowTheStageIntegrals) {
  // 0 -> 200/s over 10 s (1000 expected), 200/s for 5 s (1000), down to 50/s over 4 s (500).
  const std::vector<Stage> stages = {{10s, 200}, {5s, 200}, {4s, 50}};
  struct Window {
    Nanos from, to;
    double expected;
  };
  const std::vector<Window> windows = {
      {0s, 10s, 1000}, {10s, 15s, 1000}, {15s, 19s, 500}, {0s, 5s, 250}, {19s, 21s, 100}};
  for (const ArrivalKind kind : {ArrivalKind::constant, ArrivalKind::poisson, ArrivalKind::gamma}) {
    for (const Window &w : windows) {
      const std::size_t n = count_in(process(kind, 0.5, profile(0, stages), 11), w.from, w.to);
      // Constant: within one of the integral. Random: within 5 standard deviations (Poisson
      // sd = sqrt(mean); gamma with shape 0.5 has about sqrt(2) times more).
      const double tolerance = kind == ArrivalKind::constant ? 1.0 : 5 * std::sqrt(2 * w.expected);
      EXPECT_NEAR(static_cast<double>(n), w.expected, tolerance)
          << static_cast<int>(kind) << " window " << w.from.count();
    }
  }
}

TEST(Arrivals, EndWhenTheRateEndsAtZero) {
  ArrivalProcess p = process(ArrivalKind::constant, 1, profile(100, {{1s, 100}, {0s, 0}}));
  std::size_t n = 0;
  while (p.next() && n < 1000) {
    ++n;
  }
  EXPECT_EQ(n, 100u);
  EXPECT_FALSE(p.next().has_value());
}

TEST(Arrivals, SameSeedSameArrivals) {
  for (const ArrivalKind kind : {ArrivalKind::poisson, ArrivalKind::gamma}) {
    ArrivalProcess a = process(kind, 0.7, LevelProfile(50), 123);
    ArrivalProcess b = process(kind, 0.7, LevelProfile(50), 123);
    ArrivalProcess c = process(kind, 0.7, LevelProfile(50), 124);
    int differ = 0;
    for (int i = 0; i < 100; ++i) {
      const auto x = a.next();
      const auto y = b.next();
      const auto z = c.next();
      EXPECT_EQ(x->intended, y->intended);
      differ += x->intended != z->intended ? 1 : 0;
    }
    EXPECT_GT(differ, 90);
  }
}

TEST(Arrivals, RejectsNonPositiveBurstiness) {
  EXPECT_FALSE(ArrivalProcess::create({ArrivalKind::gamma, 0, 1}, LevelProfile(1)).has_value());
  EXPECT_TRUE(ArrivalProcess::create({ArrivalKind::poisson, 0, 1}, LevelProfile(1)).has_value());
}

TEST(Shares, SplitExactly) {
  for (std::uint32_t workers = 1; workers <= 5; ++workers) {
    for (std::uint64_t q = 0; q < 23; ++q) {
      std::uint64_t sum = 0;
      for (std::uint32_t w = 0; w < workers; ++w) {
        sum += share_of(q, w, workers);
        const std::uint64_t share = share_of(q, w, workers);
        if (share >= 1) {
          const std::uint64_t needed = quantity_for_share(share, w, workers);
          EXPECT_LE(needed, q);
          EXPECT_EQ(share_of(needed, w, workers), share);
          EXPECT_LT(share_of(needed - 1, w, workers), share);
        }
      }
      EXPECT_EQ(sum, q);
    }
  }
}
