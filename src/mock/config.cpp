#include "mock/config.hpp"

#include "util/units.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace chatbench::mock {
namespace {

constexpr std::array<std::string_view, k_fault_kind_count> k_fault_names{
    "rate_limit",         "server_error", "unavailable",    "unauthorized",
    "stall_headers",      "stall_stream", "malformed_json", "missing_field",
    "wrong_type",         "no_done",      "error_event",    "reset",
    "keepalive_comments", "crlf",         "split_events",   "wrong_content_type",
};

Unexpected invalid(std::string message) {
  return make_error(ErrorCode::invalid_argument, std::move(message));
}

std::string quote(std::string_view text) {
  // Built by appending: GCC 12 at -O3 warns (-Wrestrict, a false positive) on "\"" + string.
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '"';
  quoted += text;
  quoted += '"';
  return quoted;
}

Result<std::uint64_t> parse_index(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return invalid("expected a request index such as 5, found " + quote(text));
  }
  return value;
}

// "1,5,9-12" -> [1,1], [5,5], [9,12].
Result<std::vector<std::pair<std::uint64_t, std::uint64_t>>> parse_ranges(std::string_view text) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const std::size_t dash = item.find('-');
    auto lo = parse_index(item.substr(0, dash));
    if (!lo) {
      return Unexpected(std::move(lo).error());
    }
    std::uint64_t hi = *lo;
    if (dash != std::string_view::npos) {
      auto parsed_hi = parse_index(item.substr(dash + 1));
      if (!parsed_hi) {
        return Unexpected(std::move(parsed_hi).error());
      }
      hi = *parsed_hi;
    }
    if (hi < *lo) {
      return invalid("range " + quote(item) + " ends before it starts");
    }
    ranges.emplace_back(*lo, hi);
  }
  if (ranges.empty()) {
    return invalid("expected request indices such as at=1,5,9-12");
  }
  return ranges;
}

using ValueParser = Result<double> (*)(std::string_view);

Result<double> duration_value(std::string_view text) {
  auto ns = util::parse_duration(text);
  if (!ns) {
    return Unexpected(std::move(ns).error());
  }
  return static_cast<double>(ns->count());
}

Result<double> count_value(std::string_view text) {
  auto count = util::parse_count(text);
  if (!count) {
    return Unexpected(std::move(count).error());
  }
  return static_cast<double>(*count);
}

// "normal:a,b" etc. with values parsed by `value`. A bare value is a constant.
Result<util::Distribution> parse_distribution(std::string_view text, ValueParser value) {
  using Kind = util::Distribution::Kind;
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    auto constant = value(text);
    if (!constant) {
      return Unexpected(std::move(constant).error());
    }
    return util::Distribution::constant(*constant);
  }
  const std::string_view name = text.substr(0, colon);
  const std::string_view args = text.substr(colon + 1);
  const std::size_t comma = args.find(',');
  auto first = value(args.substr(0, comma));
  if (!first) {
    return Unexpected(std::move(first).error());
  }
  util::Distribution d;
  d.mean = *first;
  if (name == "exponential" && comma == std::string_view::npos) {
    d.kind = Kind::exponential;
    return d;
  }
  if (comma == std::string_view::npos) {
    return invalid("expected " + std::string(name) + ":A,B, found " + quote(text));
  }
  auto second = value(args.substr(comma + 1));
  if (!second) {
    return Unexpected(std::move(second).error());
  }
  if (name == "normal" || name == "lognormal") {
    d.kind = name == "normal" ? Kind::normal : Kind::lognormal;
    d.stddev = *second;
    if (d.kind == Kind::lognormal && d.mean <= 0) {
      return invalid("a lognormal distribution needs a positive mean, found " + quote(text));
    }
  } else if (name == "uniform") {
    d.kind = Kind::uniform;
    d.min = *first;
    d.max = *second;
    if (d.max < d.min) {
      return invalid("uniform:MIN,MAX needs MIN <= MAX, found " + quote(text));
    }
  } else {
    return invalid("expected constant, normal:, lognormal:, uniform: or exponential:, found " +
                   quote(text));
  }
  return d;
}

Result<void> apply_trigger_option(FaultRule &rule, std::string_view key, std::string_view value) {
  if (key == "p") {
    auto p = util::parse_fraction(value);
    if (!p) {
      return Unexpected(std::move(p).error());
    }
    rule.trigger = FaultTrigger{FaultTrigger::Kind::probability, *p, 0, {}};
  } else if (key == "every") {
    auto n = parse_index(value);
    if (!n || *n == 0) {
      return invalid("expected every=N with N >= 1, found " + quote(value));
    }
    rule.trigger = FaultTrigger{FaultTrigger::Kind::every, 0, *n, {}};
  } else if (key == "at") {
    auto ranges = parse_ranges(value);
    if (!ranges) {
      return Unexpected(std::move(ranges).error());
    }
    rule.trigger = FaultTrigger{FaultTrigger::Kind::at, 0, 0, std::move(*ranges)};
  } else if (key == "for") {
    auto stall = util::parse_duration(value);
    if (!stall) {
      return Unexpected(std::move(stall).error());
    }
    rule.stall = *stall;
  } else {
    return invalid("expected p=, every=, at= or for=, found " + quote(key));
  }
  return {};
}

bool is_negative(const util::Distribution &d) {
  return d.min < 0 || (d.kind != util::Distribution::Kind::uniform && d.mean < 0);
}

} // namespace

Result<void> validate(const Config &config) {
  if (config.latency.tokens_per_chunk == 0) {
    return invalid("tokens per chunk must be at least 1");
  }
  if (config.threads == 0 || config.threads > 64) {
    return invalid("threads must lie in 1..64");
  }
  if (is_negative(config.latency.ttft_ns) || is_negative(config.latency.itl_ns) ||
      is_negative(config.latency.output_tokens)) {
    return invalid("latency and length distributions must not be negative");
  }
  if (config.capacity.token_rate_per_s < 0 || !std::isfinite(config.capacity.token_rate_per_s)) {
    return invalid("the token rate must be a finite number >= 0");
  }
  for (const FaultRule &rule : config.faults) {
    const FaultTrigger &t = rule.trigger;
    if (t.kind == FaultTrigger::Kind::probability && !(t.probability >= 0 && t.probability <= 1)) {
      return invalid("a fault probability must lie in [0, 1]");
    }
    if (t.kind == FaultTrigger::Kind::every && t.every == 0) {
      return invalid("a fault's every=N needs N >= 1");
    }
  }
  return {};
}

Result<std::pair<std::string, std::uint16_t>> parse_listen(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return invalid("expected HOST:PORT such as 127.0.0.1:8080, found " + quote(text));
  }
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 ||
      port_text.empty()) {
    return invalid("expected a port in 0..65535 in HOST:PORT, found " + quote(text));
  }
  return std::pair<std::string, std::uint16_t>{std::string(host), static_cast<std::uint16_t>(port)};
}

Result<util::Distribution> parse_time_distribution(std::string_view text) {
  return parse_distribution(text, duration_value);
}

Result<util::Distribution> parse_count_distribution(std::string_view text) {
  return parse_distribution(text, count_value);
}

Result<FaultRule> parse_fault_rule(std::string_view text) {
  const std::size_t colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  const auto kind = fault_kind_from_name(name);
  if (!kind) {
    std::string names;
    for (std::string_view n : k_fault_names) {
      names += names.empty() ? "" : ", ";
      names += n;
    }
    return invalid("unknown fault " + quote(name) + "; expected one of " + names);
  }
  FaultRule rule;
  rule.kind = *kind;
  rule.trigger = FaultTrigger{FaultTrigger::Kind::every, 0, 1, {}};
  std::string_view rest = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  while (!rest.empty()) {
    const std::size_t next = rest.find(':');
    const std::string_view option = rest.substr(0, next);
    rest = next == std::string_view::npos ? "" : rest.substr(next + 1);
    const std::size_t eq = option.find('=');
    if (eq == std::string_view::npos) {
      return invalid("expected KEY=VALUE after the fault name, found " + quote(option));
    }
    auto applied = apply_trigger_option(rule, option.substr(0, eq), option.substr(eq + 1));
    if (!applied) {
      return Unexpected(std::move(applied).error());
    }
  }
  return rule;
}

std::optional<FaultKind> fault_kind_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < k_fault_names.size(); ++i) {
    if (k_fault_names[i] == name) {
      return static_cast<FaultKind>(i);
    }
  }
  return std::nullopt;
}

std::string_view to_string(FaultKind kind) noexcept {
  return k_fault_names[static_cast<std::size_t>(kind)];
}

} // namespace chatbench::mock
