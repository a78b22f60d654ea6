// Parameter draws: within each range, reproducible per index, schedules
// moving together, and the triangular distribution's mean.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "data/sampling.hpp"
#include "scenario/scenario.hpp"

namespace w2t {
namespace {

struct Sampling : ::testing::Test {
  void SetUp() override {
    Diagnostics diag;
    world = scenario::load_world({}, {}, diag);
    ASSERT_TRUE(diag.empty());
  }
  scenario::World world;
};

TEST_F(Sampling, DrawsStayInRangeAndExactValuesStay) {
  const data::Sampler sampler(world.dataset, world.formulas);
  const auto& params = world.dataset.parameters();
  std::vector<double> x(params.size());
  for (std::uint64_t i = 0; i < 20; ++i) {
    sampler.draw(7, i, x);
    for (std::size_t k = 0; k < params.size(); ++k) {
      const auto& p = params[k];
      if (p.derived()) continue;
      if (p.exact) {
        EXPECT_EQ(x[k], p.value) << p.path;
      } else {
        EXPECT_GE(x[k], p.low - 1e-12 * std::abs(p.low)) << p.path;
        EXPECT_LE(x[k], p.high + 1e-12 * std::abs(p.high)) << p.path;
      }
    }
  }
}

TEST_F(Sampling, SameIndexSameDrawWhateverTheOrder) {
  const data::Sampler sampler(world.dataset, world.formulas);
  std::vector<double> a(world.dataset.parameters().size());
  std::vector<double> b(a.size());
  std::vector<double> other(a.size());
  sampler.draw(1, 5, a);
  sampler.draw(1, 6, other);
  sampler.draw(1, 5, b);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, other);
}

TEST_F(Sampling, DerivedParametersFollowTheirInputs) {
  const data::Sampler sampler(world.dataset, world.formulas);
  std::vector<double> x(world.dataset.parameters().size());
  sampler.draw(3, 0, x);
  for (const auto& e : world.formulas.entries) {
    EXPECT_DOUBLE_EQ(x[e.target], e.formula.evaluate(x)) << world.dataset.parameter(e.target).path;
  }
}

// A schedule's points share one quantile: each point's triangular CDF at its
// drawn value is the same.
TEST_F(Sampling, SchedulePointsMoveTogether) {
  const data::Sampler sampler(world.dataset, world.formulas);
  std::vector<double> x(world.dataset.parameters().size());
  const auto cdf = [](const data::Parameter& p, double v) {
    const double m = p.value;
    if (v <= m) return (v - p.low) * (v - p.low) / ((p.high - p.low) * (m - p.low));
    return 1.0 - (p.high - v) * (p.high - v) / ((p.high - p.low) * (p.high - m));
  };
  int checked = 0;
  for (std::uint64_t i = 0; i < 5; ++i) {
    sampler.draw(11, i, x);
    for (const auto& [path, schedule] : world.dataset.schedules) {
      double first = -1.0;
      for (const auto& [month, id] : schedule.points) {
        const auto& p = world.dataset.parameter(id);
        if (p.exact || p.value <= p.low || p.value >= p.high) continue;
        const double u = cdf(p, x[id]);
        if (first < 0.0) {
          first = u;
        } else {
          EXPECT_NEAR(u, first, 1e-9) << path;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 50);
}

TEST_F(Sampling, TriangularMean) {
  const data::Sampler sampler(world.dataset, world.formulas);
  const auto id = *world.dataset.find("cost.accelerator_price");
  const auto& p = world.dataset.parameter(id);
  std::vector<double> x(world.dataset.parameters().size());
  double sum = 0.0;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    sampler.draw(5, static_cast<std::uint64_t>(i), x);
    sum += x[id];
  }
  const double mean = (p.low + p.value + p.high) / 3.0;
  const double sd = std::sqrt((p.low * p.low + p.value * p.value + p.high * p.high - p.low * p.value -
                               p.low * p.high - p.value * p.high) /
                              18.0);
  EXPECT_NEAR(sum / n, mean, 4.0 * sd / std::sqrt(n));
}

// Spearman's rank correlation of two equally long samples (no ties).
double rank_correlation(std::vector<double> a, std::vector<double> b) {
  const auto ranks = [](const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto x, auto y) { return v[x] < v[y]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < order.size(); ++i) r[order[i]] = static_cast<double>(i);
    return r;
  };
  const auto ra = ranks(a);
  const auto rb = ranks(b);
  const double n = static_cast<double>(a.size());
  double d2 = 0.0;
  for (std::size_t i = 0; i < ra.size(); ++i) d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
  return 1.0 - 6.0 * d2 / (n * (n * n - 1.0));
}

// The data's rank correlations hold in the draws; pairs without one stay
// independent.
TEST_F(Sampling, RankCorrelationsHold) {
  const data::Sampler sampler(world.dataset, world.formulas);
  const auto id = [&](const char* path) { return *world.dataset.find(path); };
  const auto d8 = id("product.hbm3e_8h.bit_density");
  const auto d12 = id("product.hbm3e_12h.bit_density");
  const auto y12 = id("product.hbm3e_12h.die_yield");
  const auto y4 = id("product.hbm4_12h.die_yield");
  const auto price = id("cost.accelerator_price");
  std::vector<double> x(world.dataset.parameters().size());
  std::vector<std::vector<double>> v(5);
  const int n = 3000;
  for (int i = 0; i < n; ++i) {
    sampler.draw(21, static_cast<std::uint64_t>(i), x);
    for (std::size_t k = 0; const auto p : {d8, d12, y12, y4, price}) v[k++].push_back(x[p]);
  }
  // The standard error of a rank correlation near 0 is about 1/sqrt(n) = 0.018.
  EXPECT_NEAR(rank_correlation(v[0], v[1]), 0.95, 0.02);
  EXPECT_NEAR(rank_correlation(v[2], v[3]), 0.5, 0.05);
  EXPECT_NEAR(rank_correlation(v[0], v[4]), 0.0, 0.06);
  EXPECT_NEAR(rank_correlation(v[2], v[4]), 0.0, 0.06);
}

// Each distribution's quantile function, checked against its definition.
TEST(Distributions, QuantilesByDefinition) {
  using data::Distribution;
  using data::distribution_quantile;
  constexpr double z95 = 1.6448536269514722;
  // Normal: low and high are the 5th and 95th percentiles.
  EXPECT_NEAR(distribution_quantile(Distribution::normal, 10, 8, 12, 0.95, z95), 12.0, 1e-12);
  EXPECT_NEAR(distribution_quantile(Distribution::normal, 10, 8, 12, 0.05, -z95), 8.0, 1e-12);
  // Lognormal about the geometric mean of low and high: the same.
  EXPECT_NEAR(distribution_quantile(Distribution::lognormal, 2, 1, 4, 0.95, z95), 4.0, 1e-12);
  EXPECT_NEAR(distribution_quantile(Distribution::lognormal, 2, 1, 4, 0.05, -z95), 1.0, 1e-12);
  // Uniform and triangular at their ends and splits.
  EXPECT_DOUBLE_EQ(distribution_quantile(Distribution::uniform, 5, 0, 10, 0.3, 0), 3.0);
  EXPECT_DOUBLE_EQ(distribution_quantile(Distribution::triangular, 2, 0, 10, 0.2, 0), 2.0);  // F(mode) = 0.2
  // Truncated normal: cut at low and high, the median at a symmetric range's centre.
  EXPECT_DOUBLE_EQ(distribution_quantile(Distribution::truncated_normal, 5, 1, 9, 0.0, 0), 1.0);
  EXPECT_DOUBLE_EQ(distribution_quantile(Distribution::truncated_normal, 5, 1, 9, 1.0, 0), 9.0);
  EXPECT_NEAR(distribution_quantile(Distribution::truncated_normal, 5, 1, 9, 0.5, 0), 5.0, 1e-12);
  // sigma = 2, cut at +-2 sigma: P(X < 7) = (Phi(1) - Phi(-2)) / (Phi(2) - Phi(-2)) = 0.81859 / 0.95450.
  EXPECT_NEAR(distribution_quantile(Distribution::truncated_normal, 5, 1, 9, 0.818594614 / 0.954499736, 0),
              7.0, 1e-6);
  // PERT: a Beta on [low, high] whose mean is (low + 4 mode + high) / 6.
  double mean = 0.0;
  const int steps = 20000;
  for (int i = 0; i < steps; ++i) {
    mean += distribution_quantile(Distribution::pert, 3, 0, 10, (i + 0.5) / steps, 0) / steps;
  }
  EXPECT_NEAR(mean, (0.0 + 4.0 * 3.0 + 10.0) / 6.0, 1e-3);
}

TEST(Quantile, ByHand) {
  std::vector<double> v = {5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(data::quantile(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(data::quantile(v, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(data::quantile(v, 0.25), 2.0);
  EXPECT_DOUBLE_EQ(data::quantile(v, 0.1), 1.4);
  EXPECT_DOUBLE_EQ(data::quantile(v, 1.0), 5.0);
}

}  // namespace
}  // namespace w2t
