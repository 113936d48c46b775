#include "engine/curl_info.hpp"
#include "engine/engine.hpp"
#include "engine/prepared_target.hpp"

#include <gtest/gtest.h>

using namespace chatbench::engine;
using chatbench::ErrorCode;

namespace {

Target target(std::string url, HttpVersion version = HttpVersion::http1_1) {
  Target t;
  t.url = std::move(url);
  t.http_version = version;
  return t;
}

std::vector<std::string> header_lines(const PreparedTarget &prepared) {
  std::vector<std::string> lines;
  for (const curl_slist *item = prepared.headers(); item != nullptr; item = item->next) {
    lines.emplace_back(item->data);
  }
  return lines;
}

} // namespace

TEST(PreparedTarget, AddsContentTypeAndSuppressesExpect) {
  Target t = target("http://127.0.0.1:1/v1/chat/completions");
  t.headers = {{"Authorization", "Bearer k"}, {"X-Empty", ""}};
  auto prepared = PreparedTarget::create(t);
  ASSERT_TRUE(prepared.has_value()) << prepared.error().message;
  EXPECT_EQ(header_lines(*prepared),
            (std::vector<std::string>{"Authorization: Bearer k", "X-Empty;",
                                      "Content-Type: application/json", "Expect:"}));
  t.headers = {{"content-type", "application/x-test"}};
  EXPECT_EQ(header_lines(*PreparedTarget::create(t)),
            (std::vector<std::string>{"content-type: application/x-test", "Expect:"}));
}

TEST(PreparedTarget, RejectsHeaderInjection) {
  Target t = target("http://127.0.0.1:1/");
  t.headers = {{"X-A", "b\r\nX-Evil: 1"}};
  EXPECT_FALSE(PreparedTarget::create(t).has_value());
  t.headers = {{"X:A", "b"}};
  EXPECT_FALSE(PreparedTarget::create(t).has_value());
}

TEST(PreparedTarget, SchemesMustFitTheHttpVersion) {
  EXPECT_FALSE(PreparedTarget::create(target("ftp://x/")).has_value());
  auto h2_plain = PreparedTarget::create(target("http://127.0.0.1/", HttpVersion::http2));
  ASSERT_FALSE(h2_plain.has_value());
  EXPECT_NE(h2_plain.error().message.find("https://"), std::string::npos);
  EXPECT_FALSE(PreparedTarget::create(target("https://x/", HttpVersion::h2c)).has_value());
  EXPECT_TRUE(PreparedTarget::create(target("https://x/", HttpVersion::http2)).has_value());
}

TEST(PreparedTarget, H2cFailsClearlyOnLibcurlWithBrokenReuse) {
  auto prepared = PreparedTarget::create(target("http://127.0.0.1:1/", HttpVersion::h2c));
  if (!curl_info().h2c_reuse_broken) {
    EXPECT_TRUE(prepared.has_value());
    GTEST_SKIP() << "libcurl " << curl_info().curl_version << " reuses h2c connections";
  }
  ASSERT_FALSE(prepared.has_value());
  EXPECT_EQ(prepared.error().code, ErrorCode::unsupported);
  EXPECT_NE(prepared.error().message.find("#10634"), std::string::npos);
  EXPECT_NE(prepared.error().message.find(curl_info().curl_version), std::string::npos);
}

TEST(PreparedTarget, TheEngineRefusesH2cBeforeAnyTraffic) {
  if (!curl_info().h2c_reuse_broken) {
    GTEST_SKIP() << "libcurl " << curl_info().curl_version << " reuses h2c connections";
  }
  EngineOptions options;
  options.targets.push_back(target("http://127.0.0.1:1/", HttpVersion::h2c));
  options.plan.phases.requests = 1;
  options.plugins = [](std::uint32_t) -> chatbench::Result<WorkerPlugins> {
    return WorkerPlugins{};
  };
  auto engine = Engine::create(std::move(options));
  ASSERT_FALSE(engine.has_value());
  EXPECT_NE(engine.error().message.find("curl issue #10634"), std::string::npos);
}
