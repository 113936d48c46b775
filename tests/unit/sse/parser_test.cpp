// Parser behaviour beyond the event log: zero-copy views, the memory bound, stats, stream ends.
#include "recorder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatbench::sse {
namespace {

bool inside(std::string_view part, std::string_view whole) {
  const bool within =
      part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
  return part.empty() || within;
}

// Checks where the views of each callback point, while they are valid.
struct ViewChecker {
  std::string_view input;
  std::vector<bool> event_in_input;
  std::vector<bool> comment_in_input;
  std::vector<bool> boundary_during_event;
  const Parser *parser = nullptr;
  void on_event(const Event &event) {
    event_in_input.push_back(inside(event.data, input) && inside(event.type, input));
    boundary_during_event.push_back(parser->at_event_boundary());
  }
  void on_comment(std::string_view text) { comment_in_input.push_back(inside(text, input)); }
  void on_error(ErrorKind) {}
};

TEST(Parser, EventsWithinOneSliceAreNotCopied) {
  const std::string input = ": ping\n\nevent: delta\ndata: {\"a\":1}\n\ndata: x\r\n\r\n";
  Parser parser;
  ViewChecker checker;
  checker.input = input;
  checker.parser = &parser;
  parser.feed(input, checker);
  EXPECT_EQ(checker.event_in_input, (std::vector<bool>{true, true}));
  EXPECT_EQ(checker.comment_in_input, std::vector<bool>{true});
  EXPECT_EQ(checker.boundary_during_event, (std::vector<bool>{true, true}));
  EXPECT_EQ(parser.stats().max_buffered_bytes, 0u);
}

TEST(Parser, AnEventAcrossSlicesIsCopiedAndBounded) {
  Parser parser;
  testing::Recorder recorder;
  parser.feed("data: hel", recorder);
  EXPECT_EQ(parser.buffered_bytes(), 9u);
  EXPECT_FALSE(parser.at_event_boundary());
  parser.feed("lo\ndata: world\nevent: t\n", recorder);
  EXPECT_EQ(parser.buffered_bytes(), std::string_view("hello\nworld").size() + 1);
  parser.feed("\n", recorder);
  EXPECT_EQ(parser.buffered_bytes(), 0u);
  EXPECT_TRUE(parser.at_event_boundary());
  EXPECT_EQ(recorder.log(), std::vector<std::string>{testing::event_line("hello\nworld", "t")});
  EXPECT_EQ(parser.stats().max_buffered_bytes, 12u);
}

TEST(Parser, BufferNeverExceedsTheDefaultLimit) {
  const std::size_t limit = Limits{}.max_event_bytes;
  const std::string fits = "data: " + std::string(limit - 7, 'x') + "\n\n";
  const std::string too_big = "data: " + std::string(limit, 'y') + "\n\n";
  const std::string input = fits + too_big + "data: after\n\n";
  Parser parser;
  testing::Recorder recorder;
  std::size_t peak = 0;
  for (std::size_t at = 0; at < input.size(); at += 1500) {
    parser.feed(std::string_view(input).substr(at, 1500), recorder);
    peak = std::max(peak, parser.buffered_bytes());
  }
  EXPECT_EQ(parser.finish(), Ending::clean);
  ASSERT_EQ(recorder.log().size(), 3u);
  EXPECT_EQ(recorder.log()[0].size(), testing::event_line(std::string(limit - 7, 'x')).size());
  EXPECT_EQ(recorder.log()[1], testing::error_line());
  EXPECT_EQ(recorder.log()[2], testing::event_line("after"));
  EXPECT_LE(peak, limit);
  EXPECT_LE(parser.stats().max_buffered_bytes, limit);
  EXPECT_GE(parser.stats().max_buffered_bytes, limit - 1500); // the long line, before its end
  EXPECT_EQ(parser.stats().oversize_events, 1u);
}

TEST(Parser, CountsWhatItSaw) {
  Parser parser;
  testing::Recorder recorder;
  const std::string_view input = ": a\n\nfoo: 1\nbar\ndata: x\n\ndata: [DONE]\n\n";
  parser.feed(input, recorder);
  const Stats &stats = parser.stats();
  EXPECT_EQ(stats.bytes, input.size());
  EXPECT_EQ(stats.events, 2u);
  EXPECT_EQ(stats.comments, 1u);
  EXPECT_EQ(stats.unknown_fields, 2u);
  EXPECT_EQ(stats.oversize_events, 0u);
}

TEST(Parser, RetryTakesOnlyDigits) {
  Parser parser;
  testing::Recorder recorder;
  EXPECT_FALSE(parser.retry_ms().has_value());
  parser.feed("retry: 2500\n", recorder);
  EXPECT_EQ(parser.retry_ms(), 2500u);
  parser.feed("retry: 1e3\nretry: +7\nretry: 99999999999999999999999\n\n", recorder);
  EXPECT_EQ(parser.retry_ms(), 2500u);
  parser.reset();
  EXPECT_FALSE(parser.retry_ms().has_value());
}

TEST(Parser, FinishDiscardsAndStartsANewStream) {
  Parser parser;
  testing::Recorder recorder;
  parser.feed("id: 1\ndata: lost\n", recorder);
  EXPECT_EQ(parser.finish(), Ending::unterminated_event);
  EXPECT_TRUE(parser.at_event_boundary());
  parser.feed("\xEF\xBB\xBF"
              "data: next\n\n",
              recorder);
  EXPECT_EQ(parser.finish(), Ending::clean);
  EXPECT_EQ(recorder.log(), std::vector<std::string>{testing::event_line("next")});
}

TEST(Parser, ResetForgetsAPartialLineAndCr) {
  Parser parser;
  testing::Recorder recorder;
  parser.feed("data: a\r", recorder); // the LF that may follow belongs to this stream only
  parser.reset();
  parser.feed("\ndata: b\n\n", recorder);
  EXPECT_EQ(recorder.log(), std::vector<std::string>{testing::event_line("b")});
}

TEST(Parser, PartialBomAtTheEndIsAnUnterminatedLine) {
  Parser parser;
  testing::Recorder recorder;
  parser.feed("\xEF\xBB", recorder);
  EXPECT_FALSE(parser.at_event_boundary());
  EXPECT_EQ(parser.finish(), Ending::unterminated_line);
}

TEST(Parser, NamesItsEnums) {
  EXPECT_EQ(to_string(ErrorKind::event_too_large), "event_too_large");
  EXPECT_EQ(to_string(Ending::clean), "clean");
  EXPECT_EQ(to_string(Ending::unterminated_line), "unterminated_line");
  EXPECT_EQ(to_string(Ending::unterminated_event), "unterminated_event");
}

} // namespace
} // namespace chatbench::sse
