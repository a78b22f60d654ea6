// Monte Carlo: the same samples whatever the thread count, bands in order,
// and sample k a function of (seed, k) alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "analysis/monte_carlo.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sweep.hpp"
#include "default_run.hpp"

namespace w2t {
namespace {

using MonteCarlo = test::DefaultRun;

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

// A cluster of `size` ranks played in one process: ranks size-1 .. 1 run
// first and leave their words in `box`; rank 0 then gathers them all.
class PlayedRank : public analysis::Cluster {
 public:
  PlayedRank(int rank, int size, std::vector<std::vector<std::int64_t>>& box) : box_(box) {
    rank_ = rank;
    size_ = size;
  }
  [[nodiscard]] std::vector<std::vector<std::int64_t>> gather(
      std::span<const std::int64_t> mine) const override {
    box_[static_cast<std::size_t>(rank_)].assign(mine.begin(), mine.end());
    return root() ? box_ : std::vector<std::vector<std::int64_t>>{};
  }

 private:
  std::vector<std::vector<std::int64_t>>& box_;
};

template <typename Study>
auto on_ranks(int size, Study study) {
  std::vector<std::vector<std::int64_t>> box(static_cast<std::size_t>(size));
  for (int r = size - 1; r > 0; --r) study(PlayedRank(r, size, box));
  return study(PlayedRank(0, size, box));
}

// Bit-identical bands, series and samples for 1, 2 and 3 ranks of 1 or 2
// threads: 700 samples make 3 blocks, one of them short.
TEST_F(MonteCarlo, SameResultsForAnyRankCount) {
  const auto one = analysis::monte_carlo(world, run, {700, 3, 1});
  for (const int ranks : {2, 3}) {
    const auto many = on_ranks(ranks, [&](const analysis::Cluster& c) {
      return analysis::monte_carlo(world, run, {700, 3, 2}, c);
    });
    EXPECT_EQ(many.samples, 700);
    EXPECT_EQ(one.values, many.values) << ranks;
    ASSERT_EQ(one.series.size(), many.series.size());
    for (std::size_t s = 0; s < one.series.size(); ++s) {
      EXPECT_EQ(one.series[s].p5, many.series[s].p5) << ranks;
      EXPECT_EQ(one.series[s].p95, many.series[s].p95) << ranks;
      EXPECT_EQ(one.series[s].mean, many.series[s].mean) << ranks;
    }
    for (std::size_t j = 0; j < one.bands.size(); ++j) EXPECT_EQ(one.bands[j].p50, many.bands[j].p50);
  }
}

// The series of GW online in the last month is the gw_online metric: the same
// mean, and its sketched quantiles within the sketch's accuracy of the
// metric's order statistics.
TEST_F(MonteCarlo, SeriesAgreeWithTheMetrics) {
  const auto mc = analysis::monte_carlo(world, run, {300, 5, 2});
  const auto index_of = [](std::span<const analysis::Metric> list, std::string_view name) {
    return static_cast<std::size_t>(
        std::find_if(list.begin(), list.end(), [&](const auto& m) { return m.name == name; }) - list.begin());
  };
  const auto metric = index_of(analysis::summary_metrics(), "gw_online");
  const auto& series = mc.series[index_of(analysis::timeline_series(), "gw_online")];
  ASSERT_EQ(series.p50.size(), static_cast<std::size_t>(mc.months));
  std::vector<double> column;
  const std::size_t m = analysis::summary_metrics().size();
  for (int k = 0; k < mc.samples; ++k) column.push_back(mc.values[static_cast<std::size_t>(k) * m + metric]);
  std::sort(column.begin(), column.end());
  EXPECT_NEAR(series.mean.back(), mc.bands[metric].mean, 1e-12 * mc.bands[metric].mean);
  // The sketch reports the value of rank floor(q (n - 1)).
  for (const auto& [q, value] :
       {std::pair{0.05, series.p5.back()}, {0.5, series.p50.back()}, {0.95, series.p95.back()}}) {
    const double exact = column[static_cast<std::size_t>(q * static_cast<double>(column.size() - 1))];
    EXPECT_NEAR(value, exact, mc.series_accuracy * exact) << q;
  }
  for (int t = 0; t < mc.months; ++t) {
    const auto i = static_cast<std::size_t>(t);
    EXPECT_LE(series.p5[i], series.p50[i]);
    EXPECT_LE(series.p50[i], series.p95[i]);
  }
}

// A stop asked before the start keeps nothing and says so; one that comes
// later keeps whole blocks.
TEST_F(MonteCarlo, StopKeepsFinishedBlocks) {
  std::atomic<bool> stop{true};
  const auto none = analysis::monte_carlo(world, run, {600, 1, 1}, analysis::Cluster{}, {&stop, nullptr});
  EXPECT_TRUE(none.interrupted);
  EXPECT_EQ(none.samples, 0);
  EXPECT_EQ(none.requested, 600);
}

// The 95% interval of a median from 100 values 1..100: order statistics at
// 50 -/+ 1.96 sqrt(25) = 40.2 .. 59.8, i.e. sorted[40] = 41 and sorted[60] = 61.
TEST(Bands, QuantileConfidenceByHand) {
  std::vector<double> v;
  for (int i = 100; i >= 1; --i) v.push_back(i);
  const auto b = analysis::band_of(v);
  EXPECT_DOUBLE_EQ(b.p50, 50.5);
  EXPECT_DOUBLE_EQ(b.mean, 50.5);
  EXPECT_DOUBLE_EQ(b.confidence[2].low, 41.0);
  EXPECT_DOUBLE_EQ(b.confidence[2].high, 61.0);
  // Standard error: sd of 1..100 is sqrt(100 * 101 / 12) = 29.01, over 10.
  EXPECT_NEAR(b.stderr_of_mean, std::sqrt(100.0 * 101.0 / 12.0) / 10.0, 1e-12);
}

// Sobol estimators on the Ishigami function, whose indices are known in
// closed form (a = 7, b = 0.1; Ishigami & Homma 1990): S = 0.3139, 0.4424,
// 0; ST = 0.5576, 0.4424, 0.2437.
TEST(Sobol, IshigamiIndices) {
  const auto f = [](const std::array<double, 3>& x) {
    return std::sin(x[0]) + 7.0 * std::pow(std::sin(x[1]), 2) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
  };
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(-std::numbers::pi, std::numbers::pi);
  const int n = 40000;
  std::vector<std::array<double, 3>> a(n), b(n);
  for (int k = 0; k < n; ++k) {
    for (auto& x : a[static_cast<std::size_t>(k)]) x = u(rng);
    for (auto& x : b[static_cast<std::size_t>(k)]) x = u(rng);
  }
  std::vector<double> fa, fb;
  for (int k = 0; k < n; ++k) {
    fa.push_back(f(a[static_cast<std::size_t>(k)]));
    fb.push_back(f(b[static_cast<std::size_t>(k)]));
  }
  const double first[] = {0.3139, 0.4424, 0.0};
  const double total[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    std::vector<double> fab;
    for (std::size_t k = 0; k < a.size(); ++k) {
      auto x = a[k];
      x[i] = b[k][i];
      fab.push_back(f(x));
    }
    const auto s = analysis::sobol_estimate(fa, fb, fab);
    EXPECT_NEAR(s.first, first[i], std::max(0.02, s.first_error)) << i;
    EXPECT_NEAR(s.total, total[i], std::max(0.02, s.total_error)) << i;
    EXPECT_LT(s.first_error, 0.05);
  }
}

// Sobol indices of the contract question: bounded, and each factor's total
// at least about its first order (they differ by interactions and noise).
TEST_F(MonteCarlo, SobolOfTheContractQuestion) {
  const auto metrics = analysis::summary_metrics();
  const auto at =
      static_cast<std::size_t>(std::find_if(metrics.begin(), metrics.end(),
                                            [](const auto& m) { return m.name == "contract_gw_per_year"; }) -
                               metrics.begin());
  std::vector<std::string> paths;
  for (const auto& b : analysis::tornado(world, run, at, 4)) paths.push_back(b.path);
  const auto indices = analysis::sobol(world, run, at, paths, {256, 1, 2});
  ASSERT_EQ(indices.size(), 4u);
  double total = 0.0;
  for (const auto& s : indices) {
    EXPECT_GE(s.total, -0.01) << s.path;
    EXPECT_LE(s.total, 1.01) << s.path;
    EXPECT_GE(s.total + s.total_error + s.first_error, s.first) << s.path;
    total += s.first;
  }
  EXPECT_LE(total, 1.1);
  // Rank independent: the same design shared over two played ranks.
  const auto shared = on_ranks(2, [&](const analysis::Cluster& c) {
    return analysis::sobol(world, run, at, paths, {256, 1, 1}, c);
  });
  ASSERT_EQ(shared.size(), indices.size());
  for (std::size_t i = 0; i < shared.size(); ++i) EXPECT_EQ(shared[i].first, indices[i].first);
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
