#include <gtest/gtest.h>

#include "core/suggest.hpp"

namespace w2t {
namespace {

TEST(Suggest, EditDistance) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
  EXPECT_EQ(edit_distance("spna", "span"), 1u);  // a transposition is one edit
}

TEST(Suggest, FindsLikelyTypos) {
  std::vector<std::string> fields = {"die_yield", "die_area", "stack_height", "bit_density"};
  EXPECT_EQ(closest("die_yeild", fields).value_or(""), "die_yield");
  EXPECT_EQ(closest("stack_hieght", fields).value_or(""), "stack_height");
  EXPECT_FALSE(closest("wafer_price", fields).has_value());
  EXPECT_EQ(did_you_mean("bit_densty", fields), " (did you mean 'bit_density'?)");
}

}  // namespace
}  // namespace w2t
