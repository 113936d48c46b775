#include "mock/latency_model.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace chatbench::mock {
namespace {

constexpr std::uint32_t k_max_output_tokens = 1'000'000;

std::uint64_t splitmix(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::chrono::nanoseconds to_ns(double value) {
  if (!(value > 0)) {
    return std::chrono::nanoseconds{0};
  }
  return std::chrono::nanoseconds{static_cast<std::int64_t>(std::min(value, 1e18))};
}

bool is_constant(const util::Distribution &d) {
  return d.kind == util::Distribution::Kind::constant;
}

} // namespace

std::uint64_t mix(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) noexcept {
  return splitmix(splitmix(splitmix(seed) ^ stream) ^ index);
}

std::uint32_t LatencyPlan::chunks() const noexcept {
  return (m_output_tokens + m_tokens_per_chunk - 1) / m_tokens_per_chunk;
}

std::uint32_t LatencyPlan::chunk_tokens(std::uint32_t c) const noexcept {
  const std::uint32_t first = c * m_tokens_per_chunk;
  return std::min(m_tokens_per_chunk, m_output_tokens - first);
}

std::chrono::nanoseconds LatencyPlan::chunk_delay(std::uint32_t c) const noexcept {
  if (c == 0) {
    return m_ttft;
  }
  if (m_gaps.empty()) {
    return m_constant_gap * chunk_tokens(c);
  }
  return m_gaps[c - 1];
}

std::chrono::nanoseconds LatencyPlan::total() const noexcept {
  std::chrono::nanoseconds sum = m_ttft;
  for (std::uint32_t c = 1; c < chunks(); ++c) {
    sum += chunk_delay(c);
  }
  return sum;
}

LatencyPlan make_plan(const LatencyConfig &config, std::uint64_t seed, std::uint64_t request_index,
                      std::optional<std::uint32_t> max_tokens) {
  LatencyPlan plan;
  plan.m_tokens_per_chunk = std::max<std::uint32_t>(1, config.tokens_per_chunk);
  const bool all_constant = is_constant(config.ttft_ns) && is_constant(config.itl_ns) &&
                            is_constant(config.output_tokens);
  // Seeding a Mersenne twister costs about a microsecond: skip it when nothing is random.
  std::optional<std::mt19937_64> rng;
  if (!all_constant) {
    rng.emplace(mix(seed, 0x1a7e, request_index));
  }
  const auto draw = [&](const util::Distribution &d) {
    return is_constant(d) ? d.mean : d.sample(*rng);
  };

  plan.m_ttft = to_ns(draw(config.ttft_ns));
  const double drawn = std::round(draw(config.output_tokens));
  std::uint32_t tokens = drawn >= k_max_output_tokens ? k_max_output_tokens
                         : drawn >= 1                 ? static_cast<std::uint32_t>(drawn)
                                                      : 1;
  if (max_tokens && *max_tokens >= 1 && *max_tokens < tokens) {
    tokens = *max_tokens;
    plan.m_truncated = true;
  }
  plan.m_output_tokens = tokens;

  if (is_constant(config.itl_ns)) {
    plan.m_constant_gap = to_ns(config.itl_ns.mean);
    return plan;
  }
  const std::uint32_t chunks = plan.chunks();
  plan.m_gaps.reserve(chunks > 0 ? chunks - 1 : 0);
  for (std::uint32_t c = 1; c < chunks; ++c) {
    std::chrono::nanoseconds gap{0};
    for (std::uint32_t t = 0; t < plan.chunk_tokens(c); ++t) {
      gap += to_ns(config.itl_ns.sample(*rng));
    }
    plan.m_gaps.push_back(gap);
  }
  return plan;
}

} // namespace chatbench::mock
