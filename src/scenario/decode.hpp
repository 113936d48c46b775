#pragma once
// Internal to the scenario module: one decoder per top-level section of a scenario. Each reads
// its section through an ObjectReader, records every problem in the Decoder and returns the best
// value it could build (callers look at Decoder::ok() before using the result).
#include "scenario/reader.hpp"
#include "scenario/scenario.hpp"

#include <filesystem>

namespace chatbench::scenario::detail {

struct DecodeContext {
  Decoder &decoder;
  std::filesystem::path base_dir; ///< relative paths in the scenario resolve against this
};

enum class Quantity { duration, tokens };

std::vector<Target> decode_targets(const DecodeContext &ctx, const nlohmann::json &value,
                                   const std::string &pointer);
Workload decode_workload(const DecodeContext &ctx, const nlohmann::json &value,
                         const std::string &pointer);
RequestOptions decode_request(const DecodeContext &ctx, const nlohmann::json &value,
                              const std::string &pointer);
Load decode_load(const DecodeContext &ctx, const nlohmann::json &value, const std::string &pointer);
/// The "sweep" member of the load object `load`, for load.mode "sweep" or "search" (`mode`); an
/// absent member gives the defaults (a search then lacks its SLOs, which is reported).
/// `step_duration` is the load's "duration" per step, which "max_duration" and the stability
/// windows are checked against.
Sweep decode_sweep(const DecodeContext &ctx, const ObjectReader &load, Load::Mode mode,
                   Nanos step_duration);
Checks decode_checks(const DecodeContext &ctx, const nlohmann::json &value,
                     const std::string &pointer, const std::vector<Target> &targets);
Report decode_report(const DecodeContext &ctx, const nlohmann::json &value,
                     const std::string &pointer);

/// A distribution: a constant (number of tokens, or a duration string) or
/// {"dist": "uniform"|"normal"|"lognormal"|"exponential", "mean", "stddev", "min", "max"}.
/// Durations come back in nanoseconds.
std::optional<util::Distribution> decode_distribution(const ObjectReader &parent,
                                                      std::string_view key, Quantity quantity);

/// `path` made absolute against the scenario's folder (absolute paths stay as they are).
std::string resolve_path(const DecodeContext &ctx, const std::string &path);

} // namespace chatbench::scenario::detail
