// Monte Carlo: the same samples whatever the thread count, bands in order,
// and sample k a function of (seed, k) alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/monte_carlo.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sweep.hpp"

namespace w2t {
namespace {

struct MonteCarlo : ::testing::Test {
  void SetUp() override {
    Diagnostics diag;
    world = scenario::load_world({}, {}, diag);
    ASSERT_TRUE(diag.empty());
    auto r = model::run(world);
    ASSERT_TRUE(r.ok());
    run = std::move(*r);
  }
  scenario::World world;
  model::Run run;
};

TEST_F(MonteCarlo, SameResultsForAnyThreadCount) {
  const auto one = analysis::monte_carlo(world, run, {40, 7, 1});
  const auto two = analysis::monte_carlo(world, run, {40, 7, 2});
  const auto three = analysis::monte_carlo(world, run, {40, 7, 3});
  EXPECT_EQ(one.values, two.values);
  EXPECT_EQ(one.values, three.values);
}

TEST_F(MonteCarlo, SampleDependsOnlyOnSeedAndIndex) {
  const auto short_run = analysis::monte_carlo(world, run, {10, 7, 1});
  const auto long_run = analysis::monte_carlo(world, run, {30, 7, 2});
  const std::size_t m = analysis::summary_metrics().size();
  for (std::size_t i = 0; i < 10 * m; ++i) EXPECT_EQ(short_run.values[i], long_run.values[i]) << i;
  const auto other_seed = analysis::monte_carlo(world, run, {10, 8, 1});
  EXPECT_NE(short_run.values, other_seed.values);
}

TEST_F(MonteCarlo, BandsInOrderAndCentralMeasuredOnTheData) {
  const auto mc = analysis::monte_carlo(world, run, {200, 1, 2});
  ASSERT_EQ(mc.bands.size(), analysis::summary_metrics().size());
  for (std::size_t j = 0; j < mc.bands.size(); ++j) {
    const auto& b = mc.bands[j];
    EXPECT_LE(b.p5, b.p25) << j;
    EXPECT_LE(b.p25, b.p50) << j;
    EXPECT_LE(b.p50, b.p75) << j;
    EXPECT_LE(b.p75, b.p95) << j;
    EXPECT_GE(b.stderr_of_mean, 0.0);
  }
  std::vector<double> central(mc.central.size());
  analysis::measure(run, central);
  EXPECT_EQ(central, mc.central);
  // The run at the data's values reports the same totals as `w2t run`: GW online at the end.
  double gw = 0.0;
  for (int s = 0; s < run.sites.sites; ++s)
    gw += run.sites.it_power[run.sites.st(run.sites.months - 1, s)] / 1e9;
  const auto metrics = analysis::summary_metrics();
  const auto at =
      std::find_if(metrics.begin(), metrics.end(), [](const auto& m) { return m.name == "gw_online"; });
  ASSERT_NE(at, metrics.end());
  EXPECT_NEAR(mc.central[static_cast<std::size_t>(at - metrics.begin())], gw, 1e-9);
}

// The tornado of the seed's question: sorted by swing, and led by what sets a
// device's wafers and power (HBM4 yields and density, rack power), not by
// parameters the Rubin device never touches.
TEST_F(MonteCarlo, TornadoOfTheContractQuestion) {
  const auto metrics = analysis::summary_metrics();
  const auto at = std::find_if(metrics.begin(), metrics.end(),
                               [](const auto& m) { return m.name == "contract_gw_per_year"; });
  ASSERT_NE(at, metrics.end());
  const auto bars = analysis::tornado(world, run, static_cast<std::size_t>(at - metrics.begin()), 8);
  ASSERT_EQ(bars.size(), 8u);
  for (std::size_t i = 1; i < bars.size(); ++i) {
    EXPECT_GE(std::abs(bars[i - 1].delta_high - bars[i - 1].delta_low),
              std::abs(bars[i].delta_high - bars[i].delta_low));
  }
  bool hbm4_or_rubin = false;
  for (const auto& b : bars) {
    EXPECT_EQ(b.path.find("h100"), std::string::npos) << b.path;
    hbm4_or_rubin = hbm4_or_rubin || b.path.find("hbm4_12h") != std::string::npos ||
                    b.path.find("rubin") != std::string::npos;
  }
  EXPECT_TRUE(hbm4_or_rubin);
}

// A sweep point equals a run with the same settings given by --set; the last
// axis varies fastest.
TEST_F(MonteCarlo, SweepPointsEqualRunsWithTheSameSettings) {
  auto yield = analysis::parse_axis("product.hbm4_12h.stack_layer_yield=0.95,0.99", world.dataset);
  auto wafers = analysis::parse_axis("contract.openai_memory_loi.wafers_up_to=450k,900k,1.2M", world.dataset);
  ASSERT_TRUE(yield.ok() && wafers.ok());
  const std::vector<analysis::Axis> axes = {*yield, *wafers};
  const auto points = analysis::sweep(world, run, axes, {0, 1, 1});
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[1].at, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(points[3].at, (std::vector<std::size_t>{1, 0}));

  Diagnostics diag;
  auto set = scenario::load_world({},
                                  {*scenario::parse_override("product.hbm4_12h.stack_layer_yield=0.99"),
                                   *scenario::parse_override("contract.openai_memory_loi.wafers_up_to=450k")},
                                  diag);
  ASSERT_TRUE(diag.empty());
  auto by_set = model::run(set);
  ASSERT_TRUE(by_set.ok());
  std::vector<double> expected(analysis::summary_metrics().size());
  analysis::measure(*by_set, expected);
  for (std::size_t j = 0; j < expected.size(); ++j) {
    EXPECT_NEAR(points[3].values[j], expected[j], 1e-9 * std::abs(expected[j]) + 1e-9) << j;
  }
  EXPECT_FALSE(analysis::parse_axis("no.such.path=1,2", world.dataset).ok());
  EXPECT_FALSE(analysis::parse_axis("product.hbm4_12h.stack_layer_yield=3 GB", world.dataset).ok());
}

}  // namespace
}  // namespace w2t
