#include "run/request_log.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chatbench;

namespace {

metrics::RequestRecord record() {
  metrics::RequestRecord r;
  r.id = 7;
  r.worker = 1;
  r.stream = true;
  r.intended_ns = 1000;
  r.sent_ns = 1100;
  r.first_byte_ns = 2000;
  r.first_token_ns = 2500;
  r.last_token_ns = 4500;
  r.done_ns = 5000;
  r.token_events = 3;
  r.tokens = 3;
  r.usage_completion_tokens = 4;
  r.itl_ns = {1000, 1000};
  r.http_status = 200;
  r.http_version = 11;
  r.done_marker = true;
  r.output_bytes = 17;
  r.detail = "quote \" and\nnewline";
  return r;
}

} // namespace

TEST(RequestLog, OneLinePerRecordWithRelativeTimesAndNulls) {
  std::string out;
  run::append_record_line(out, record(), "tgt", 1000);
  ASSERT_EQ(out.back(), '\n');
  ASSERT_EQ(out.find('\n'), out.size() - 1);
  const auto line = nlohmann::json::parse(out);
  EXPECT_EQ(line["target"], "tgt");
  EXPECT_EQ(line["id"], 7);
  EXPECT_EQ(line["worker"], 1);
  EXPECT_EQ(line["phase"], "measure");
  EXPECT_EQ(line["outcome"], "ok");
  EXPECT_EQ(line["detail"], "quote \" and\nnewline");
  EXPECT_EQ(line["intended_ns"], 0);
  EXPECT_EQ(line["sent_ns"], 100);
  EXPECT_TRUE(line["connected_ns"].is_null());
  EXPECT_EQ(line["first_token_ns"], 1500);
  EXPECT_EQ(line["done_ns"], 4000);
  EXPECT_EQ(line["usage_completion_tokens"], 4);
  EXPECT_EQ(line["output_tokens"], 4);
  EXPECT_EQ(line["output_bytes"], 17);
  EXPECT_TRUE(line["retry_after_s"].is_null());
  EXPECT_EQ(line["itl_ns"], nlohmann::json::array({1000, 1000}));
  EXPECT_EQ(line.size(), 35u); // every key, always
}

TEST(RequestLog, AppendsWholeLinesAndReportsWriteErrors) {
  const auto dir = std::filesystem::temp_directory_path() / "chatbench_log_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "requests.jsonl").string();
  {
    std::ofstream(path) << "stale\n";
    auto log = run::RequestLog::open(path);
    ASSERT_TRUE(log);
    std::string lines;
    run::append_record_line(lines, record(), "a", 0);
    run::append_record_line(lines, record(), "b", 0);
    (*log)->append(lines);
    EXPECT_TRUE((*log)->status());
  }
  std::ifstream in(path);
  std::string line;
  int count = 0;
  while (std::getline(in, line)) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    ++count;
  }
  EXPECT_EQ(count, 2); // truncated on open
  auto missing = run::RequestLog::open((dir / "no" / "such" / "dir.jsonl").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io);
  EXPECT_NE(missing.error().message.find("dir.jsonl"), std::string::npos);
  auto full = run::RequestLog::open("/dev/full");
  ASSERT_TRUE(full);
  (*full)->append("x\n");
  EXPECT_FALSE((*full)->status());
  std::filesystem::remove_all(dir);
}
