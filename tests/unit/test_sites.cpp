// Deployment to sites: invariants on the default scenario and on changed
// site power, and the site-type comparison's arithmetic.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "model/run.hpp"
#include "sites/compare.hpp"

namespace w2t {
namespace {

model::Run run_with(const std::vector<std::string>& sets) {
  Diagnostics diag;
  std::vector<scenario::Override> overrides;
  for (const auto& s : sets) overrides.push_back(*scenario::parse_override(s));
  auto world = scenario::load_world({}, overrides, diag);
  EXPECT_TRUE(diag.empty());
  auto r = model::run(world);
  EXPECT_TRUE(r.ok()) << r.error().format();
  return std::move(*r);
}

// Every site of the default scenario with 100 GW of IT power: room for everything.
std::vector<std::string> ample_site_power() {
  std::vector<std::string> sets;
  for (const char* site : {"abilene", "shackelford", "dona_ana", "lordstown", "milam", "midwest", "pohang",
                           "south_jeolla", "korea_floating"}) {
    sets.push_back(std::string("site.") + site + ".power_capacity=100 GW");
  }
  return sets;
}

// Accelerators delivered to buyer b by the end of month t: built a lead time earlier.
double delivered(const model::Run& r, int b, int t) {
  const int lag = static_cast<int>(std::lround(r.deployment.lead_time(r.params, 0) / r.chain.month_seconds));
  double sum = 0.0;
  for (int m = 0; m <= t - lag; ++m) {
    for (int a = 0; a < r.state.accelerators; ++a) sum += r.state.built[r.state.tba(m, b, a)];
  }
  return sum;
}

void expect_deployment_invariants(const model::Run& r) {
  const auto& d = r.sites;
  const double month = r.chain.month_seconds;
  const double utilisation = r.deployment.utilisation(r.params, 0);
  for (int t = 0; t < d.months; ++t) {
    double installed = 0.0;
    for (int s = 0; s < d.sites; ++s) {
      const auto i = d.st(t, s);
      installed += d.installed[d.st(t, s)];
      EXPECT_LE(d.it_power[i], d.capacity[i] * (1.0 + 1e-9) + 1e-6) << "site " << s << " month " << t;
      EXPECT_GE(d.pue[i], 1.0);
      EXPECT_NEAR(d.energy[i], d.it_power[i] * utilisation * month * d.pue[i], 1e-9 * d.energy[i] + 1e-6);
      for (const double x :
           {d.energy[i], d.water[i], d.co2_operational[i], d.co2_embodied[i], d.capex[i], d.opex[i]}) {
        EXPECT_TRUE(std::isfinite(x) && x >= 0.0) << "site " << s << " month " << t << ": " << x;
      }
      if (t > 0) {
        EXPECT_GE(d.installed[d.st(t, s)], d.installed[d.st(t - 1, s)]);  // nothing is uninstalled
      }
    }
    // Everything delivered is switched on or waiting: nothing installed that was not built.
    for (int b = 0; b < d.buyers; ++b) {
      if (r.deployment.buyer_sites[static_cast<std::size_t>(b)].empty()) continue;
      const double got = delivered(r, b, t);
      EXPECT_NEAR(installed + d.waiting[d.tb(t, b)], got, 1e-9 * got + 1e-6) << "month " << t;
      const bool waits = d.waiting[d.tb(t, b)] > 1e-9;
      EXPECT_EQ(d.binding[d.tb(t, b)].stage == supply::Stage::site_power, waits) << "month " << t;
    }
  }
}

TEST(Deployment, DefaultScenarioBalances) {
  expect_deployment_invariants(run_with({}));
}

TEST(Deployment, MoreSitePowerNeverSwitchesOnLess) {
  const auto base = run_with({});
  const auto more = run_with({"site.pohang.power_capacity=2 GW"});
  expect_deployment_invariants(more);
  const int last = base.sites.months - 1;
  double before = 0.0;
  double after = 0.0;
  for (int s = 0; s < base.sites.sites; ++s) {
    before += base.sites.installed[base.sites.st(last, s)];
    after += more.sites.installed[more.sites.st(last, s)];
  }
  EXPECT_GT(after, before);
}

TEST(Deployment, AmpleSitePowerLeavesNothingWaiting) {
  const auto r = run_with(ample_site_power());
  expect_deployment_invariants(r);
  for (int t = 0; t < r.sites.months; ++t) {
    EXPECT_LT(r.sites.waiting[r.sites.tb(t, 0)], 1e-6) << t;
    EXPECT_EQ(r.sites.binding[r.sites.tb(t, 0)], r.state.binding[r.state.tb(t, 0)]) << t;
  }
}

TEST(Deployment, FillInOrderFillsTheFirstSiteFirst) {
  const auto r = run_with({});
  // Far more is delivered than the sites can take: every site that has power is full.
  const int last = r.sites.months - 1;
  for (int s = 0; s < r.sites.sites; ++s) {
    const auto i = r.sites.st(last, s);
    EXPECT_NEAR(r.sites.it_power[i], r.sites.capacity[i], 1e-6 * r.sites.capacity[i] + 1e-3) << s;
  }
}

// A region constraint: with countries [KR], only the Korean sites switch accelerators on.
TEST(Deployment, RegionConstraintKeepsTheBuyerInItsCountries) {
  Diagnostics diag;
  auto world =
      scenario::load_world({"korea.yaml",
                            "scenario: korea\nextends: stargate-2025\nbuyers:\n"
                            "  openai: {allocation: priority, rank: 1, sites: all, countries: [KR]}\n"
                            "  rest_of_market: {allocation: pro_rata, rank: 2}\n"},
                           {}, diag);
  ASSERT_TRUE(diag.empty());
  auto r = model::run(world);
  ASSERT_TRUE(r.ok()) << r.error().format();
  expect_deployment_invariants(*r);
  const int last = r->sites.months - 1;
  double korea = 0.0;
  for (int s = 0; s < r->sites.sites; ++s) {
    const double installed = r->sites.installed[r->sites.st(last, s)];
    if (r->deployment.sites.sites[static_cast<std::size_t>(s)].country == "KR") {
      korea += installed;
    } else {
      EXPECT_EQ(installed, 0.0) << r->deployment.sites.sites[static_cast<std::size_t>(s)].id;
    }
  }
  EXPECT_GT(korea, 0.0);
}

// With room for every delivery, the NVIDIA deal's Rubins are switched on and
// its investment is released per GW of them online, up to its total.
TEST(Deployment, InvestmentReleasedPerGigawattOnline) {
  const auto r = run_with(ample_site_power());
  const auto& deals = r.deployment.deals;
  std::size_t nvidia = deals.size();
  for (std::size_t k = 0; k < deals.size(); ++k) {
    if (deals[k].id == "nvidia_openai") nvidia = k;
  }
  ASSERT_LT(nvidia, deals.size());
  const auto& deal = deals[nvidia];
  double previous = 0.0;
  for (int t = 0; t < r.sites.months; ++t) {
    const double online = r.sites.installed_by[r.sites.tba(t, deal.buyer, deal.accelerator)] *
                          r.state.device[r.state.ta(t, deal.accelerator)].power;
    const double by_hand = std::min(deal.total(r.params, t),
                                    std::min(online, deal.power(r.params, t)) * deal.per_gw(r.params, t));
    const double released = r.sites.released[static_cast<std::size_t>(t) * deals.size() + nvidia];
    EXPECT_NEAR(released, by_hand, 1e-9 * by_hand + 1e-3) << t;
    EXPECT_GE(released, previous - 1e-3) << t;  // nothing is taken back
    previous = released;
  }
  EXPECT_GT(previous, 0.0);
  EXPECT_LE(previous, deal.total(r.params, r.sites.months - 1) * (1.0 + 1e-12));
}

// Straight-line depreciation: each month's purchases spread evenly over their life.
TEST(Deployment, DepreciationByHand) {
  const auto r = run_with({});
  const auto& d = r.sites;
  const auto& e = r.deployment.economics;
  const double month = r.chain.month_seconds;
  const int life_it = static_cast<int>(std::lround(e.life_it(r.params, 0) / month));
  const int life_building = static_cast<int>(std::lround(e.life_building(r.params, 0) / month));
  const int site = 0;
  for (const int t : {0, 10, life_it - 1, life_it, d.months - 1}) {
    double by_hand = 0.0;
    for (int from = 0; from <= t; ++from) {
      const double it = d.capex_it[d.st(from, site)];
      const double building = d.capex[d.st(from, site)] - it;
      if (t - from < life_it) by_hand += it / life_it;
      if (t - from < life_building) by_hand += building / life_building;
    }
    EXPECT_NEAR(d.depreciation[d.st(t, site)], by_hand, 1e-9 * d.capex[d.st(0, site)] + 1e-6) << t;
  }
}

// Inference demand in the monthly model: what is served never exceeds what is
// demanded, all of it is served where capacity suffices, and demand grows at
// its rate (Korea: two segments, both at 100% a year here: twice as much a year later).
TEST(Demand, ServedAgainstDemandedAndGrowth) {
  const auto r = run_with({"demand.korea_enterprise.growth=1", "demand.samsung_internal.growth=1"});
  const auto& d = r.demanded;
  int korea = -1;
  for (int g = 0; g < d.regions; ++g) {
    if (r.demand.regions[static_cast<std::size_t>(g)].id == "KR") korea = g;
    for (int t = 0; t < d.months; ++t) {
      const auto i = d.rt(g, t);
      EXPECT_LE(d.tokens_served[i], d.tokens_demanded[i] * (1.0 + 1e-12));
      if (d.serving[i] >= d.needed[i]) {
        EXPECT_NEAR(d.tokens_served[i], d.tokens_demanded[i], 1e-9 * d.tokens_demanded[i]);
      }
      if (d.serving[i] == 0.0) {
        EXPECT_EQ(d.tokens_served[i], 0.0);
      }
    }
  }
  ASSERT_GE(korea, 0);
  EXPECT_NEAR(d.needed[d.rt(korea, 12)] / d.needed[d.rt(korea, 0)], 2.0, 1e-9);
  EXPECT_NEAR(d.tokens_demanded[d.rt(korea, 24)] / d.tokens_demanded[d.rt(korea, 0)], 4.0, 1e-9);
  // Korea's sites open in 2027: before that its demand meets no capacity.
  EXPECT_EQ(d.serving[d.rt(korea, 0)], 0.0);
}

TEST(SiteComparison, SumsAndRatiosByHand) {
  const auto r = run_with({});
  const auto& sites = r.deployment.sites;
  sites::CompareRequest request;
  request.load = 100e6;
  request.location = sites.site_index("pohang");
  request.accelerator = r.chain.headline_accelerator();
  const int t0 = Month(2026, 1) - r.chain.span.first;
  request.beside = 0.15;
  const auto c = sites::compare_site_types(sites, r.deployment.economics, r.chain, r.params, request, t0);
  ASSERT_EQ(c.types.size(), sites.types.size());  // Pohang has sea water: every type compares
  const double year = 12.0 * r.chain.month_seconds;
  for (const auto& y : c.types) {
    double mean = 0.0;
    for (const double p : y.pue) mean += p / 12.0;
    EXPECT_NEAR(y.pue_annual, mean, 1e-12) << y.type;  // equal months: the annual PUE is their mean
    EXPECT_NEAR(y.energy, request.load * year * y.pue_annual, 1e-6 * y.energy) << y.type;
    EXPECT_GE(y.tco, y.capex) << y.type;
  }
  // The seed's claim, checked by issue 4: floating and underwater beat air-cooled land on PUE.
  const auto pue = [&](const std::string& type) {
    for (const auto& y : c.types) {
      if (y.type == type) return y.pue_annual;
    }
    ADD_FAILURE() << type;
    return 0.0;
  };
  EXPECT_LT(pue("floating_barge"), pue("land_air"));
  EXPECT_LT(pue("underwater"), pue("land_air"));
  EXPECT_DOUBLE_EQ(c.accelerators,
                   request.load / (1.15 * r.chain.device_power(r.params, request.accelerator, t0)));
}

}  // namespace
}  // namespace w2t
