// Histogram::encode and Histogram::decode; the format is specified in histogram.hpp.
#include "metrics/histogram.hpp"
#include "util/text.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <utility>

namespace chatbench::metrics {
namespace {

constexpr std::string_view k_magic = "chatbench-hist/";
constexpr std::string_view k_version = "1";
constexpr std::string_view k_base64url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Decoding helpers record the first problem in a Problem and return nullopt or false; decode()
// turns it into a Result once. (Passing Results from helper to helper trips GCC 12's
// -Wnull-dereference at -O3 inside Result's accessors.)
using Problem = std::string;

bool fail(Problem &problem, std::string message) {
  problem = std::move(message);
  return false;
}

void put_varint(std::string &out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

std::string to_base64url(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  const auto byte = [&](std::size_t at) {
    return static_cast<std::uint32_t>(bytes[at]) & 0xff;
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) {
      out.push_back(k_base64url[(group >> shift) & 63]);
    }
  }
  const std::size_t left = bytes.size() - i;
  if (left > 0) {
    const std::uint32_t group = byte(i) << 16 | (left == 2 ? byte(i + 1) << 8 : 0);
    for (std::size_t n = 0; n <= left; ++n) {
      out.push_back(k_base64url[(group >> (18 - 6 * n)) & 63]);
    }
  }
  return out;
}

// Strict: only the url-safe alphabet, no padding, and the unused low bits of the last
// character must be zero, so that each byte string has exactly one text form.
std::optional<std::string> from_base64url(std::string_view text, Problem &problem) {
  std::array<int, 256> value_of{};
  value_of.fill(-1);
  for (std::size_t i = 0; i < k_base64url.size(); ++i) {
    value_of[static_cast<unsigned char>(k_base64url[i])] = static_cast<int>(i);
  }
  if (text.size() % 4 == 1) {
    fail(problem, "counts: base64 length " + std::to_string(text.size()) + " is not possible");
    return std::nullopt;
  }
  std::string bytes;
  bytes.reserve(text.size() * 3 / 4);
  std::uint32_t bits = 0;
  int pending = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int v = value_of[static_cast<unsigned char>(text[i])];
    if (v < 0) {
      fail(problem, "counts: character " + util::quoted(text.substr(i, 1)) + " at offset " +
                        std::to_string(i) + " is not base64url");
      return std::nullopt;
    }
    bits = (bits << 6 | static_cast<std::uint32_t>(v)) & 0xffffff;
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      bytes.push_back(static_cast<char>((bits >> pending) & 0xff));
    }
  }
  if ((bits & ((1u << pending) - 1)) != 0) {
    fail(problem, "counts: the last base64 character has non-zero padding bits");
    return std::nullopt;
  }
  return bytes;
}

// Reads one LEB128 varint at `pos`; nullopt when truncated or wider than 64 bits.
std::optional<std::uint64_t> read_varint(std::string_view bytes, std::size_t &pos) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64 && pos < bytes.size(); shift += 7) {
    const auto byte = static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[pos++]));
    if (shift == 63 && byte > 1) {
      return std::nullopt;
    }
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      return value;
    }
  }
  return std::nullopt;
}

// Walks "key=value" fields separated by single spaces, in a fixed order.
class FieldReader {
public:
  FieldReader(std::string_view text, Problem &problem) : m_rest(text), m_problem(problem) {}

  std::optional<std::string_view> next(std::string_view key) {
    const std::size_t end = m_done ? 0 : m_rest.find(' ');
    const std::string_view field = m_rest.substr(0, end);
    if (m_done || field.size() <= key.size() || field.substr(0, key.size()) != key ||
        field[key.size()] != '=') {
      fail(m_problem, "expected \"" + std::string(key) + "=<value>\", found " +
                          (m_done ? std::string("the end") : util::quoted(field)));
      return std::nullopt;
    }
    m_done = end == std::string_view::npos;
    m_rest = m_done ? std::string_view{} : m_rest.substr(end + 1);
    return field.substr(key.size() + 1);
  }

  std::optional<std::uint64_t> unsigned_field(std::string_view key, std::uint64_t limit) {
    const std::optional<std::string_view> text = next(key);
    if (!text) {
      return std::nullopt;
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value > limit) {
      fail(m_problem, std::string(key) + " must be an integer in 0.." + std::to_string(limit) +
                          ", found " + util::quoted(*text));
      return std::nullopt;
    }
    return value;
  }

  /// True once the last field has been read and nothing, not even a space, follows it.
  bool done() const noexcept { return m_done; }

private:
  std::string_view m_rest;
  Problem &m_problem;
  bool m_done = false;
};

struct Header {
  HistogramConfig config;
  std::uint64_t count = 0;
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::uint64_t overflow = 0;
  std::uint64_t underflow = 0;
  std::string_view counts;
};

bool check_magic(std::string_view magic, Problem &problem) {
  if (magic.substr(0, k_magic.size()) != k_magic) {
    return fail(problem, "expected \"" + std::string(k_magic) + std::string(k_version) +
                             "\" at the start, found " + util::quoted(magic));
  }
  if (magic.substr(k_magic.size()) != k_version) {
    return fail(problem, "unsupported version " + util::quoted(magic.substr(k_magic.size())) +
                             " (this build reads " + std::string(k_version) + ")");
  }
  return true;
}

std::optional<Header> read_header(std::string_view text, Problem &problem) {
  const std::size_t space = text.find(' ');
  if (!check_magic(text.substr(0, space), problem)) {
    return std::nullopt;
  }
  FieldReader fields(space == std::string_view::npos ? std::string_view{} : text.substr(space + 1),
                     problem);
  constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  constexpr auto uint64_max = std::numeric_limits<std::uint64_t>::max();
  const std::array<std::pair<std::string_view, std::uint64_t>, 8> numeric = {{
      {"lowest", int64_max},
      {"highest", int64_max},
      {"digits", 5},
      {"count", uint64_max},
      {"min", int64_max},
      {"max", int64_max},
      {"overflow", uint64_max},
      {"underflow", uint64_max},
  }};
  std::array<std::uint64_t, 8> n{};
  for (std::size_t i = 0; i < numeric.size(); ++i) {
    const std::optional<std::uint64_t> value =
        fields.unsigned_field(numeric[i].first, numeric[i].second);
    if (!value) {
      return std::nullopt;
    }
    n[i] = *value;
  }
  const std::optional<std::string_view> counts = fields.next("counts");
  if (!counts) {
    return std::nullopt;
  }
  if (!fields.done()) {
    fail(problem, "unexpected text after the counts field");
    return std::nullopt;
  }
  const auto as_int64 = [](std::uint64_t v) {
    return static_cast<std::int64_t>(v);
  };
  return Header{{as_int64(n[0]), as_int64(n[1]), static_cast<int>(n[2])},
                n[3],
                as_int64(n[4]),
                as_int64(n[5]),
                n[6],
                n[7],
                *counts};
}

// The relations between the header's numbers that every histogram keeps.
bool check_consistency(const Header &h, std::uint64_t sum, Problem &problem) {
  if (sum != h.count) {
    return fail(problem, "the buckets hold " + std::to_string(sum) + " values but count=" +
                             std::to_string(h.count) + " (truncated or altered?)");
  }
  if (h.count == 0) {
    return h.min == 0 && h.max == 0 && h.overflow == 0 && h.underflow == 0
               ? true
               : fail(problem, "an empty histogram must have min, max, overflow and underflow 0");
  }
  if (h.min > h.max) {
    return fail(problem, "min=" + std::to_string(h.min) + " exceeds max=" + std::to_string(h.max));
  }
  if (h.overflow > h.count || h.underflow > h.count) {
    return fail(problem, "overflow or underflow exceeds count=" + std::to_string(h.count));
  }
  if (h.underflow > 0 && h.min != 0) {
    return fail(problem, "underflow > 0 requires min=0");
  }
  if (h.max > h.config.highest_trackable && h.overflow == 0) {
    return fail(problem, "max=" + std::to_string(h.max) + " exceeds highest but overflow=0");
  }
  return true;
}

} // namespace

std::string Histogram::encode() const {
  std::string payload;
  std::size_t next = 0; // the first bucket not yet described
  for_each_count([&](std::size_t index, std::uint64_t count) {
    if (index > next) {
      put_varint(payload, 0);
      put_varint(payload, index - next);
    }
    put_varint(payload, count);
    next = index + 1;
  });
  std::string out;
  out.reserve(120 + payload.size() * 4 / 3);
  out.append(k_magic).append(k_version);
  const auto field = [&out](std::string_view key, const auto &value) {
    out.append(" ").append(key).append("=").append(std::to_string(value));
  };
  field("lowest", m_config.lowest_discernible);
  field("highest", m_config.highest_trackable);
  field("digits", m_config.significant_digits);
  field("count", m_total);
  field("min", min());
  field("max", max());
  field("overflow", m_overflow);
  field("underflow", m_underflow);
  out.append(" counts=").append(to_base64url(payload));
  return out;
}

// Fills the counters from the varint stream; returns their sum.
std::optional<std::uint64_t> Histogram::read_counts(std::string_view bytes, Problem &problem) {
  const std::size_t end = m_clamp_index + 1;
  std::size_t index = 0;
  std::uint64_t sum = 0;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t at = pos;
    const auto where = [at] {
      return " at counts byte " + std::to_string(at);
    };
    const std::optional<std::uint64_t> count = read_varint(bytes, pos);
    if (!count) {
      fail(problem, "truncated or over-long varint" + where());
      return std::nullopt;
    }
    if (*count == 0) {
      const std::optional<std::uint64_t> run = read_varint(bytes, pos);
      if (!run || *run == 0 || *run > end - index) {
        fail(problem, "bad run of empty buckets" + where() + " (the last bucket is " +
                          std::to_string(end - 1) + ")");
        return std::nullopt;
      }
      index += static_cast<std::size_t>(*run);
      continue;
    }
    if (index >= end) {
      fail(problem, "a bucket beyond the last one (" + std::to_string(end - 1) + ")" + where());
      return std::nullopt;
    }
    if (sum + *count < sum) {
      fail(problem, "counts that overflow 64 bits" + where());
      return std::nullopt;
    }
    sum += *count;
    counter(index++) = *count;
  }
  return sum;
}

Result<Histogram> Histogram::decode(std::string_view text) {
  Problem problem;
  const std::optional<Header> header = read_header(text, problem);
  if (header) {
    problem = problem_with(header->config);
  }
  if (!problem.empty()) {
    return make_error(ErrorCode::invalid_argument, "histogram encoding: " + problem);
  }
  Histogram h(header->config);
  const std::optional<std::string> bytes = from_base64url(header->counts, problem);
  const std::optional<std::uint64_t> sum = bytes ? h.read_counts(*bytes, problem) : std::nullopt;
  if (!sum || !check_consistency(*header, *sum, problem)) {
    return make_error(ErrorCode::invalid_argument, "histogram encoding: " + problem);
  }
  h.m_total = header->count;
  h.m_overflow = header->overflow;
  h.m_underflow = header->underflow;
  if (h.m_total > 0) {
    h.m_min = header->min;
    h.m_max = header->max;
  }
  return h;
}

} // namespace chatbench::metrics
