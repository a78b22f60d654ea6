// Parameter draws: within each range, reproducible per index, schedules
// moving together, and the triangular distribution's mean.
#include <gtest/gtest.h>

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
