#include "capacity/knee.hpp"

#include <algorithm>

namespace chatbench::capacity {
namespace {

bool measured(const Step &s) {
  return s.figures.requests > 0 && s.status != StepStatus::failed;
}

const Step *reference_step(std::span<const Step> steps) {
  const Step *best = nullptr;
  for (const Step &s : steps) {
    if (!measured(s) || knee_latency_ns(s) < 0) {
      continue;
    }
    if (s.kind == StepKind::baseline) {
      return &s;
    }
    if (best == nullptr || s.figures.achieved_rate < best->figures.achieved_rate) {
      best = &s;
    }
  }
  return best;
}

} // namespace

std::int64_t knee_latency_ns(const Step &step) noexcept {
  return step.figures.ttft.p50_ns >= 0 ? step.figures.ttft.p50_ns : step.figures.e2e.p50_ns;
}

std::optional<Knee> find_knee(std::span<const Step> steps) {
  const Step *reference = reference_step(steps);
  if (reference == nullptr) {
    return std::nullopt;
  }
  const double limit = k_knee_latency_factor * static_cast<double>(knee_latency_ns(*reference));
  const Step *knee = nullptr;
  for (const Step &s : steps) {
    const std::int64_t latency = knee_latency_ns(s);
    if (!measured(s) || s.status == StepStatus::oversaturated || latency < 0 ||
        static_cast<double>(latency) > limit) {
      continue;
    }
    if (knee == nullptr || s.figures.achieved_rate > knee->figures.achieved_rate) {
      knee = &s;
    }
  }
  if (knee == nullptr) {
    return std::nullopt;
  }
  return Knee{knee->index, knee->level, knee->figures.achieved_rate,
              knee->figures.output_tokens_per_s};
}

Answer sweep_answer(std::span<const Step> steps, Over over) {
  std::vector<const Step *> judged;
  for (const Step &s : steps) {
    if (s.over == over && !s.slo.empty() && s.status != StepStatus::failed &&
        s.status != StepStatus::interrupted) {
      judged.push_back(&s);
    }
  }
  std::stable_sort(judged.begin(), judged.end(),
                   [](const Step *a, const Step *b) { return a->level < b->level; });
  Answer a;
  a.over = over;
  std::size_t i = 0;
  for (; i < judged.size() && judged[i]->slo_passed(); ++i) {
    a.found = true;
    a.level = judged[i]->level;
    a.last_pass = judged[i]->index;
  }
  if (i < judged.size()) {
    a.first_fail = judged[i]->index;
    a.resolution = judged[i]->level - a.level;
    a.resolved = a.found;
  }
  for (std::size_t j = i; j < judged.size(); ++j) {
    a.monotone = a.monotone && !judged[j]->slo_passed();
  }
  if (judged.empty()) {
    a.note = "no step was judged against the SLOs";
  } else if (!a.found) {
    a.note = "the lowest level already failed the SLOs";
  } else if (!a.first_fail) {
    a.note = "every level passed: the answer is a lower bound";
  } else if (!a.monotone) {
    a.note = "a higher level passed again after a failure; the answer is the level below the "
             "first failure";
  }
  return a;
}

} // namespace chatbench::capacity
