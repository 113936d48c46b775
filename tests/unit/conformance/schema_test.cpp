// Schema: valijson's errors as JSON pointers, one per place, and an anyOf blamed on its closest
// branch only.
#include "conformance/schema.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace chatbench::conformance {
namespace {

using nlohmann::json;

std::shared_ptr<const Schema> compile(const json &schema) {
  Result<std::shared_ptr<const Schema>> s = Schema::compile(schema.dump(), "test");
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return *s;
}

std::vector<std::string> pointers(const Schema &schema, const json &document) {
  std::vector<Violation> v;
  schema.validate(document, v);
  std::vector<std::string> out;
  for (const Violation &x : v) {
    out.push_back(x.pointer);
  }
  return out;
}

TEST(Schema, AMissingPropertyIsReportedAtItsOwnPointer) {
  const auto s = compile({{"type", "object"}, {"required", {"id", "created"}}});
  EXPECT_EQ(pointers(*s, json{{"id", "x"}}), std::vector<std::string>{"/created"});
  std::vector<Violation> none;
  EXPECT_TRUE(s->validate(json{{"id", "x"}, {"created", 1}}, none));
  EXPECT_TRUE(none.empty());
}

TEST(Schema, PointersEscapeSlashAndTilde) {
  const auto s = compile(
      {{"type", "object"}, {"properties", {{"a/b", {{"type", "object"}, {"required", {"c~d"}}}}}}});
  EXPECT_EQ(pointers(*s, json{{"a/b", json::object()}}), std::vector<std::string>{"/a~1b/c~0d"});
}

TEST(Schema, AFailedAnyOfIsBlamedOnItsClosestBranch) {
  // vLLM's two error forms: nested {error:{...}} or flat {object:"error", message, ...}.
  const json nested = {
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error", {{"type", "object"}, {"properties", {{"code", {{"type", "integer"}}}}}}}}}};
  const json flat = {{"type", "object"}, {"required", {"object", "message", "code"}}};
  const auto s = compile({{"anyOf", {nested, flat}}});
  EXPECT_EQ(pointers(*s, json{{"error", {{"code", "invalid_api_key"}}}}),
            std::vector<std::string>{"/error/code"})
      << "not also /object, /message and /code from the flat form";
}

TEST(Schema, NestedAnyOfsReduceToTheInnermostClosestBranch) {
  const json inner = {{"anyOf", {{{"type", "string"}}, {{"type", "array"}}}}};
  const auto s = compile(
      {{"anyOf",
        {{{"type", "object"}, {"properties", {{"content", inner}}}, {"required", {"content"}}},
         {{"type", "object"}, {"required", {"a", "b", "c"}}}}}});
  const std::vector<std::string> got = pointers(*s, json{{"content", 5}});
  ASSERT_FALSE(got.empty());
  for (const std::string &p : got) {
    EXPECT_EQ(p, "/content");
  }
}

TEST(Schema, ABrokenSchemaIsAnErrorNamingIt) {
  const Result<std::shared_ptr<const Schema>> s = Schema::compile("{not json", "x.schema.json");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("x.schema.json"), std::string::npos);
}

} // namespace
} // namespace chatbench::conformance
