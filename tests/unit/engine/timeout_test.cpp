// The four timeouts: connect and total (libcurl's), first token and idle (the worker's).
#include "nginx_fixture.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>

using namespace chatbench::engine;
using namespace chatbench::engine::testing;
using namespace std::chrono_literals;
using chatbench::metrics::FailureKind;
using chatbench::metrics::RequestRecord;

namespace {

class TimeoutTest : public NginxSuite<false> {
protected:
  static RequestRecord one(Target target, bool stream) {
    RunOutput out = run_requests(target, 1, SourceOptions{.stream = stream});
    EXPECT_EQ(out.records.size(), 1u);
    return out.records.empty() ? RequestRecord{} : out.records.front();
  }
};

// A listener whose accept queue is full: further SYNs are dropped, so connecting hangs.
class FullListener {
public:
  FullListener() {
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    listen(m_fd, 0);
    getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    for (int i = 0; i < 4; ++i) {
      const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
      m_fillers.push_back(fd);
    }
  }
  ~FullListener() {
    for (const int fd : m_fillers) {
      close(fd);
    }
    close(m_fd);
  }
  int port() const { return m_port; }

private:
  int m_fd = -1;
  int m_port = 0;
  std::vector<int> m_fillers;
};

} // namespace

TEST_F(TimeoutTest, FirstToken) {
  Target target = target_for(s_server->url("/stall_first"));
  target.timeouts.first_token = 300ms;
  const RequestRecord r = one(target, true);
  EXPECT_EQ(r.outcome, FailureKind::timeout_first_token);
  EXPECT_NE(r.detail.find("300ms"), std::string::npos) << r.detail;
  EXPECT_GE(r.first_role_ns, 0); // the role chunk came, no token
  EXPECT_EQ(r.first_token_ns, -1);
  const std::int64_t waited = r.done_ns - r.sent_ns;
  EXPECT_GE(waited, 300'000'000);
  EXPECT_LT(waited, 2'500'000'000); // the stream would have gone on for 3 s
}

TEST_F(TimeoutTest, Idle) {
  Target target = target_for(s_server->url("/stall_mid"));
  target.timeouts.idle = 300ms;
  const RequestRecord r = one(target, true);
  EXPECT_EQ(r.outcome, FailureKind::timeout_idle);
  EXPECT_EQ(r.token_events, 1u);
  const std::int64_t idle = r.done_ns - r.first_token_ns;
  EXPECT_GE(idle, 300'000'000);
  EXPECT_LT(idle, 2'500'000'000);
}

TEST_F(TimeoutTest, IdleShorterThanFirstTokenStillFires) {
  // The deadline moves from sent + first_token to last event + idle, which is earlier.
  Target target = target_for(s_server->url("/stall_mid"));
  target.timeouts.first_token = 60s;
  target.timeouts.idle = 200ms;
  const RequestRecord r = one(target, true);
  EXPECT_EQ(r.outcome, FailureKind::timeout_idle);
  EXPECT_LT(r.done_ns - r.sent_ns, 2'500'000'000);
}

TEST_F(TimeoutTest, Total) {
  Target target = target_for(s_server->url("/slow"));
  target.timeouts.total = 100ms;
  const RequestRecord r = one(target, true);
  EXPECT_EQ(r.outcome, FailureKind::timeout_total);
  EXPECT_FALSE(r.detail.empty());
  EXPECT_GE(r.done_ns - r.sent_ns, 100'000'000);
}

TEST_F(TimeoutTest, NonStreamedRequestsHaveNoFirstTokenDeadline) {
  Target target = target_for(s_server->url("/hold")); // 200 ms to answer
  target.timeouts.first_token = 50ms;
  target.timeouts.idle = 50ms;
  EXPECT_EQ(one(target, false).outcome, FailureKind::ok);
}

TEST_F(TimeoutTest, Connect) {
  FullListener listener;
  Target target = target_for("http://127.0.0.1:" + std::to_string(listener.port()) + "/x");
  target.timeouts.connect = 200ms;
  target.timeouts.total = 5s;
  const RequestRecord r = one(target, false);
  EXPECT_EQ(r.outcome, FailureKind::timeout_connect) << r.detail;
  EXPECT_LT(r.done_ns - r.sent_ns, 2'000'000'000);
}
