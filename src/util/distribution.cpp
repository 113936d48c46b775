#include "util/distribution.hpp"

#include <algorithm>
#include <cmath>

namespace chatbench::util {

double Distribution::sample(std::mt19937_64 &rng) const {
  double value = mean;
  switch (kind) {
  case Kind::constant:
    return mean;
  case Kind::uniform:
    return std::uniform_real_distribution<double>(min, max)(rng);
  case Kind::normal:
    value = std::normal_distribution<double>(mean, stddev)(rng);
    break;
  case Kind::lognormal: {
    // Parameters of the underlying normal so that the drawn values have `mean` and `stddev`.
    const double variance_ratio = (stddev * stddev) / (mean * mean);
    const double sigma = std::sqrt(std::log1p(variance_ratio));
    const double mu = std::log(mean) - sigma * sigma / 2;
    value = std::lognormal_distribution<double>(mu, sigma)(rng);
    break;
  }
  case Kind::exponential:
    value = std::exponential_distribution<double>(1.0 / mean)(rng);
    break;
  }
  return std::clamp(value, min, max);
}

std::string_view to_string(Distribution::Kind kind) noexcept {
  switch (kind) {
  case Distribution::Kind::constant:
    return "constant";
  case Distribution::Kind::uniform:
    return "uniform";
  case Distribution::Kind::normal:
    return "normal";
  case Distribution::Kind::lognormal:
    return "lognormal";
  case Distribution::Kind::exponential:
    return "exponential";
  }
  return "constant";
}

} // namespace chatbench::util
