// The text encoding: a pinned example of the format, round trips, size, and rejection of
// truncated, altered and malformed input with an error that names the problem.
#include "metrics/histogram.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <random>
#include <string>
#include <vector>

using chatbench::ErrorCode;
using chatbench::metrics::Histogram;
using chatbench::metrics::HistogramConfig;
using chatbench::metrics::k_one_hour_ns;

namespace {

// An independent base64url encoder (no padding) to build payloads by hand.
std::string base64url(const std::vector<unsigned> &bytes) {
  static const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned bits = 0;
  int pending = 0;
  for (unsigned b : bytes) {
    bits = bits << 8 | b;
    pending += 8;
    while (pending >= 6) {
      pending -= 6;
      out.push_back(alphabet[(bits >> pending) & 63]);
    }
  }
  if (pending > 0) {
    out.push_back(alphabet[(bits << (6 - pending)) & 63]);
  }
  return out;
}

const std::string k_header = "chatbench-hist/1 lowest=1 highest=3600000000000 digits=3 ";

std::string with_counts(const std::string &fields, const std::vector<unsigned> &bytes) {
  return k_header + fields + " counts=" + base64url(bytes);
}

void expect_rejected(const std::string &text, const std::string &mentions) {
  const auto h = Histogram::decode(text);
  ASSERT_FALSE(h.has_value()) << text;
  EXPECT_EQ(h.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(h.error().message.find(mentions), std::string::npos)
      << "message: " << h.error().message << "\ninput: " << text;
}

Histogram lognormal(std::size_t n, std::uint64_t seed) {
  Histogram h;
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> d(std::log(5e7), 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    h.record(static_cast<std::int64_t>(d(rng)));
  }
  return h;
}

} // namespace

TEST(HistogramCodec, PinnedExample) {
  Histogram h;
  h.record(1, 2);
  h.record(3);
  h.record(2000);
  // Bytes: run of 1 empty, 2, run of 1 empty, 1, run of 1996 empty (0xcc 0x0f), 1.
  const std::string expected = "chatbench-hist/1 lowest=1 highest=3600000000000 digits=3 count=4 "
                               "min=1 max=2000 overflow=0 underflow=0 counts=AAECAAEBAMwPAQ";
  EXPECT_EQ(h.encode(), expected);
  EXPECT_EQ(Histogram::decode(expected).value(), h);
}

TEST(HistogramCodec, EmptyHistogram) {
  const Histogram h;
  EXPECT_EQ(h.encode(), k_header + "count=0 min=0 max=0 overflow=0 underflow=0 counts=");
  EXPECT_EQ(Histogram::decode(h.encode()).value(), h);
}

TEST(HistogramCodec, RoundTripsAreEqual) {
  std::vector<Histogram> cases;
  cases.push_back(lognormal(100'000, 1));
  Histogram edges;
  edges.record(0);
  edges.record(-9, 3);
  edges.record(k_one_hour_ns);
  edges.record(std::numeric_limits<std::int64_t>::max(), 7);
  edges.record(5, std::numeric_limits<std::uint64_t>::max() / 2);
  cases.push_back(edges);
  for (const HistogramConfig &config :
       {HistogramConfig{1000, 1'000'000'000, 2}, HistogramConfig{1, 1'000'000, 5},
        HistogramConfig{1, std::numeric_limits<std::int64_t>::max(), 1}}) {
    Histogram h = Histogram::create(config).value();
    std::mt19937_64 rng(2);
    std::uniform_int_distribution<std::int64_t> d(0, config.highest_trackable);
    for (int i = 0; i < 5000; ++i) {
      h.record(d(rng));
    }
    h.record(config.highest_trackable);
    cases.push_back(h);
  }
  for (const Histogram &h : cases) {
    const std::string text = h.encode();
    const auto decoded = Histogram::decode(text);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, h);
    EXPECT_EQ(decoded->encode(), text);
  }
}

TEST(HistogramCodec, SparseHistogramsAreSmall) {
  Histogram h;
  h.record(1'500'000);
  h.record(220'000'000);
  h.record(3'100'000'000);
  EXPECT_LT(h.encode().size(), 140u) << h.encode();
  // 100k lognormal latencies fill ~5k buckets: a few bytes each.
  const Histogram dense = lognormal(100'000, 3);
  std::size_t buckets = 0;
  dense.for_each_bucket([&](const auto &) { ++buckets; });
  EXPECT_LT(dense.encode().size(), 100 + buckets * 4) << buckets << " buckets";
}

TEST(HistogramCodec, EveryTruncationIsRejected) {
  Histogram h = lognormal(300, 4);
  h.record(k_one_hour_ns * 2);
  const std::string text = h.encode();
  for (std::size_t n = 0; n < text.size(); ++n) {
    const auto decoded = Histogram::decode(std::string_view(text).substr(0, n));
    ASSERT_FALSE(decoded.has_value()) << "prefix of " << n << " accepted";
    EXPECT_FALSE(decoded.error().message.empty());
  }
}

TEST(HistogramCodec, HeaderErrorsNameTheField) {
  const std::string ok_tail = " counts=" + base64url({0, 5, 1});
  const std::string ok_numbers = "count=1 min=5 max=5 overflow=0 underflow=0";
  ASSERT_TRUE(Histogram::decode(k_header + ok_numbers + ok_tail).has_value());
  expect_rejected("", "chatbench-hist/1");
  expect_rejected("garbage", "chatbench-hist/1");
  expect_rejected("chatbench-hist/2 lowest=1", "unsupported version");
  expect_rejected("chatbench-hist/1", "lowest=");
  expect_rejected("chatbench-hist/1 lowest=0 highest=10 digits=3 " + ok_numbers + ok_tail,
                  "lowest_discernible");
  expect_rejected("chatbench-hist/1 lowest=1 highest=10 digits=7 " + ok_numbers + ok_tail,
                  "digits");
  expect_rejected("chatbench-hist/1 lowest=6 highest=10 digits=3 " + ok_numbers + ok_tail,
                  "highest_trackable");
  expect_rejected(k_header + "count=x min=5 max=5 overflow=0 underflow=0" + ok_tail, "count");
  expect_rejected(k_header + "count=1 min=-5 max=5 overflow=0 underflow=0" + ok_tail, "min");
  expect_rejected(k_header + "count=1 min=+5 max=5 overflow=0 underflow=0" + ok_tail, "min");
  expect_rejected(k_header + "count=1 max=5 min=5 overflow=0 underflow=0" + ok_tail, "min=");
  expect_rejected(k_header + "count=1 min=5 max=5 overflow=0 underflow=0 extra=1" + ok_tail,
                  "counts=");
  expect_rejected(k_header + "count=1  min=5 max=5 overflow=0 underflow=0" + ok_tail, "min=");
  expect_rejected(k_header + ok_numbers + ok_tail + " ", "after the counts");
  expect_rejected(k_header + ok_numbers + ok_tail + "\n", "base64");
  expect_rejected(k_header + "count=99999999999999999999 min=5 max=5 overflow=0 underflow=0" +
                      ok_tail,
                  "count");
}

TEST(HistogramCodec, PayloadErrorsNameTheProblem) {
  const std::string one = "count=1 min=5 max=5 overflow=0 underflow=0";
  expect_rejected(k_header + one + " counts=AA+A", "base64url");
  expect_rejected(k_header + one + " counts=AAU=", "base64url");
  expect_rejected(k_header + one + " counts=AAUBA", "length");
  expect_rejected(k_header + one + " counts=AAV", "padding bits"); // 0x00 0x05 + stray bits
  expect_rejected(with_counts(one, {0x80}), "varint");
  expect_rejected(with_counts(one, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}),
                  "varint");
  expect_rejected(with_counts(one, {0x00, 0x00, 0x01}), "run of empty buckets");
  expect_rejected(with_counts(one, {0x00}), "run of empty buckets");
  expect_rejected(with_counts(one, {0x00, 0xff, 0xff, 0x7f}), "run of empty buckets");
  // The last bucket (that of 1 h) has index 31 * 1024 + (3.6e12 >> 31) = 33420: a run of 33421
  // empty buckets is allowed, a count after it is not.
  expect_rejected(with_counts(one, {0x00, 0x8d, 0x85, 0x02, 0x01}), "beyond the last");
  expect_rejected(with_counts(one, {0x00, 0x8e, 0x85, 0x02}), "run of empty buckets");
  expect_rejected(with_counts("count=2 min=5 max=5 overflow=0 underflow=0", {0x00, 0x05, 0x01}),
                  "count=2");
  const std::vector<unsigned> two_huge = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                          0x80, 0x80, 0x01, 0x80, 0x80, 0x80, 0x80,
                                          0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  expect_rejected(with_counts(one, two_huge), "overflow 64 bits");
}

TEST(HistogramCodec, InconsistentNumbersAreRejected) {
  const std::vector<unsigned> five = {0x00, 0x05, 0x01};
  expect_rejected(with_counts("count=1 min=9 max=5 overflow=0 underflow=0", five), "exceeds max");
  expect_rejected(with_counts("count=0 min=5 max=5 overflow=0 underflow=0", {}), "empty");
  expect_rejected(with_counts("count=1 min=5 max=5 overflow=2 underflow=0", five), "overflow");
  expect_rejected(with_counts("count=1 min=5 max=5 overflow=0 underflow=1", five), "min=0");
  expect_rejected(with_counts("count=1 min=5 max=3600000000001 overflow=0 underflow=0", five),
                  "overflow=0");
}

TEST(HistogramCodec, AlteredTextNeverCrashesAndDecodesToSomethingThatRoundTrips) {
  Histogram h = lognormal(100, 5);
  h.record(-1);
  h.record(k_one_hour_ns * 3);
  const std::string text = h.encode();
  const std::string replacements = "0159AZaz-_ =+/\x7f";
  std::size_t accepted = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (char c : replacements) {
      std::string altered = text;
      altered[i] = c;
      const auto decoded = Histogram::decode(altered);
      if (decoded.has_value()) {
        ++accepted;
        EXPECT_EQ(Histogram::decode(decoded->encode()).value(), *decoded);
        EXPECT_LE(decoded->min(), decoded->max());
      }
    }
  }
  // Most single-character changes break the count sum or the syntax; a few stay valid.
  EXPECT_LT(accepted, text.size() * replacements.size() / 4);
}
