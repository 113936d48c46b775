// One request at a time against nginx: outcomes, counts and timestamps of a transfer.
#include "nginx_fixture.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>

using namespace chatbench::engine;
using namespace chatbench::engine::testing;
using chatbench::metrics::FailureKind;
using chatbench::metrics::RequestRecord;

namespace {

class TransferTest : public NginxSuite<false> {
protected:
  static RequestRecord one(const std::string &path, bool stream, Target target = {}) {
    target.url = s_server->url(path);
    RunOutput out = run_requests(target, 1, SourceOptions{.stream = stream});
    EXPECT_EQ(out.records.size(), 1u);
    return out.records.empty() ? RequestRecord{} : out.records.front();
  }
};

void expect_ordered(const RequestRecord &r) {
  EXPECT_GE(r.sent_ns, r.intended_ns);
  EXPECT_GE(r.first_byte_ns, r.sent_ns);
  EXPECT_GE(r.done_ns, r.first_byte_ns);
  if (r.first_token_ns >= 0) {
    EXPECT_GE(r.first_token_ns, r.sent_ns);
    EXPECT_GE(r.last_token_ns, r.first_token_ns);
    EXPECT_GE(r.done_ns, r.last_token_ns);
  }
  if (r.first_event_ns >= 0) {
    EXPECT_GE(r.first_event_ns, r.first_byte_ns);
    EXPECT_LE(r.first_event_ns, r.first_token_ns < 0 ? r.done_ns : r.first_token_ns);
  }
}

} // namespace

TEST_F(TransferTest, NonStreamedJsonIsOk) {
  const RequestRecord r = one("/json", false);
  EXPECT_EQ(r.outcome, FailureKind::ok) << r.detail;
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.http_version, 11);
  EXPECT_EQ(r.usage_completion_tokens, 5);
  EXPECT_EQ(r.output_tokens(), 5u);
  EXPECT_TRUE(r.finish_seen);
  EXPECT_GT(r.bytes_received, 50u);
  EXPECT_GT(r.bytes_sent, 10u);
  EXPECT_GE(r.connected_ns, r.sent_ns); // a new connection
  EXPECT_FALSE(r.connection_reused);
  EXPECT_EQ(r.first_token_ns, r.last_token_ns);
  expect_ordered(r);
}

TEST_F(TransferTest, StreamedTranscriptIsParsedAndTimestamped) {
  const RequestRecord r = one("/sse", true);
  EXPECT_EQ(r.outcome, FailureKind::ok) << r.detail;
  EXPECT_EQ(r.events, 7u); // role, 3 tokens, finish, usage, [DONE]
  EXPECT_EQ(r.token_events, 3u);
  EXPECT_EQ(r.tokens, 3u);
  EXPECT_EQ(r.usage_completion_tokens, 3);
  EXPECT_EQ(r.itl_ns.size(), 2u);
  EXPECT_TRUE(r.done_marker);
  EXPECT_TRUE(r.finish_seen);
  EXPECT_GE(r.first_role_ns, r.first_event_ns);
  EXPECT_GE(r.first_token_ns, r.first_role_ns);
  expect_ordered(r);
}

TEST_F(TransferTest, ConnectionsAreReused) {
  Target target = target_for(s_server->url("/json"));
  const RunOutput out = run_requests(target, 20);
  ASSERT_EQ(out.records.size(), 20u);
  int reused = 0;
  for (const RequestRecord &r : out.records) {
    EXPECT_EQ(r.outcome, FailureKind::ok);
    reused += r.connection_reused ? 1 : 0;
  }
  EXPECT_EQ(reused, 19);
  EXPECT_EQ(out.result.workers.at(0).stats.handles, 1u); // one easy handle, reused
}

TEST_F(TransferTest, SharedBodiesAreSent) {
  Target target = target_for(s_server->url("/json"));
  const RunOutput out = run_requests(target, 3, SourceOptions{.body = "{\"x\":1}", .shared = true});
  ASSERT_EQ(out.records.size(), 3u);
  EXPECT_EQ(out.records[2].outcome, FailureKind::ok);
  EXPECT_EQ(out.records[2].bytes_sent, 7u);
}

TEST_F(TransferTest, StreamWithoutDoneOrFinishIsTruncated) {
  const RequestRecord r = one("/sse_nodone", true);
  EXPECT_EQ(r.outcome, FailureKind::stream_truncated);
  EXPECT_EQ(r.token_events, 2u);
  EXPECT_FALSE(r.detail.empty());
}

TEST_F(TransferTest, StreamWithFinishButNoDoneIsOk) {
  EXPECT_EQ(one("/sse_finish_only", true).outcome, FailureKind::ok);
}

TEST_F(TransferTest, ErrorEventInside200Fails) {
  const RequestRecord r = one("/sse_error", true);
  EXPECT_EQ(r.outcome, FailureKind::stream_error_event);
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.detail, "error object in the response");
}

TEST_F(TransferTest, UnparseableEventIsInvalidJson) {
  const RequestRecord r = one("/sse_badjson", true);
  EXPECT_EQ(r.outcome, FailureKind::invalid_json);
  EXPECT_EQ(r.detail, "event data is not a JSON object");
}

TEST_F(TransferTest, StreamWithWrongContentTypeIsInvalidSse) {
  const RequestRecord r = one("/sse_as_json", true);
  EXPECT_EQ(r.outcome, FailureKind::invalid_sse);
  EXPECT_NE(r.detail.find("application/json"), std::string::npos) << r.detail;
}

TEST_F(TransferTest, CommentsAreCounted) {
  const RequestRecord r = one("/sse_comments", true);
  EXPECT_EQ(r.outcome, FailureKind::ok) << r.detail;
  EXPECT_EQ(r.comments, 2u);
}

TEST_F(TransferTest, Status429KeepsRetryAfter) {
  const RequestRecord r = one("/429", false);
  EXPECT_EQ(r.outcome, FailureKind::http_status);
  EXPECT_EQ(r.http_status, 429);
  EXPECT_EQ(r.retry_after_s, 7);
  EXPECT_NE(r.detail.find("slow down"), std::string::npos) << r.detail;
  // Streamed requests get the same treatment.
  EXPECT_EQ(one("/429", true).outcome, FailureKind::http_status);
}

TEST_F(TransferTest, RetryAfterAsHttpDate) {
  const RequestRecord r = one("/429date", false);
  EXPECT_EQ(r.http_status, 429);
  EXPECT_GT(r.retry_after_s, 100);
  EXPECT_LE(r.retry_after_s, 121);
}

TEST_F(TransferTest, ServerErrorIsHttpStatus) {
  const RequestRecord r = one("/500", true);
  EXPECT_EQ(r.outcome, FailureKind::http_status);
  EXPECT_EQ(r.http_status, 500);
  EXPECT_EQ(r.retry_after_s, -1);
}

TEST_F(TransferTest, BodyOverTheLimitIsTooLarge) {
  Target target;
  target.limits.max_body_bytes = 64 * 1024;
  const RequestRecord r = one("/big", false, target);
  EXPECT_EQ(r.outcome, FailureKind::body_too_large);
  EXPECT_NE(r.detail.find("65536"), std::string::npos) << r.detail;
  EXPECT_EQ(one("/big", false).outcome, FailureKind::ok); // under the default limit
}

TEST_F(TransferTest, SseEventOverTheLimitIsTooLarge) {
  Target target;
  target.limits.max_event_bytes = 1024;
  const RequestRecord r = one("/sse_bigevent", true, target);
  EXPECT_EQ(r.outcome, FailureKind::body_too_large);
  EXPECT_NE(r.detail.find("SSE event"), std::string::npos) << r.detail;
}

TEST_F(TransferTest, ClosedPortIsAConnectFailure) {
  Target target = target_for("http://127.0.0.1:" + std::to_string(free_port()) + "/json");
  const RunOutput out = run_requests(target, 2);
  ASSERT_EQ(out.records.size(), 2u);
  for (const RequestRecord &r : out.records) {
    EXPECT_EQ(r.outcome, FailureKind::connect);
    EXPECT_EQ(r.http_status, 0);
    EXPECT_FALSE(r.detail.empty());
    EXPECT_EQ(r.first_byte_ns, -1);
  }
  EXPECT_EQ(out.result.recorder.counts().outcome(FailureKind::connect), 2u);
}

TEST_F(TransferTest, SlowStreamHasTtftAndItl) {
  const RequestRecord r = one("/slow", true);
  ASSERT_EQ(r.outcome, FailureKind::ok) << r.detail;
  // 200 ms before the first token, then 50 ms gaps (generous bounds for a loaded machine).
  const std::int64_t ttft = r.first_token_ns - r.sent_ns;
  EXPECT_GE(ttft, 190'000'000);
  EXPECT_LT(ttft, 1'500'000'000);
  ASSERT_EQ(r.itl_ns.size(), 2u);
  for (const std::int64_t gap : r.itl_ns) {
    EXPECT_GE(gap, 40'000'000);
    EXPECT_LT(gap, 1'000'000'000);
  }
  EXPECT_GE(r.first_role_ns - r.sent_ns, 0);
  EXPECT_LT(r.first_role_ns, r.first_token_ns);
  EXPECT_GE(r.longest_stall_ns, 190'000'000);
}
