#include "run/manifest.hpp"

#include <gtest/gtest.h>

using namespace chatbench;

TEST(Manifest, Fnv1a64KnownVectors) {
  // Reference values from the FNV authors' test suite.
  EXPECT_EQ(run::fnv1a64_hex(""), "cbf29ce484222325");
  EXPECT_EQ(run::fnv1a64_hex("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(run::fnv1a64_hex("foobar"), "85944171f73967e8");
}

TEST(Manifest, HashCoversTheTextAndTheOverrides) {
  scenario::Scenario s;
  s.name = "x";
  s.seed = 9;
  const auto a = run::make_manifest(s, {"{}", {}, {"chatbench", "run"}});
  const auto b = run::make_manifest(s, {"{}", {"load.rate=5"}, {}});
  const auto c = run::make_manifest(s, {"{ }", {}, {}});
  EXPECT_EQ(a.scenario_hash.rfind("fnv1a64:", 0), 0u);
  EXPECT_EQ(a.scenario_hash.size(), 8u + 16u);
  EXPECT_NE(a.scenario_hash, b.scenario_hash);
  EXPECT_NE(a.scenario_hash, c.scenario_hash);
  EXPECT_EQ(a.seed, 9u);
  EXPECT_FALSE(a.libcurl.empty());
  EXPECT_FALSE(a.version.empty());
  EXPECT_GT(a.cores, 0u);
  EXPECT_EQ(a.command_line.size(), 2u);
}
