#include "mock/standalone.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <pthread.h>
#include <sstream>
#include <thread>

using namespace chatbench::mock;
using namespace std::chrono_literals;

TEST(MockStandalone, ServesUntilSignalledAndPrintsTheActualPort) {
  std::ostringstream out;
  std::ostringstream err;
  int code = -1;
  std::thread runner([&] { code = run_standalone(Config{}, out, err); });
  std::this_thread::sleep_for(300ms);
  // Thread-directed, so that only the sigwait() in run_standalone can take it.
  pthread_kill(runner.native_handle(), SIGTERM);
  runner.join();
  EXPECT_EQ(code, 0);
  const std::string text = out.str();
  EXPECT_NE(text.find("listening on http://127.0.0.1:"), std::string::npos) << text;
  EXPECT_EQ(text.find("listening on http://127.0.0.1:0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("stopped (SIGTERM)"), std::string::npos) << text;
  EXPECT_TRUE(err.str().empty());
}

TEST(MockStandalone, ABadConfigIsExitCode2) {
  Config config;
  config.listen_host = "256.1.1.1";
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_standalone(config, out, err), 2);
  EXPECT_NE(err.str().find("chatbench mock:"), std::string::npos);
}
