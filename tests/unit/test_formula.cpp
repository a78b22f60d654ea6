#include <gtest/gtest.h>

#include "data/formula.hpp"
#include "fixtures.hpp"

namespace w2t {
namespace {

TEST(Formula, EvaluatesOverParameterValues) {
  Diagnostics diag;
  auto loaded = test::load(test::kMiniData, diag);
  ASSERT_TRUE(diag.empty());
  auto f = data::Formula::compile("product.hbm_x.die_yield ^ 2 * 100", loaded.dataset);
  ASSERT_TRUE(f.ok()) << f.error().message;
  std::vector<double> values = loaded.dataset.values();
  EXPECT_NEAR(f->evaluate(values), 49.0, 1e-12);
  // A copy has its own parser and slots.
  data::Formula copy = *f;
  values[*loaded.dataset.find("product.hbm_x.die_yield")] = 0.5;
  EXPECT_NEAR(copy.evaluate(values), 25.0, 1e-12);
}

TEST(Formula, DimensionByScaling) {
  Diagnostics diag;
  auto loaded = test::load(test::kMiniData, diag);
  ASSERT_TRUE(diag.empty());
  auto area = data::Formula::compile("product.hbm_x.die_capacity / product.hbm_x.bit_density", loaded.dataset);
  ASSERT_TRUE(area.ok());
  auto d = data::formula_dimension(*area, loaded.dataset);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, dim::area);
  auto sqrt_area = data::Formula::compile("sqrt(product.hbm_x.die_area)", loaded.dataset);
  ASSERT_TRUE(sqrt_area.ok());
  // sqrt(m^2) = m: exponent 1 per doubling of length^2 ... halves: still integral.
  EXPECT_EQ(*data::formula_dimension(*sqrt_area, loaded.dataset), dim::length);
}

TEST(Formula, SyntaxErrorsAreValues) {
  Diagnostics diag;
  auto loaded = test::load(test::kMiniData, diag);
  auto f = data::Formula::compile("product.hbm_x.die_yield * (2", loaded.dataset);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("bad formula"), std::string::npos);
}

}  // namespace
}  // namespace w2t
