// Histogram::decode on arbitrary bytes must return a value or an error, never crash. Whatever
// it accepts must re-encode canonically (decode(encode(h)) == h, and encoding is a fixed point),
// and answer queries within its own min and max.
#include "metrics/histogram.hpp"
#include "metrics/summary.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using chatbench::metrics::Histogram;

namespace {

void check(bool ok) {
  if (!ok) {
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  const auto decoded = Histogram::decode(text);
  if (!decoded.has_value()) {
    check(!decoded.error().message.empty());
    return 0;
  }
  const Histogram &h = decoded.value();
  const std::string encoded = h.encode();
  const auto again = Histogram::decode(encoded);
  check(again.has_value() && again.value() == h && again.value().encode() == encoded);

  const auto summary = chatbench::metrics::summarize(h);
  check(summary.count == h.count());
  check(summary.min <= summary.p50 && summary.p50 <= summary.p999 && summary.p999 <= summary.max);
  check(h.value_at_percentile(0) == h.min() && h.value_at_percentile(100) == h.max());
  Histogram merged = h;
  check(merged.merge(h).has_value() && merged.count() == h.count() * 2);
  return 0;
}
