// requests.csv from requests.jsonl: columns in the log's order, RFC 4180 quoting, null empty.
#include "report/requests_csv.hpp"

#include <gtest/gtest.h>

using namespace chatbench::report;

TEST(RequestsCsv, KeepsColumnOrderAndQuotesWhatNeedsIt) {
  const std::string jsonl =
      R"({"target":"a","id":1,"detail":"","ttft":null,"ok":true,"itl":[1,2]})"
      "\n"
      R"({"target":"b,c","id":2,"detail":"HTTP 500: \"oops\"\nline","ttft":12.5,"ok":false,"itl":[]})"
      "\n";
  CsvCounts counts;
  EXPECT_EQ(jsonl_to_csv(jsonl, &counts),
            "target,id,detail,ttft,ok,itl\n"
            "a,1,,,true,\"[1,2]\"\n"
            "\"b,c\",2,\"HTTP 500: \"\"oops\"\"\nline\",12.5,false,[]\n");
  EXPECT_EQ(counts.rows, 2u);
  EXPECT_EQ(counts.skipped, 0u);
}

TEST(RequestsCsv, SkipsALineACrashCutShort) {
  CsvCounts counts;
  const std::string csv = jsonl_to_csv("{\"id\":1}\n{\"id\":2}\n{\"id\":", &counts);
  EXPECT_EQ(csv, "id\n1\n2\n");
  EXPECT_EQ(counts.skipped, 1u);
}
