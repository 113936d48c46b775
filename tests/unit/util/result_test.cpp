#include "util/result.hpp"

#include <gtest/gtest.h>
#include <memory>

using chatbench::ErrorCode;
using chatbench::make_error;
using chatbench::Result;

namespace {
Result<int> half(int x) {
  if (x % 2 != 0) {
    return make_error(ErrorCode::invalid_argument, "odd");
  }
  return x / 2;
}
} // namespace

TEST(Result, HoldsAValueOrAnError) {
  EXPECT_EQ(half(4).value(), 2);
  const auto r = half(3);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().message, "odd");
  EXPECT_THROW((void)r.value(), chatbench::BadResultAccess);
  EXPECT_EQ(r.value_or(7), 7);
}

TEST(Result, MovesOnlyTypes) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  ASSERT_TRUE(r);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

TEST(Result, VoidSpecialisation) {
  Result<void> ok;
  EXPECT_TRUE(ok);
  Result<void> bad = make_error(ErrorCode::io, "disk");
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "disk");
}
