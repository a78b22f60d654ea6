// Buyers and allocation rules: the registry, what each rule guarantees, and
// the bottleneck attribution that names a maker.
#include <gtest/gtest.h>

#include <cmath>

#include "core/registry.hpp"
#include "model/run.hpp"
#include "supply/allocation.hpp"

namespace w2t {
namespace {

scenario::World world_with_buyers(const std::string& buyers) {
  Diagnostics diag;
  auto w = scenario::load_world({"buyers.yaml", "scenario: buyers\nextends: stargate-2025\nbuyers:\n" + buyers}, {}, diag);
  EXPECT_TRUE(diag.empty()) << (diag.empty() ? "" : diag.errors().front().format());
  return w;
}

TEST(AllocationRules, RegisteredByName) {
  EXPECT_EQ(names_of(supply::allocation_rules()), (std::vector<std::string>{"priority", "pro_rata"}));
  ASSERT_NE(supply::find_allocation_rule("pro_rata"), nullptr);
  EXPECT_EQ(supply::find_allocation_rule("pro_rata")->name, "pro_rata");
  EXPECT_EQ(supply::find_allocation_rule("first_come"), nullptr);
}

TEST(AllocationRules, UnknownRuleNamesTheValidOnesAndWhere) {
  auto w = world_with_buyers("  openai: {allocation: priorty, rank: 1}\n");
  auto chain = supply::Chain::compile(w);
  ASSERT_FALSE(chain.ok());
  const auto& e = chain.error();
  EXPECT_EQ(e.path, "buyers.openai.allocation");
  EXPECT_NE(e.message.find("unknown allocation rule 'priorty' (did you mean 'priority'?)"), std::string::npos);
  EXPECT_EQ(e.expected, "one of: priority, pro_rata");
  EXPECT_EQ(e.where.file, "buyers.yaml");
  EXPECT_EQ(e.where.line, 4);
}

TEST(AllocationRules, BuyersAreServedInRankOrder) {
  auto w = world_with_buyers("  rest_of_market: {allocation: pro_rata, rank: 2}\n  openai: {allocation: priority, rank: 1}\n");
  auto chain = supply::Chain::compile(w);
  ASSERT_TRUE(chain.ok()) << chain.error().format();
  ASSERT_EQ(chain->buyers.size(), 2U);
  EXPECT_EQ(chain->buyers[0].id, "openai");
  EXPECT_FALSE(chain->buyers[0].open_ended());
  EXPECT_TRUE(chain->buyers[1].open_ended());
}

// Cumulative devices of buyer b up to each month.
std::vector<double> cumulative_built(const supply::State& s, int b) {
  std::vector<double> out;
  double sum = 0.0;
  for (int t = 0; t < s.months; ++t) {
    for (int a = 0; a < s.accelerators; ++a) sum += s.built[s.tba(t, b, a)];
    out.push_back(sum);
  }
  return out;
}

TEST(AllocationRules, PriorityNeverGivesTheFirstBuyerLessThanSharing) {
  auto first = model::run(world_with_buyers("  openai: {allocation: priority, rank: 1}\n  rest_of_market: {allocation: pro_rata, rank: 2}\n"));
  auto shared = model::run(world_with_buyers("  openai: {allocation: pro_rata, rank: 1}\n  rest_of_market: {allocation: pro_rata, rank: 2}\n"));
  ASSERT_TRUE(first.ok() && shared.ok());
  const auto a = cumulative_built(first->state, 0);
  const auto b = cumulative_built(shared->state, 0);
  for (std::size_t t = 0; t < a.size(); ++t) EXPECT_GE(a[t], b[t] * (1 - 1e-9)) << "month " << t;
  bool costs = false;
  for (std::size_t t = 0; t < a.size(); ++t) costs = costs || a[t] > b[t] * 1.01;
  EXPECT_TRUE(costs) << "sharing with an open-ended buyer must cost the first buyer something";
  // Both rules hand out the same packaging: neither wastes capacity the other uses.
  double used_first = 0.0;
  double used_shared = 0.0;
  for (int t = 0; t < first->state.months; ++t) {
    used_first += first->state.packaging_used[static_cast<std::size_t>(t)];
    used_shared += shared->state.packaging_used[static_cast<std::size_t>(t)];
  }
  EXPECT_NEAR(used_first, used_shared, 0.02 * used_first);
}

TEST(AllocationRules, ContractCapsTheWafersBehindTheBuyersDevices) {
  auto r = model::run(world_with_buyers("  openai: {allocation: priority, rank: 1}\n"));
  ASSERT_TRUE(r.ok());
  const auto& c = r->chain;
  const auto& s = r->state;
  const auto& k = c.buyers[0].contracts.at(0);
  int bound = 0;
  for (int t = k.signed_at; t < s.months; ++t) {
    if (t < 0) continue;
    const double ramp = std::min(1.0, static_cast<double>(t - k.signed_at + 1) / (k.full_by - k.signed_at + 1));
    const double ceiling = k.wafers_up_to(r->params, t) * c.month_seconds * ramp;
    double wafers = 0.0;
    for (int a = 0; a < s.accelerators; ++a) {
      wafers += s.built[s.tba(t, 0, a)] * supply::wafers_per_device(c, r->params, a, t).total();
    }
    EXPECT_LE(wafers, ceiling * (1 + 1e-9)) << (c.span.first + t).str();
    if (s.binding[s.tb(t, 0)].stage == supply::Stage::contract) {
      ++bound;
      EXPECT_NEAR(wafers, ceiling, 1e-6 * ceiling) << "a binding contract is used in full";
    }
  }
  EXPECT_GT(bound, 0) << "the default letter of intent binds in some month";
}

TEST(Bottleneck, StackingNamesAMakerWithABacklog) {
  auto r = model::run(world_with_buyers("  openai: {allocation: priority, rank: 1}\n  rest_of_market: {allocation: pro_rata, rank: 2}\n"));
  ASSERT_TRUE(r.ok());
  const auto& s = r->state;
  int named = 0;
  for (int t = 0; t < s.months; ++t) {
    for (int b = 0; b < s.buyers; ++b) {
      const auto binding = s.binding[s.tb(t, b)];
      if (binding.stage != supply::Stage::hbm_stacking) continue;
      ASSERT_GE(binding.entity, 0);
      EXPECT_GT(s.tsv_backlog[s.tm(t, binding.entity)], 0.0);
      EXPECT_EQ(r->chain.describe(binding).rfind("HBM stacking at ", 0), 0U);
      ++named;
    }
  }
  EXPECT_GT(named, 0);
  // The binding stage has no slack left; demand met means demand binds.
  for (int t = 0; t < s.months; ++t) {
    const auto binding = s.binding[s.tb(t, 0)];
    if (binding.stage == supply::Stage::availability) continue;
    const double slack = s.slack[s.tb(t, 0) * supply::kStages + static_cast<std::size_t>(binding.stage)];
    if (std::isfinite(slack)) {
      EXPECT_NEAR(slack, 0.0, 0.05) << (r->chain.span.first + t).str() << " " << supply::to_string(binding.stage);
    }
  }
}

}  // namespace
}  // namespace w2t
