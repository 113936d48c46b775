#pragma once
// Deterministic per-request randomness. A run is reproducible and every target in a comparison
// gets the same prompts because each request's draws depend only on (scenario seed, request
// index), never on which worker builds it or in what order. SplitMix64 (Steele, Lea and Flood,
// "Fast splittable pseudorandom number generators", 2014) is cheap to seed, so every call makes
// its own generator on the stack and nothing is shared. Pure functions; thread-safe.
#include <cstdint>

namespace chatbench::openai {

/// SplitMix64's output function: a bijective 64-bit mix.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// The SplitMix64 generator: a 64-bit state advanced by the golden-ratio increment.
class SplitMix64 {
public:
  explicit constexpr SplitMix64(std::uint64_t seed) noexcept : m_state(seed) {}
  constexpr std::uint64_t next() noexcept {
    m_state += 0x9E3779B97F4A7C15ULL;
    return mix64(m_state);
  }
  /// A draw in [0, bound) for bound > 0 (modulo; the bias is below bound / 2^64).
  constexpr std::uint64_t below(std::uint64_t bound) noexcept { return next() % bound; }

private:
  std::uint64_t m_state;
};

/// Purposes, so that draws for different things from one scenario seed are independent.
enum class Stream : std::uint64_t {
  template_values = 1,    ///< the value each template variable takes
  conversation_order = 2, ///< the shuffled conversation order (one permutation per seed)
  synthetic = 3,          ///< synthetic prompt lengths, max_tokens and words
};

/// The seed of request `index`'s generator for `stream`: mix64(mix64(seed ^ stream) + index).
constexpr std::uint64_t request_seed(std::uint64_t seed, Stream stream,
                                     std::uint64_t index) noexcept {
  return mix64(mix64(seed ^ (static_cast<std::uint64_t>(stream) * 0x9E3779B97F4A7C15ULL)) + index);
}

} // namespace chatbench::openai
