// Fuzzes the SSE parser for slicing independence and its memory bound. The first two input bytes
// choose the limit and the cut points, the rest is the stream. The stream is parsed whole, cut in
// two at a point taken from the input, cut in three, and byte by byte; every log must equal the
// whole-feed log, and the parser must never hold more than the limit. Aborts otherwise.
#include "sse/parser.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace chatbench;

struct Recorder {
  std::vector<std::string> log;
  const sse::Parser *parser = nullptr;

  void check_bound() const {
    if (parser->buffered_bytes() > parser->limits().max_event_bytes) {
      std::fprintf(stderr, "buffered %zu bytes over a limit of %zu\n", parser->buffered_bytes(),
                   parser->limits().max_event_bytes);
      std::abort();
    }
  }
  void on_event(const sse::Event &event) {
    if (event.done != (event.data == "[DONE]")) {
      std::fprintf(stderr, "done flag wrong\n");
      std::abort();
    }
    std::string line = "E";
    line.append(event.type).append(1, '\0').append(event.id).append(1, '\0').append(event.data);
    log.push_back(std::move(line));
    check_bound();
  }
  void on_comment(std::string_view text) {
    log.push_back("C" + std::string(text));
    check_bound();
  }
  void on_error(sse::ErrorKind kind) { log.push_back("X" + std::string(sse::to_string(kind))); }
};

// Feeds `stream` cut at the sorted offsets `cuts`, each piece in its own heap buffer that is
// freed after the call (ASan then catches views kept past feed()), and returns the log.
std::vector<std::string> parse(std::string_view stream, const std::vector<std::size_t> &cuts,
                               sse::Limits limits) {
  sse::Parser parser(limits);
  Recorder recorder;
  recorder.parser = &parser;
  std::size_t from = 0;
  auto feed = [&](std::size_t to) {
    const std::string_view piece = stream.substr(from, to - from);
    std::vector<char> copy(piece.begin(), piece.end());
    parser.feed(std::string_view(copy.data(), copy.size()), recorder);
    recorder.check_bound();
    from = to;
  };
  for (const std::size_t cut : cuts) {
    feed(cut);
  }
  feed(stream.size());
  if (parser.stats().max_buffered_bytes > limits.max_event_bytes) {
    std::fprintf(stderr, "peak buffer over the limit\n");
    std::abort();
  }
  recorder.log.push_back("end " + std::string(sse::to_string(parser.finish())));
  return recorder.log;
}

void expect_same(const std::vector<std::string> &whole, const std::vector<std::string> &split,
                 const char *how) {
  if (whole != split) {
    std::fprintf(stderr, "%s: %zu log lines fed whole, %zu fed split\n", how, whole.size(),
                 split.size());
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  // Small limits reach the oversize paths; 0 selects the default limit.
  const std::size_t limit_choice = std::size_t{data[0]} % 64;
  const sse::Limits limits{limit_choice == 0 ? sse::Limits{}.max_event_bytes : limit_choice * 4};
  const std::string_view stream(reinterpret_cast<const char *>(data + 2), size - 2);
  const std::size_t n = stream.size();
  const std::size_t first = std::size_t{data[1]} * n / 255;
  const std::size_t second = first + (n - first) / 2;

  const std::vector<std::string> whole = parse(stream, {}, limits);
  expect_same(whole, parse(stream, {first}, limits), "two pieces");
  expect_same(whole, parse(stream, {first, second}, limits), "three pieces");
  std::vector<std::size_t> every(n);
  for (std::size_t i = 0; i < n; ++i) {
    every[i] = i;
  }
  expect_same(whole, parse(stream, every, limits), "byte by byte");
  return 0;
}
