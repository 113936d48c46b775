#include "capacity/search.hpp"

#include <cmath>

namespace chatbench::capacity {

Search::Search(SearchOptions options) : m_options(options) {
  if (m_options.integral) {
    m_options.min_level = std::max(m_options.min_level, 1.0);
  }
  m_options.start = std::max(round(m_options.start), m_options.min_level);
  if (m_options.max > 0) {
    m_options.start = std::min(m_options.start, round(m_options.max));
  }
}

double Search::round(double level) const {
  return m_options.integral ? std::floor(level + 1e-9) : level;
}

const Search::Probe *Search::highest_pass() const {
  const Probe *best = nullptr;
  for (const Probe &p : m_probes) {
    if (p.passed && (best == nullptr || p.level > best->level)) {
      best = &p;
    }
  }
  return best;
}

const Search::Probe *Search::lowest_fail_above(double level) const {
  const Probe *best = nullptr;
  for (const Probe &p : m_probes) {
    if (!p.passed && p.level > level && (best == nullptr || p.level < best->level)) {
      best = &p;
    }
  }
  return best;
}

double Search::wanted_width(double pass) const {
  const double width = m_options.relative ? m_options.resolution * pass : m_options.resolution;
  return m_options.integral ? std::max(width, 1.0) : width;
}

std::optional<double> Search::next() const {
  if (m_probes.size() >= k_max_steps) {
    return std::nullopt;
  }
  if (m_probes.empty()) {
    return m_options.start;
  }
  const Probe *pass = highest_pass();
  const Probe *fail = lowest_fail_above(pass != nullptr ? pass->level : 0);
  if (pass == nullptr) { // only failures: halve below the lowest
    const double level = round(fail->level / 2);
    return level >= m_options.min_level && level < fail->level ? std::optional(level)
                                                               : std::nullopt;
  }
  if (fail == nullptr) { // only passes: double above the highest
    double level = round(pass->level * 2);
    if (m_options.max > 0) {
      level = std::min(level, m_options.max);
    }
    return level > pass->level ? std::optional(level) : std::nullopt;
  }
  if (fail->level - pass->level <= wanted_width(pass->level) + 1e-9) {
    return std::nullopt;
  }
  const double mid = round((pass->level + fail->level) / 2);
  return mid > pass->level && mid < fail->level ? std::optional(mid) : std::nullopt;
}

void Search::record(double level, bool passed, std::uint32_t step) {
  m_probes.push_back({level, passed, step});
}

Answer Search::answer() const {
  Answer a;
  a.over = m_options.over;
  const Probe *pass = highest_pass();
  const Probe *fail = lowest_fail_above(pass != nullptr ? pass->level : 0);
  a.found = pass != nullptr;
  if (pass != nullptr) {
    a.level = pass->level;
    a.last_pass = pass->step;
    a.resolution = wanted_width(pass->level);
  }
  if (fail != nullptr) {
    a.first_fail = fail->step;
  }
  a.resolved =
      pass != nullptr && fail != nullptr && fail->level - pass->level <= a.resolution + 1e-9;
  for (const Probe &p : m_probes) {
    const Probe *lower_fail = nullptr;
    for (const Probe &q : m_probes) {
      lower_fail = !q.passed && q.level < p.level ? &q : lower_fail;
    }
    a.monotone = a.monotone && !(p.passed && lower_fail != nullptr);
  }
  if (pass == nullptr) {
    a.note = m_probes.empty() ? "no level ran" : "every level tried failed, down to the lowest";
  } else if (fail == nullptr) {
    a.note = m_options.max > 0 && pass->level >= m_options.max
                 ? "every level passed up to the search's max"
                 : "no level failed: the answer is a lower bound";
  } else if (!a.resolved) {
    a.note = "the search ended before its bracket was within the resolution";
  }
  return a;
}

} // namespace chatbench::capacity
