#include "capacity/result.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace chatbench::capacity {
namespace {

template <typename Enum, std::size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Names<Mode, 2> k_modes{{{Mode::sweep, "sweep"}, {Mode::search, "search"}}};
constexpr Names<Over, 2> k_overs{{{Over::rate, "rate"}, {Over::concurrency, "concurrency"}}};
constexpr Names<StepKind, 4> k_kinds{{{StepKind::baseline, "baseline"},
                                      {StepKind::probe, "probe"},
                                      {StepKind::level, "level"},
                                      {StepKind::search, "search"}}};
constexpr Names<StepStatus, 5> k_statuses{{{StepStatus::stable, "stable"},
                                           {StepStatus::unstable, "unstable"},
                                           {StepStatus::oversaturated, "oversaturated"},
                                           {StepStatus::failed, "failed"},
                                           {StepStatus::interrupted, "interrupted"}}};

template <typename Enum, std::size_t N>
std::string_view name_of(const Names<Enum, N> &names, Enum value) noexcept {
  for (const auto &[e, name] : names) {
    if (e == value) {
      return name;
    }
  }
  return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const Names<Enum, N> &names, std::string_view name) noexcept {
  for (const auto &[e, n] : names) {
    if (n == name) {
      return e;
    }
  }
  return std::nullopt;
}

} // namespace

bool Step::slo_passed() const {
  return !slo.empty() && figures.requests > 0 &&
         std::all_of(slo.begin(), slo.end(), [](const SloResult &r) { return r.passed; });
}

std::string_view to_string(Mode mode) noexcept {
  return name_of(k_modes, mode);
}
std::string_view to_string(Over over) noexcept {
  return name_of(k_overs, over);
}
std::string_view to_string(StepKind kind) noexcept {
  return name_of(k_kinds, kind);
}
std::string_view to_string(StepStatus status) noexcept {
  return name_of(k_statuses, status);
}

std::optional<Mode> mode_from_string(std::string_view name) noexcept {
  return value_of(k_modes, name);
}
std::optional<Over> over_from_string(std::string_view name) noexcept {
  return value_of(k_overs, name);
}
std::optional<StepKind> step_kind_from_string(std::string_view name) noexcept {
  return value_of(k_kinds, name);
}
std::optional<StepStatus> step_status_from_string(std::string_view name) noexcept {
  return value_of(k_statuses, name);
}

} // namespace chatbench::capacity
