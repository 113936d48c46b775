#pragma once
// The SLO search: the highest level (a rate or a concurrency) whose step meets every SLO, found
// by bracketing then bisection, assuming a level passes when every lower one does.
//
//   bracket: from `start`, double after each pass until a level fails or `max` passed; halve
//            after each failure until a level passes or the next would be below `min_level`;
//   bisect:  run the midpoint of the highest pass and the lowest failure above it until they are
//            at most the resolution apart (a fraction of the pass, or an absolute level).
// Integral searches (concurrency) run whole levels, so they end when the bracket is 1 wide at
// the latest. At most k_max_steps levels run in all. Not thread-safe; pure otherwise.
#include "capacity/result.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace chatbench::capacity {

struct SearchOptions {
  Over over = Over::rate;
  double start = 1;         ///< > 0
  double max = 0;           ///< highest level to try; 0: no limit
  double min_level = 0.01;  ///< lowest level to try while halving
  double resolution = 0.05; ///< > 0
  bool relative = true;     ///< resolution is a fraction of the highest pass
  bool integral = false;    ///< levels are whole numbers (concurrency)
};

class Search {
public:
  static constexpr std::uint32_t k_max_steps = 24;

  explicit Search(SearchOptions options);

  /// The next level to run; nullopt when the search is over.
  std::optional<double> next() const;
  /// What the step at `level` (Step::index `step`) found.
  void record(double level, bool passed, std::uint32_t step);
  /// The answer so far: the highest pass, the lowest failure above it, and whether the bracket
  /// is within the resolution.
  Answer answer() const;

private:
  struct Probe {
    double level;
    bool passed;
    std::uint32_t step;
  };
  const Probe *highest_pass() const;
  const Probe *lowest_fail_above(double level) const;
  double wanted_width(double pass) const;
  double round(double level) const;

  SearchOptions m_options;
  std::vector<Probe> m_probes;
};

} // namespace chatbench::capacity
