// Fuzzes the hot-path chunk scanner against nlohmann::json. For any bytes: the scanner must call
// them JSON exactly when nlohmann::json::parse does, and then classify them as the full-parse path
// does, field by field, both as a stream chunk (`delta`) and as a full response (`message`).
// The error-body summariser must not crash on them either. Aborts on any disagreement.
#include "openai/chunk.hpp"
#include "openai/response.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

using namespace chatbench;

void check(bool ok, const char *what, std::string_view input) {
  if (!ok) {
    std::fprintf(stderr, "disagreement: %s on %zu bytes\n", what, input.size());
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  const openai::ChunkInfo fast = openai::classify_chunk(input);
  const openai::ParsedChunk full = openai::parse_chunk(input);
  check(fast.valid_json() == !full.value.is_discarded(), "validity", input);
  check(fast == full.info, "chunk classification", input);

  const openai::ResponseSummary decoded = openai::decode_response(input, 200);
  const openai::ParsedResponse parsed = openai::parse_response(input, 200);
  check(decoded.body == parsed.summary.body, "response classification", input);
  check(decoded.error == parsed.summary.error, "response error summary", input);
  (void)openai::summarize_error(input, "application/problem+json");
  return 0;
}
