// The provider table and URL joining.
#include "openai/provider.hpp"

#include <gtest/gtest.h>

namespace chatbench::openai {
namespace {

TEST(Provider, NamesRoundTrip) {
  for (const ProviderInfo &p : providers()) {
    EXPECT_EQ(provider_from_name(p.name), p.id);
    EXPECT_EQ(&info(p.id), &p);
  }
  EXPECT_FALSE(provider_from_name("OpenAI"));
  EXPECT_EQ(info(Provider::infera).auth, AuthStyle::api_key_header);
}

TEST(Provider, JoinUrlUsesOneSlash) {
  EXPECT_EQ(join_url("https://api.infera.org/", "/chat/completions"),
            "https://api.infera.org/chat/completions");
  EXPECT_EQ(join_url("http://127.0.0.1:8080", "v1/chat/completions"),
            "http://127.0.0.1:8080/v1/chat/completions");
}

} // namespace
} // namespace chatbench::openai
