// The transcript corpus: each input with the log it must produce, checked when fed whole, cut at
// every byte boundary, byte by byte, and cut in three (every pair of boundaries for short inputs;
// for longer ones, every first cut with second cuts close after it).
#include "recorder.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

namespace chatbench::sse {
namespace {

using testing::comment_line;
using testing::end_line;
using testing::error_line;
using testing::event_line;
using namespace std::string_literals;

struct Transcript {
  std::string name;
  std::string input;
  std::vector<std::string> expected;
  Limits limits = {};
};

void PrintTo(const Transcript &t, std::ostream *os) {
  *os << t.name;
}

const std::string k_chunk =
    R"({"id":"chatcmpl-9","object":"chat.completion.chunk","created":1718000000,)"
    R"("model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]})";
const std::string k_error = R"({"error":{"message":"Rate limit reached","type":"rate_limit_error",)"
                            R"("param":null,"code":"rate_limit_exceeded"}})";

std::string chunk_with(std::string_view content) {
  return R"({"id":"chatcmpl-9","object":"chat.completion.chunk","choices":[{"delta":{"content":")" +
         std::string(content) + R"("}}]})";
}

// A whole streamed reply as OpenAI sends it, with an OpenRouter-style keep-alive.
Transcript openai_reply() {
  Transcript t{
      "openai_reply", ": OPENROUTER PROCESSING\n\n", {comment_line("OPENROUTER PROCESSING")}};
  for (const std::string_view word : {"", "The", " quick", " brown", " fox", ":", " done."}) {
    t.input += "data: " + chunk_with(word) + "\n\n";
    t.expected.push_back(event_line(chunk_with(word)));
  }
  t.input += "data: [DONE]\n\n";
  t.expected.push_back(event_line("[DONE]"));
  return t;
}

std::vector<Transcript> corpus() {
  const Ending clean = Ending::clean;
  std::vector<Transcript> c = {
      {"single_event", "data: " + k_chunk + "\n\n", {event_line(k_chunk)}},
      {"multi_line_data",
       "data: first\ndata: second\ndata:third\n\n",
       {event_line("first\nsecond\nthird")}},
      {"comments_keepalive",
       ": ping\n\n: OPENROUTER PROCESSING\n\ndata: x\n\n:\n\n:no space\n",
       {comment_line("ping"), comment_line("OPENROUTER PROCESSING"), event_line("x"),
        comment_line(""), comment_line("no space")}},
      {"comment_inside_event",
       "data: a\n: mid\nfoo: bar\ndata: b\n\n",
       {comment_line("mid"), event_line("a\nb")}},
      {"crlf", "data: a\r\n\r\ndata: b\r\ndata: c\r\n\r\n", {event_line("a"), event_line("b\nc")}},
      {"lone_cr", "data: a\r\rdata: b\r\r", {event_line("a"), event_line("b")}},
      {"mixed_endings",
       "data: a\r\ndata: b\rdata: c\n\r\n: note\r\rdata: d\n\r",
       {event_line("a\nb\nc"), comment_line("note"), event_line("d")}},
      {"cr_cr_lf", "data: a\r\r\ndata: b\n\n", {event_line("a"), event_line("b")}},
      {"done",
       "data: {\"choices\":[]}\n\ndata: [DONE]\n\ndata:[DONE]\n\ndata: [DONE] \n\n",
       {event_line("{\"choices\":[]}"), event_line("[DONE]"), event_line("[DONE]"),
        event_line("[DONE] ")}},
      {"event_id_retry",
       "event: message_start\nid: 42\nretry: 3000\ndata: hello\n\nevent: ping\n\n"
       "data: after\n\nid\ndata: no id\n\nretry: 12x\nretry: -5\nretry:\ndata: z\n\n",
       {event_line("hello", "message_start", "42"), event_line("after", "", "42"),
        event_line("no id"), event_line("z")}},
      {"type_resets_after_dispatch",
       "event: a\ndata: 1\n\ndata: 2\n\nevent: b\nevent: c\ndata: 3\n\n",
       {event_line("1", "a"), event_line("2"), event_line("3", "c")}},
      {"id_with_nul",
       "id: 7\ndata: a\n\nid: x\0y\ndata: b\n\n"s,
       {event_line("a", "", "7"), event_line("b", "", "7")}},
      {"field_without_colon",
       "data\n\ndata\ndata\n\nfoo\nevent\ndata:x\n\n",
       {event_line(""), event_line("\n"), event_line("x")}},
      {"unknown_fields_only", "foo: 1\nData: 2\n data: 3\n\n", {}},
      {"bom",
       "\xEF\xBB\xBF"
       "data: bom\n\n",
       {event_line("bom")}},
      {"bom_only_once",
       "\xEF\xBB\xBF\xEF\xBB\xBF"
       "data: x\n\ndata: y\n\n",
       {event_line("y")}},
      {"partial_bom",
       "\xEF\xBB"
       "data: x\n\ndata: y\n\n",
       {event_line("y")}},
      {"partial_bom_then_newline",
       "\xEF\n"
       "data: y\n\n",
       {event_line("y")}},
      {"empty_data", "data:\n\ndata: \n\n", {event_line(""), event_line("")}},
      {"data_with_colons",
       "data: {\"a\":\"b:c\"}\ndata:: x\ndata:  two spaces\n\n",
       {event_line("{\"a\":\"b:c\"}\n: x\n two spaces")}},
      {"error_event",
       "event: error\ndata: " + k_error + "\n\ndata: " + k_error + "\n\n",
       {event_line(k_error, "error"), event_line(k_error)}},
      {"trailing_event_without_blank_line",
       "data: a\n\ndata: [DONE]\n",
       {event_line("a"), end_line(Ending::unterminated_event)}},
      {"trailing_line_without_ending",
       "data: a\n\ndata: [DONE]",
       {event_line("a"), end_line(Ending::unterminated_line)}},
      {"trailing_type_only",
       "data: a\n\nevent: x\n",
       {event_line("a"), end_line(Ending::unterminated_event)}},
      {"ends_with_cr", "data: a\r\n\r", {event_line("a")}},
      {"blank_lines_only", "\n\n\r\n\r", {}},
      {"empty", "", {}},
      {"oversize_line",
       "data: small\n\ndata: 0123456789012345678901234567890123456789\n\ndata: ok\n\n",
       {event_line("small"), error_line(), event_line("ok")},
       Limits{32}},
      {"oversize_across_lines",
       "data: 0123456789\ndata: 0123456789\ndata: 0123456789\n: c\n\ndata: ok\n\n",
       {error_line(), event_line("ok")},
       Limits{32}},
      {"oversize_comment",
       ": 0123456789012345678901234567890123456789\ndata: skipped\n\n: ok\n",
       {error_line(), comment_line("ok")},
       Limits{32}},
      {"exactly_at_limit",
       "data: 01234567890123456789\ndata: 01234\n\n",
       {event_line("01234567890123456789\n01234")},
       Limits{32}},
      {"one_byte_over_limit",
       "data: 01234567890123456789\ndata: 012345\n\ndata: ok\n\n",
       {error_line(), event_line("ok")},
       Limits{32}},
      {"oversize_until_end",
       "data: 0123456789012345678901234567890123456789",
       {error_line(), end_line(Ending::unterminated_line)},
       Limits{32}},
      {"oversize_then_end_mid_event",
       "data: 0123456789012345678901234567890123456789\ndata: x\n",
       {error_line(), end_line(Ending::unterminated_event)},
       Limits{32}},
  };
  c.push_back(openai_reply());
  for (Transcript &t : c) {
    if (t.expected.empty() || !t.expected.back().starts_with("end ")) {
      t.expected.push_back(end_line(clean));
    }
  }
  return c;
}

class Split : public ::testing::TestWithParam<Transcript> {};

// Cuts in three at every pair of boundaries up to this size (pairs grow with the square of it).
constexpr std::size_t k_three_way_max = 256;

TEST_P(Split, WholeFeedGivesTheExpectedLog) {
  const Transcript &t = GetParam();
  EXPECT_EQ(testing::parse_whole(t.input, t.limits), t.expected);
}

TEST_P(Split, EveryTwoWaySplitGivesTheSameLog) {
  const Transcript &t = GetParam();
  for (std::size_t cut = 0; cut <= t.input.size(); ++cut) {
    const std::size_t cuts[] = {cut};
    if (testing::parse(t.input, cuts, t.limits) != t.expected) {
      ADD_FAILURE() << "cut at " << cut << ":\n"
                    << ::testing::PrintToString(testing::parse(t.input, cuts, t.limits));
      return;
    }
  }
}

TEST_P(Split, ByteByByteGivesTheSameLog) {
  const Transcript &t = GetParam();
  std::vector<std::size_t> cuts(t.input.size());
  std::iota(cuts.begin(), cuts.end(), std::size_t{0});
  EXPECT_EQ(testing::parse(t.input, cuts, t.limits), t.expected);
}

// Second cuts near the first for long inputs: what lies between two close cuts is the hard case.
std::vector<std::size_t> second_cuts(std::size_t first, std::size_t size) {
  std::vector<std::size_t> out;
  if (size <= k_three_way_max) {
    for (std::size_t second = first; second <= size; ++second) {
      out.push_back(second);
    }
    return out;
  }
  for (const std::size_t gap : {0u, 1u, 2u, 3u, 5u, 8u, 13u, 61u, 200u}) {
    if (first + gap <= size) {
      out.push_back(first + gap);
    }
  }
  return out;
}

TEST_P(Split, EveryThreeWaySplitGivesTheSameLog) {
  const Transcript &t = GetParam();
  for (std::size_t first = 0; first <= t.input.size(); ++first) {
    for (const std::size_t second : second_cuts(first, t.input.size())) {
      const std::size_t cuts[] = {first, second};
      if (testing::parse(t.input, cuts, t.limits) != t.expected) {
        ADD_FAILURE() << "cuts at " << first << ", " << second << ":\n"
                      << ::testing::PrintToString(testing::parse(t.input, cuts, t.limits));
        return;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, Split, ::testing::ValuesIn(corpus()),
                         [](const ::testing::TestParamInfo<Transcript> &param) {
                           return param.param.name;
                         });

TEST(Corpus, CoversTheListedCases) {
  // A guard against the corpus silently shrinking below what the module promises to test.
  EXPECT_GE(corpus().size(), 30u);
}

} // namespace
} // namespace chatbench::sse
