#include "scenario/threshold.hpp"

#include "util/text.hpp"
#include "util/units.hpp"

#include <array>
#include <cctype>
#include <optional>

namespace chatbench::scenario {
namespace {

struct MetricSpec {
  std::string_view name;
  ValueKind kind;
};

// Duration metrics take a statistic ("ttft.p95"); the others stand alone. `failures.<kind>` is
// matched by prefix below. `capacity.*` are what a sweep or search found (load.mode "sweep" or
// "search"): the SLO answer's level, or the knee's when there are no SLOs.
constexpr std::array<MetricSpec, 22> k_metrics{{
    {"ttft", ValueKind::duration},
    {"ttfb", ValueKind::duration},
    {"e2e", ValueKind::duration},
    {"itl", ValueKind::duration},
    {"tpot", ValueKind::duration},
    {"stall", ValueKind::duration},
    {"send_lag", ValueKind::duration},
    {"error_rate", ValueKind::fraction},
    {"goodput", ValueKind::rate},
    {"throughput.requests_per_s", ValueKind::rate},
    {"throughput.output_tokens_per_s", ValueKind::rate},
    {"throughput.output_bytes_per_s", ValueKind::rate},
    {"requests.total", ValueKind::count},
    {"requests.ok", ValueKind::count},
    {"requests.failed", ValueKind::count},
    {"conformance.failures", ValueKind::count},
    {"conformance.warnings", ValueKind::count},
    {"conformance.checked", ValueKind::count},
    {"late_sends", ValueKind::count},
    {"tokens.mismatches", ValueKind::count},
    {"capacity.max_rate", ValueKind::rate},
    {"capacity.max_concurrency", ValueKind::count},
}};

constexpr std::array<std::string_view, 14> k_failure_kinds{
    "connect",       "tls",         "timeout_connect", "timeout_first_token", "timeout_idle",
    "timeout_total", "http_4xx",    "http_5xx",        "stream_truncated",    "stream_error_event",
    "invalid_json",  "invalid_sse", "body_too_large",  "schema_violation"};

constexpr std::array<std::string_view, 12> k_metric_names{
    "ttft",     "ttfb",       "e2e",     "itl",        "tpot",     "stall",
    "send_lag", "error_rate", "goodput", "throughput", "failures", "capacity"};

Unexpected parse_error(std::string_view text, std::size_t column, const std::string &message) {
  return make_error(ErrorCode::invalid_argument, "threshold " + util::quoted(text, 120) +
                                                     " at column " + std::to_string(column) + ": " +
                                                     message);
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

// "p95" -> 95, "p999" -> 99.9, "p9999" -> 99.99: two digits of whole percent, the rest decimals.
std::optional<double> percentile_of(std::string_view stat) {
  if (stat.size() < 3 || stat[0] != 'p') {
    return std::nullopt;
  }
  double value = 0;
  double scale = 10;
  for (const char c : stat.substr(1)) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      return std::nullopt;
    }
    value += (c - '0') * scale;
    scale /= 10;
  }
  return value;
}

bool is_failure_kind(std::string_view kind) {
  for (const std::string_view k : k_failure_kinds) {
    if (k == kind) {
      return true;
    }
  }
  // http_<code>: a three-digit status such as http_429
  return kind.size() == 8 && kind.substr(0, 5) == "http_" &&
         std::isdigit(static_cast<unsigned char>(kind[5])) &&
         std::isdigit(static_cast<unsigned char>(kind[6])) &&
         std::isdigit(static_cast<unsigned char>(kind[7]));
}

// Resolves the dotted name into metric + stat and the value kind, or explains what is wrong.
Result<Threshold> resolve_metric(std::string_view text, std::size_t column, std::string_view name) {
  Threshold t;
  if (name.substr(0, 9) == "failures.") {
    const std::string_view kind = name.substr(9);
    if (!is_failure_kind(kind)) {
      const std::string message =
          "unknown failure kind " + util::quoted(kind) +
          util::did_you_mean(kind, k_failure_kinds,
                             "; expected http_<status> or one of " + util::one_of(k_failure_kinds));
      return parse_error(text, column + 9, message);
    }
    t.metric = std::string(name);
    t.kind = ValueKind::count;
    return t;
  }
  for (const MetricSpec &spec : k_metrics) {
    if (name == spec.name) {
      if (spec.kind == ValueKind::duration) {
        return parse_error(text, column + name.size(),
                           "a statistic is needed after " + util::quoted(name) + ", e.g. " +
                               util::quoted(std::string(name) + ".p95"));
      }
      t.metric = std::string(name);
      t.kind = spec.kind;
      return t;
    }
    if (spec.kind == ValueKind::duration && name.size() > spec.name.size() + 1 &&
        name.substr(0, spec.name.size()) == spec.name && name[spec.name.size()] == '.') {
      const std::string_view stat = name.substr(spec.name.size() + 1);
      const auto p = percentile_of(stat);
      if (!p && stat != "mean" && stat != "min" && stat != "max" && stat != "stddev") {
        return parse_error(text, column + spec.name.size() + 1,
                           "unknown statistic " + util::quoted(stat) +
                               "; expected p50, p90, p95, p99, p999 (any pNN), mean, min, max "
                               "or stddev");
      }
      t.metric = std::string(spec.name);
      t.stat = std::string(stat);
      t.percentile = p.value_or(0);
      t.kind = ValueKind::duration;
      return t;
    }
  }
  const std::string_view head = name.substr(0, name.find('.'));
  const std::string message =
      "unknown metric " + util::quoted(name) + util::did_you_mean(head, k_metric_names);
  return parse_error(text, column, message);
}

Result<double> parse_value(std::string_view text, std::size_t column, std::string_view value,
                           ValueKind kind) {
  switch (kind) {
  case ValueKind::duration: {
    auto d = util::parse_duration(value);
    if (!d) {
      return parse_error(text, column, d.error().message);
    }
    return static_cast<double>(d->count());
  }
  case ValueKind::fraction: {
    auto f = util::parse_fraction(value);
    if (!f) {
      return parse_error(text, column, f.error().message);
    }
    return *f;
  }
  case ValueKind::rate: {
    if (value.find('/') != std::string_view::npos) {
      auto r = util::parse_rate(value);
      if (!r) {
        return parse_error(text, column, r.error().message);
      }
      return *r;
    }
    auto n = util::parse_count(value);
    if (n) {
      return static_cast<double>(*n);
    }
    return parse_error(text, column,
                       "expected a rate such as \"20/s\" or a number per second, found " +
                           util::quoted(value));
  }
  case ValueKind::count: {
    auto n = util::parse_count(value);
    if (!n) {
      return parse_error(text, column, n.error().message);
    }
    return static_cast<double>(*n);
  }
  }
  return 0.0;
}

} // namespace

Result<Threshold> parse_threshold(std::string_view text) {
  std::size_t i = 0;
  const auto skip_space = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    }
  };
  skip_space();
  const std::size_t name_start = i;
  while (i < text.size() && (is_name_char(text[i]) || text[i] == ':')) {
    ++i;
  }
  std::string_view name = text.substr(name_start, i - name_start);
  std::size_t name_column = name_start + 1;
  std::string target;
  if (const auto colon = name.find(':'); colon != std::string_view::npos) {
    target = std::string(name.substr(0, colon));
    name = name.substr(colon + 1);
    name_column += colon + 1;
    if (target.empty()) {
      return parse_error(text, name_start + 1, "expected a target name before ':'");
    }
  }
  if (name.empty()) {
    return parse_error(text, name_column, "expected a metric name such as \"ttft.p95\"");
  }
  auto resolved = resolve_metric(text, name_column, name);
  if (!resolved) {
    return resolved;
  }
  Threshold t = std::move(*resolved);
  t.text = std::string(text);
  t.target = std::move(target);

  skip_space();
  static constexpr std::array<std::pair<std::string_view, Comparison>, 6> k_ops{{
      {"<=", Comparison::less_equal},
      {">=", Comparison::greater_equal},
      {"==", Comparison::equal},
      {"!=", Comparison::not_equal},
      {"<", Comparison::less},
      {">", Comparison::greater},
  }};
  bool found_op = false;
  for (const auto &[symbol, op] : k_ops) {
    if (text.substr(i, symbol.size()) == symbol) {
      t.op = op;
      i += symbol.size();
      found_op = true;
      break;
    }
  }
  if (!found_op) {
    return parse_error(text, i + 1,
                       "expected a comparison (<, <=, >, >=, == or !=), found " +
                           (i < text.size() ? util::quoted(text.substr(i, 8)) : "the end"));
  }
  skip_space();
  const std::size_t value_start = i;
  std::string_view value = text.substr(value_start);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())) != 0) {
    value.remove_suffix(1);
  }
  if (value.empty()) {
    return parse_error(text, value_start + 1, "expected a value after the comparison");
  }
  auto parsed = parse_value(text, value_start + 1, value, t.kind);
  if (!parsed) {
    return Unexpected(std::move(parsed).error());
  }
  t.value = *parsed;
  return t;
}

bool holds(const Threshold &threshold, double actual) noexcept {
  switch (threshold.op) {
  case Comparison::less:
    return actual < threshold.value;
  case Comparison::less_equal:
    return actual <= threshold.value;
  case Comparison::greater:
    return actual > threshold.value;
  case Comparison::greater_equal:
    return actual >= threshold.value;
  case Comparison::equal:
    return actual == threshold.value;
  case Comparison::not_equal:
    return actual != threshold.value;
  }
  return false;
}

std::string_view to_string(Comparison op) noexcept {
  switch (op) {
  case Comparison::less:
    return "<";
  case Comparison::less_equal:
    return "<=";
  case Comparison::greater:
    return ">";
  case Comparison::greater_equal:
    return ">=";
  case Comparison::equal:
    return "==";
  case Comparison::not_equal:
    return "!=";
  }
  return "?";
}

std::span<const std::string_view> threshold_metrics() noexcept {
  return k_metric_names;
}

} // namespace chatbench::scenario
