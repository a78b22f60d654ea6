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

void expect_invariants(const supply::Chain& c, const supply::State& s, int draw) {
  for (const auto* v : {&s.wafer_starts, &s.finished_wafers, &s.gross_dies, &s.good_dies, &s.scrap_dies,
                        &s.stacks_made, &s.stacks_used, &s.stack_inventory, &s.tsv_processed, &s.tsv_backlog,
                        &s.demand, &s.built, &s.packaging_used}) {
    for (double x : *v) {
      ASSERT_TRUE(std::isfinite(x)) << "draw " << draw;
      ASSERT_GE(x, -1e-6 * std::max(1.0, std::abs(x))) << "draw " << draw;
    }
  }
  for (std::size_t i = 0; i < s.gross_dies.size(); ++i) {
    ASSERT_NEAR(s.gross_dies[i], s.good_dies[i] + s.scrap_dies[i], 1e-9 * std::max(1.0, s.gross_dies[i]));
  }
  for (int p = 0; p < s.products; ++p) {
    double made = 0.0;
    double used = 0.0;
    for (int t = 0; t < s.months; ++t) {
      made += s.stacks_made[s.tp(t, p)];
      used += s.stacks_used[s.tp(t, p)];
      ASSERT_LE(used, made * (1 + 1e-9) + 1e-6) << c.products[static_cast<std::size_t>(p)].id << " draw " << draw;
      ASSERT_NEAR(made - used, s.stack_inventory[s.tp(t, p)], 1e-6 * std::max(1.0, made));
    }
  }
  for (int m = 0; m < s.makers; ++m) {
    // HBM wafers finished so far = processed by TSV so far + waiting now.
    double finished = 0.0;
    double processed = 0.0;
    for (int t = 0; t < s.months; ++t) {
      for (int p = 0; p < s.products; ++p) {
        if (c.products[static_cast<std::size_t>(p)].hbm) finished += s.finished_wafers[s.mp(t, m, p)];
      }
      processed += s.tsv_processed[s.tm(t, m)];
      ASSERT_NEAR(finished, processed + s.tsv_backlog[s.tm(t, m)], 1e-6 * std::max(1.0, finished));
    }
  }
  for (int t = 0; t < s.months; ++t) {
    ASSERT_LE(s.packaging_used[static_cast<std::size_t>(t)], s.packaging_capacity[static_cast<std::size_t>(t)] * (1 + 1e-9));
  }
}

TEST_F(RandomDraws, InvariantsHold) {
  std::mt19937_64 rng(20251001);
  auto s = chain_->make_state();
  for (int k = 0; k < kDraws; ++k) {
    chain_->evaluate(draw(rng), s);
    expect_invariants(*chain_, s, k);
    if (HasFatalFailure()) return;
  }
}

TEST_F(RandomDraws, MoreWafersNeverMeanFewerStacks) {
  std::mt19937_64 rng(20251002);
  auto base = chain_->make_state();
  auto more = chain_->make_state();
  for (int k = 0; k < kDraws; ++k) {
    const auto v = draw(rng);
    auto raised = v;
    for (const auto& [path, schedule] : world_->dataset.schedules) {
      if (path.starts_with("maker.") && path.ends_with(".dram_wafer_capacity")) {
        for (const auto& [m, id] : schedule.points) raised[id] *= 1.2;
      }
    }
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
