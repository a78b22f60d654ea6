// Invariants of the supply chain on random valid parameter draws: every
// ranged parameter drawn uniformly within its [low, high] (product mixes
// excepted: they must sum to one), formulas recomputed, then
//   - no NaN or negative flow anywhere;
//   - mass balance: gross dies = good + scrap; TSV wafers in = processed + waiting;
//   - nothing packaged that was not made, packaging within capacity;
//   - more wafers never mean fewer finished or stacked wafers.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "model/run.hpp"
#include "supply_invariants.hpp"

namespace w2t {
namespace {

constexpr int kDraws = 40;

class RandomDraws : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics diag;
    world_ = new scenario::World(scenario::load_world({}, {}, diag));
    ASSERT_TRUE(diag.empty());
    auto chain = supply::Chain::compile(*world_);
    ASSERT_TRUE(chain.ok()) << chain.error().format();
    chain_ = new supply::Chain(std::move(*chain));
  }
  static void TearDownTestSuite() {
    delete chain_;
    delete world_;
  }

  static std::vector<double> draw(std::mt19937_64& rng) {
    std::vector<double> v = world_->dataset.values();
    const auto& params = world_->dataset.parameters();
    for (std::size_t id = 0; id < params.size(); ++id) {
      const auto& p = params[id];
      if (p.exact || p.derived() || p.path.find(".mix.") != std::string::npos) continue;
      v[id] = std::uniform_real_distribution<double>(p.low, p.high)(rng);
    }
    world_->formulas.evaluate(v);
    return v;
  }

  static scenario::World* world_;
  static supply::Chain* chain_;
};

scenario::World* RandomDraws::world_ = nullptr;
supply::Chain* RandomDraws::chain_ = nullptr;

TEST_F(RandomDraws, InvariantsHold) {
  std::mt19937_64 rng(20251001);
  auto s = chain_->make_state();
  for (int k = 0; k < kDraws; ++k) {
    chain_->evaluate(draw(rng), s);
    expect_supply_invariants(*chain_, s, "draw " + std::to_string(k));
    if (HasFatalFailure()) return;
  }
}

TEST_F(RandomDraws, MoreWafersNeverMeanFewerStacks) {
  std::mt19937_64 rng(20251002);
  auto base = chain_->make_state();
  auto more = chain_->make_state();
  for (int k = 0; k < kDraws; ++k) {
    const auto v = draw(rng);
    const auto raised = with_maker_capacity_scaled(world_->dataset, v, 1.2);
    chain_->evaluate(v, base);
    chain_->evaluate(raised, more);
    double base_stacks = 0.0;
    double more_stacks = 0.0;
    for (int t = 0; t < base.months; ++t) {
      for (int m = 0; m < base.makers; ++m) {
        ASSERT_GE(more.tsv_processed[base.tm(t, m)], base.tsv_processed[base.tm(t, m)] * (1 - 1e-12)) << "draw " << k;
      }
      for (int p = 0; p < base.products; ++p) {
        base_stacks += base.stacks_made[base.tp(t, p)];
        more_stacks += more.stacks_made[base.tp(t, p)];
      }
      ASSERT_GE(more_stacks, base_stacks * (1 - 1e-9)) << "draw " << k << " month " << t;
    }
  }
}

}  // namespace
}  // namespace w2t
