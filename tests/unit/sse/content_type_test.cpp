#include "sse/content_type.hpp"

#include <gtest/gtest.h>

namespace chatbench::sse {
namespace {

TEST(IsEventStream, AcceptsTheMediaTypeInAnyCaseWithParameters) {
  EXPECT_TRUE(is_event_stream("text/event-stream"));
  EXPECT_TRUE(is_event_stream("Text/Event-Stream"));
  EXPECT_TRUE(is_event_stream("TEXT/EVENT-STREAM;charset=utf-8"));
  EXPECT_TRUE(is_event_stream("text/event-stream; charset=utf-8"));
  EXPECT_TRUE(is_event_stream(" \ttext/event-stream ; charset=\"utf-8\""));
}

TEST(IsEventStream, RejectsOtherTypes) {
  EXPECT_FALSE(is_event_stream(""));
  EXPECT_FALSE(is_event_stream(";"));
  EXPECT_FALSE(is_event_stream("application/json"));
  EXPECT_FALSE(is_event_stream("text/event-streams"));
  EXPECT_FALSE(is_event_stream("text/event"));
  EXPECT_FALSE(is_event_stream("text / event-stream"));
  EXPECT_FALSE(is_event_stream("application/json; note=text/event-stream"));
}

} // namespace
} // namespace chatbench::sse
