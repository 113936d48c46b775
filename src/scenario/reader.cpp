#include "scenario/reader.hpp"

#include "scenario/json_index.hpp"
#include "util/text.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace chatbench::scenario {

using nlohmann::json;

namespace {
std::string plain(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}
} // namespace

std::string describe(const json &value) {
  switch (value.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::boolean:
    return value.get<bool>() ? "true" : "false";
  case json::value_t::string:
    return "string " + util::quoted(value.get_ref<const std::string &>());
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
  case json::value_t::number_float:
    return "number " + value.dump();
  case json::value_t::array:
    return value.empty() ? "an empty array" : "an array of " + std::to_string(value.size());
  case json::value_t::object:
    return value.empty() ? "an empty object" : "an object";
  default:
    return "a value of unsupported type";
  }
}

void expected(Decoder &decoder, const std::string &pointer, std::string_view what,
              const json &value) {
  decoder.error(pointer, "expected " + std::string(what) + ", found " + describe(value));
}

ObjectReader::ObjectReader(Decoder &decoder, const json &value, std::string pointer,
                           std::span<const std::string_view> allowed)
    : m_decoder(decoder), m_pointer(std::move(pointer)) {
  if (!value.is_object()) {
    expected(m_decoder, m_pointer, "an object", value);
    return;
  }
  m_object = &value;
  for (const auto &[key, member] : value.items()) {
    bool known = false;
    for (const std::string_view a : allowed) {
      known = known || a == key;
    }
    if (known) {
      continue;
    }
    std::string message =
        "unknown key " + util::quoted(key) +
        util::did_you_mean(key, allowed, "; expected one of " + util::one_of(allowed));
    m_decoder.error(pointer_append(m_pointer, key), std::move(message), true);
  }
}

std::string ObjectReader::at(std::string_view key) const {
  return pointer_append(m_pointer, key);
}

const json *ObjectReader::get(std::string_view key) const {
  if (m_object == nullptr) {
    return nullptr;
  }
  const auto it = m_object->find(key);
  return it == m_object->end() ? nullptr : &*it;
}

const json *ObjectReader::require(std::string_view key) const {
  const json *value = get(key);
  if (value == nullptr && m_object != nullptr) {
    m_decoder.error(m_pointer, "missing required key " + util::quoted(key));
  }
  return value;
}

void ObjectReader::error(std::string_view key, std::string message) const {
  m_decoder.error(at(key), std::move(message));
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required) const {
  const json *value = required ? require(key) : get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    expected(m_decoder, at(key), "a string", *value);
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<bool> ObjectReader::boolean(std::string_view key) const {
  const json *value = get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_boolean()) {
    expected(m_decoder, at(key), "true or false", *value);
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<double> ObjectReader::number(std::string_view key, double min, double max) const {
  const json *value = get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_number()) {
    expected(m_decoder, at(key), "a number", *value);
    return std::nullopt;
  }
  const double x = value->get<double>();
  if (x < min || x > max) {
    expected(m_decoder, at(key), "a number from " + plain(min) + " to " + plain(max), *value);
    return std::nullopt;
  }
  return x;
}

std::optional<std::int64_t> read_integer(Decoder &decoder, const json &value,
                                         const std::string &pointer, std::int64_t min,
                                         std::int64_t max) {
  const std::string what =
      "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!value.is_number_integer()) {
    expected(decoder, pointer, what, value);
    return std::nullopt;
  }
  const bool is_unsigned = value.is_number_unsigned();
  if (is_unsigned && value.get<std::uint64_t>() >
                         static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    expected(decoder, pointer, what, value);
    return std::nullopt;
  }
  const auto x = value.get<std::int64_t>();
  if (x < min || x > max) {
    expected(decoder, pointer, what, value);
    return std::nullopt;
  }
  return x;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t min,
                                                  std::int64_t max) const {
  const json *value = get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  return read_integer(m_decoder, *value, at(key), min, max);
}

std::optional<std::chrono::nanoseconds> ObjectReader::duration(std::string_view key,
                                                               bool allow_zero) const {
  const json *value = get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    expected(m_decoder, at(key), "a duration string with a unit, such as \"250ms\" or \"30s\"",
             *value);
    return std::nullopt;
  }
  auto parsed = util::parse_duration(value->get_ref<const std::string &>());
  if (!parsed) {
    m_decoder.error(at(key), parsed.error().message);
    return std::nullopt;
  }
  if (!allow_zero && parsed->count() == 0) {
    expected(m_decoder, at(key), "a duration above zero", *value);
    return std::nullopt;
  }
  return *parsed;
}

std::optional<double> read_rate(Decoder &decoder, const json &value, const std::string &pointer) {
  if (value.is_number()) {
    const double x = value.get<double>();
    if (!(x > 0) || !std::isfinite(x)) {
      expected(decoder, pointer, "a rate above zero", value);
      return std::nullopt;
    }
    return x;
  }
  if (!value.is_string()) {
    expected(decoder, pointer, "a rate such as \"50/s\" or a number per second", value);
    return std::nullopt;
  }
  auto parsed = util::parse_rate(value.get_ref<const std::string &>());
  if (!parsed) {
    decoder.error(pointer, parsed.error().message);
    return std::nullopt;
  }
  return *parsed;
}

std::optional<double> ObjectReader::rate(std::string_view key) const {
  const json *value = get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  return read_rate(m_decoder, *value, at(key));
}

std::optional<std::uint64_t> ObjectReader::count(std::string_view key, std::uint64_t min,
                                                 std::uint64_t max) const {
  const json *value = get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  const std::string what = "a count from " + std::to_string(min) + " to " + std::to_string(max) +
                           " (a whole number or a string such as \"10k\")";
  std::optional<std::uint64_t> n;
  if (value->is_number_unsigned()) {
    n = value->get<std::uint64_t>();
  } else if (value->is_number_integer()) {
    const auto signed_value = value->get<std::int64_t>();
    n = signed_value >= 0 ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(signed_value))
                          : std::nullopt;
  } else if (value->is_string()) {
    auto parsed = util::parse_count(value->get_ref<const std::string &>());
    if (!parsed) {
      m_decoder.error(at(key), parsed.error().message);
      return std::nullopt;
    }
    n = *parsed;
  }
  if (!n || *n < min || *n > max) {
    expected(m_decoder, at(key), what, *value);
    return std::nullopt;
  }
  return n;
}

std::optional<double> ObjectReader::fraction(std::string_view key) const {
  const json *value = get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->is_number()) {
    const double x = value->get<double>();
    if (x < 0 || x > 1) {
      expected(m_decoder, at(key), "a fraction from 0 to 1 (or a percentage string)", *value);
      return std::nullopt;
    }
    return x;
  }
  if (!value->is_string()) {
    expected(m_decoder, at(key), "a fraction such as \"5%\" or 0.05", *value);
    return std::nullopt;
  }
  auto parsed = util::parse_fraction(value->get_ref<const std::string &>());
  if (!parsed) {
    m_decoder.error(at(key), parsed.error().message);
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::string> choose(Decoder &decoder, const json &value, const std::string &pointer,
                                  std::span<const std::string_view> options) {
  if (!value.is_string()) {
    expected(decoder, pointer, "one of " + util::one_of(options), value);
    return std::nullopt;
  }
  const auto &s = value.get_ref<const std::string &>();
  for (const std::string_view option : options) {
    if (option == s) {
      return s;
    }
  }
  std::string message = "expected one of " + util::one_of(options) + ", found " + describe(value) +
                        util::did_you_mean(s, options);
  decoder.error(pointer, std::move(message));
  return std::nullopt;
}

std::optional<std::string> ObjectReader::choice(std::string_view key,
                                                std::span<const std::string_view> options) const {
  const json *value = get(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  return choose(m_decoder, *value, at(key), options);
}

} // namespace chatbench::scenario
