// The supply chain: geometry against hand computation, and invariants on the
// default scenario and on perturbed parameters.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "model/run.hpp"
#include "supply/geometry.hpp"
#include "supply/need.hpp"
#include "supply_invariants.hpp"

namespace w2t {
namespace {

TEST(Geometry, GrossDiesPerWaferByHand) {
  // 300 mm wafer, 3 mm edge exclusion (d = 294 mm), 120 mm^2 die:
  // pi*147^2/120 - pi*294/sqrt(240) = 565.72 - 59.62 = 506.1
  EXPECT_NEAR(supply::gross_dies_per_wafer(0.294, 120e-6), 506.1, 0.1);
  EXPECT_EQ(supply::gross_dies_per_wafer(0.0, 1e-4), 0.0);
  EXPECT_NEAR(supply::stack_yield(0.99, 12), 0.8864, 1e-4);  // FACTS §3: ~87% for 12-hi
}

struct DefaultRun : ::testing::Test {
  static scenario::World world() {
    Diagnostics diag;
    auto w = scenario::load_world({}, {}, diag);
    EXPECT_TRUE(diag.empty());
    return w;
  }
};

TEST_F(DefaultRun, MassBalanceAndNoNegativeFlows) {
  auto w = world();
  auto r = model::run(w);
  ASSERT_TRUE(r.ok()) << r.error().format();
  expect_supply_invariants(r->chain, r->state, "default scenario");
}

TEST_F(DefaultRun, MoreWafersNeverMeanLessThroughput) {
  auto w = world();
  auto base = model::run(w);
  ASSERT_TRUE(base.ok());
  // Raise every maker's capacity by 20%: no maker finishes or stacks fewer
  // wafers in any month, and no product makes fewer stacks over the span.
  const std::vector<double> more = with_maker_capacity_scaled(w.dataset, base->params, 1.2);
  auto s = base->chain.make_state();
  base->chain.evaluate(more, s);
  for (std::size_t i = 0; i < s.finished_wafers.size(); ++i) {
    EXPECT_GE(s.finished_wafers[i], base->state.finished_wafers[i] * (1 - 1e-12));
  }
  for (std::size_t i = 0; i < s.tsv_processed.size(); ++i) {
    EXPECT_GE(s.tsv_processed[i], base->state.tsv_processed[i] * (1 - 1e-12));
  }
  for (int p = 0; p < s.products; ++p) {
    double more_stacks = 0.0;
    double base_stacks = 0.0;
    for (int t = 0; t < s.months; ++t) {
      more_stacks += s.stacks_made[s.tp(t, p)];
      base_stacks += base->state.stacks_made[s.tp(t, p)];
    }
    EXPECT_GE(more_stacks, base_stacks * (1 - 1e-9)) << base->chain.products[static_cast<std::size_t>(p)].id;
  }
}

TEST_F(DefaultRun, NeedRoundTrip) {
  // need(devices) gives wafers; need(those wafers) gives the same devices back.
  auto w = world();
  auto r = model::run(w);
  ASSERT_TRUE(r.ok());
  const int t = r->chain.span.size() - 1;
  for (int a = 0; a < static_cast<int>(r->chain.accelerators.size()); ++a) {
    auto n = supply::need_for_devices(r->chain, r->params, a, 100000.0, t);
    auto back = supply::need_for_wafers(r->chain, r->params, a, n.dram_wafers_per_month, t);
    EXPECT_NEAR(back.devices_per_month, 100000.0, 1e-6) << r->chain.accelerators[static_cast<std::size_t>(a)].id;
    double by_maker = 0.0;
    for (const auto& [m, v] : n.by_maker) by_maker += v;
    EXPECT_NEAR(by_maker, n.dram_wafers_per_month, 1e-6 * n.dram_wafers_per_month);
  }
}

TEST_F(DefaultRun, WafersPerDeviceByHand) {
  // One accelerator's HBM wafers = stacks/py * h / y^h / (GDPW * die_yield).
  auto w = world();
  auto r = model::run(w);
  ASSERT_TRUE(r.ok());
  const auto& c = r->chain;
  const auto& ds = w.dataset;
  int a = 0;
  while (c.accelerators[static_cast<std::size_t>(a)].id != "gb300") ++a;
  const double stacks = ds.get("accelerator.gb300.hbm_stacks")->value;
  const double py = ds.get("accelerator.gb300.package_yield")->value;
  const double h = ds.get("product.hbm3e_12h.stack_height")->value;
  const double y = ds.get("product.hbm3e_12h.stack_layer_yield")->value;
  const double area = ds.get("product.hbm3e_12h.die_area")->value;
  const double die_yield = ds.get("product.hbm3e_12h.die_yield")->value;
  const double d = ds.get("world.wafer_diameter")->value - 2 * ds.get("world.edge_exclusion")->value;
  const double gdpw = std::numbers::pi * d * d / 4 / area - std::numbers::pi * d / std::sqrt(2 * area);
  const double expected = stacks / py * h / std::pow(y, h) / (gdpw * die_yield);
  EXPECT_NEAR(supply::wafers_per_device(c, r->params, a, 0).hbm, expected, 1e-9 * expected);
}

TEST_F(DefaultRun, MixThatDoesNotSumToOneIsAnError) {
  Diagnostics diag;
  auto w = scenario::load_world({}, {*scenario::parse_override("maker.samsung.mix.ddr5=0.9")}, diag);
  ASSERT_TRUE(diag.empty());
  auto r = model::run(w);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "maker.samsung.mix");
  EXPECT_NE(r.error().message.find("product mix sums to"), std::string::npos);
}

}  // namespace
}  // namespace w2t
