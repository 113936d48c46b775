#include "util/distribution.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <vector>

using chatbench::util::Distribution;

namespace {
struct Moments {
  double mean = 0;
  double stddev = 0;
  double lo = 1e300;
  double hi = -1e300;
};

Moments draw(const Distribution &d, int n) {
  std::mt19937_64 rng(42);
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) {
    xs.push_back(d.sample(rng));
  }
  Moments m;
  for (double x : xs) {
    m.mean += x / n;
    m.lo = std::min(m.lo, x);
    m.hi = std::max(m.hi, x);
  }
  for (double x : xs) {
    m.stddev += (x - m.mean) * (x - m.mean) / n;
  }
  m.stddev = std::sqrt(m.stddev);
  return m;
}
} // namespace

TEST(Distribution, ConstantIsConstant) {
  const Moments m = draw(Distribution::constant(7), 100);
  EXPECT_EQ(m.lo, 7);
  EXPECT_EQ(m.hi, 7);
}

TEST(Distribution, LognormalHasTheRequestedMoments) {
  Distribution d{Distribution::Kind::lognormal, 200, 50};
  const Moments m = draw(d, 200000);
  EXPECT_NEAR(m.mean, 200, 1.5);
  EXPECT_NEAR(m.stddev, 50, 1.5);
}

TEST(Distribution, NormalIsClamped) {
  Distribution d{Distribution::Kind::normal, 100, 50, 80, 120};
  const Moments m = draw(d, 10000);
  EXPECT_GE(m.lo, 80);
  EXPECT_LE(m.hi, 120);
}

TEST(Distribution, UniformStaysInBounds) {
  Distribution d{Distribution::Kind::uniform, 0, 0, 10, 20};
  const Moments m = draw(d, 100000);
  EXPECT_GE(m.lo, 10);
  EXPECT_LT(m.hi, 20);
  EXPECT_NEAR(m.mean, 15, 0.1);
}

TEST(Distribution, ExponentialMean) {
  Distribution d{Distribution::Kind::exponential, 5};
  EXPECT_NEAR(draw(d, 200000).mean, 5, 0.1);
}

TEST(Distribution, SameSeedSameDraws) {
  Distribution d{Distribution::Kind::normal, 10, 3};
  std::mt19937_64 a(9), b(9);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(d.sample(a), d.sample(b));
  }
}
