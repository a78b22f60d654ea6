#include "supply/allocation.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace w2t::supply {
namespace {

constexpr double kNone = std::numeric_limits<double>::infinity();
constexpr int kRounds = 4;        // rationing rounds per group and month
constexpr int kUnavailable = -2;  // limited_by: the accelerator is not on the market
constexpr double kTiny = 1e-9;

// Calls f(pool, amount) for each pool one attempt of claim k draws on.
template <typename F>
void for_each_use(const Chain& c, const State& s, int t, const Claim& k, F&& f) {
  const auto& acc = c.accelerators[static_cast<std::size_t>(k.accelerator)];
  const DeviceUse& u = s.device[s.ta(t, k.accelerator)];
  f(s.stack_pool(acc.product), u.stacks);
  if (acc.host_product >= 0) f(s.bit_pool(acc.host_product), u.bits);
  f(s.interposer_pool(), u.interposers);
  if (k.contract) f(s.contract_pool(k.buyer), u.wafers);
}

// An open-ended buyer claims what is left: each product's stacks split
// evenly over the accelerators on the market that use it.
void claim_what_is_left(const Chain& c, int t, int b, State& s) {
  for (const int a : c.buyers[static_cast<std::size_t>(b)].accelerators) {
    const auto& acc = c.accelerators[static_cast<std::size_t>(a)];
    double& want = s.want[s.ba(b, a)];
    want = 0.0;
    if (t < acc.available_from) continue;
    const DeviceUse& u = s.device[s.ta(t, a)];
    const double users = s.product_users[static_cast<std::size_t>(acc.product)];
    want = s.pool[s.stack_pool(acc.product)] / (users * u.stacks);
    if (acc.host_product >= 0) want = std::min(want, s.pool[s.bit_pool(acc.host_product)] / (users * u.bits));
    want = std::max(0.0, want);
  }
}

void serve_by_priority(const Chain& c, int t, int first, int end, State& s) {
  for (int b = first; b < end; ++b) serve_together(c, t, b, b + 1, s);
}

constexpr std::array kRules = {
    AllocationRule{"priority", "buyers in rank order, each taking all it can before the next", serve_by_priority},
    AllocationRule{"pro_rata", "buyers share every scarce pool in proportion to their claims", serve_together},
};

}  // namespace

std::span<const AllocationRule> allocation_rules() { return kRules; }

const AllocationRule* find_allocation_rule(std::string_view name) {
  for (const auto& r : kRules) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

std::vector<std::string> allocation_rule_names() {
  std::vector<std::string> out;
  for (const auto& r : kRules) out.emplace_back(r.name);
  return out;
}

Binding State::binding_of_pool(std::size_t k, int t) const {
  if (k < bit_pool(0)) {
    const auto p = static_cast<int>(k);
    const std::int16_t maker = tsv_binding[tp(t, p)];
    return maker >= 0 ? Binding{Stage::hbm_stacking, maker} : Binding{Stage::dram_wafers, static_cast<std::int16_t>(p)};
  }
  if (k < interposer_pool()) return {Stage::host_memory, static_cast<std::int16_t>(k - bit_pool(0))};
  if (k == interposer_pool()) return {Stage::packaging, -1};
  return {Stage::contract, -1};
}

void serve_together(const Chain& c, int t, int first, int end, State& s) {
  s.claims.clear();
  s.touched.clear();
  for (int b = first; b < end; ++b) {
    if (c.buyers[static_cast<std::size_t>(b)].open_ended()) claim_what_is_left(c, t, b, s);
    s.claimed[static_cast<std::size_t>(b)] = s.granted[static_cast<std::size_t>(b)] = 0.0;
    for (const int a : c.buyers[static_cast<std::size_t>(b)].accelerators) {
      s.claimed[static_cast<std::size_t>(b)] += s.want[s.ba(b, a)];
      if (s.want[s.ba(b, a)] <= kTiny) continue;
      s.claims.push_back({b, a, !c.buyers[static_cast<std::size_t>(b)].contracts.empty(), 0.0});
      for_each_use(c, s, t, s.claims.back(), [&](std::size_t pool, double) {
        if (std::find(s.touched.begin(), s.touched.end(), pool) == s.touched.end()) {
          s.touched.push_back(pool);
          s.pool_start[pool] = std::max(0.0, s.pool[pool]);
        }
      });
    }
  }
  for (int round = 0; round < kRounds; ++round) {
    // What the claims ask of each pool, then each pool's ratio of supply to asks.
    for (const std::size_t p : s.touched) s.request[p] = 0.0;
    bool any = false;
    for (const auto& k : s.claims) {
      const double want = s.want[s.ba(k.buyer, k.accelerator)];
      if (want <= kTiny) continue;
      any = true;
      for_each_use(c, s, t, k, [&](std::size_t pool, double amount) { s.request[pool] += want * amount; });
    }
    if (!any) break;
    for (const std::size_t p : s.touched) {
      if (s.request[p] > 0.0) {
        s.request[p] = std::max(0.0, s.pool[p]) / s.request[p];
      } else {
        s.request[p] = kNone;
      }
    }
    bool short_somewhere = false;
    double progress = 0.0;
    for (auto& k : s.claims) {
      double& want = s.want[s.ba(k.buyer, k.accelerator)];
      if (want <= kTiny) continue;
      double fill = 1.0;
      for_each_use(c, s, t, k, [&](std::size_t pool, double) {
        const double r = s.request[pool];
        if (r < fill) {
          fill = r;
          s.limited_by[s.ba(k.buyer, k.accelerator)] = static_cast<int>(pool);
        }
      });
      if (fill > 1.0 - kTiny) fill = 1.0;  // rounding, not scarcity
      const double attempts = want * fill;
      want -= attempts;
      k.granted += attempts;
      progress += attempts;
      s.granted[static_cast<std::size_t>(k.buyer)] += attempts;
      s.built[s.tba(t, k.buyer, k.accelerator)] += attempts * s.device[s.ta(t, k.accelerator)].yield;
      for_each_use(c, s, t, k, [&](std::size_t pool, double amount) { s.pool[pool] -= attempts * amount; });
      s.stacks_used[s.tp(t, c.accelerators[static_cast<std::size_t>(k.accelerator)].product)] +=
          attempts * s.device[s.ta(t, k.accelerator)].stacks;
      short_somewhere = short_somewhere || fill < 1.0;
    }
    if (!short_somewhere || progress <= 0.0) break;
  }

  // Each buyer's binding stage: what held back its largest unmet claim.
  for (int b = first; b < end; ++b) {
    const auto& buyer = c.buyers[static_cast<std::size_t>(b)];
    double worst = 0.0;
    Binding binding{};
    for (const int a : buyer.accelerators) {
      const double unmet = buyer.open_ended() ? s.want[s.ba(b, a)] * s.device[s.ta(t, a)].yield
                                              : s.demand[s.tba(t, b, a)] + s.demand_backlog[s.ba(b, a)] -
                                                    s.built[s.tba(t, b, a)];
      const double asked = buyer.open_ended() ? unmet : s.demand[s.tba(t, b, a)] + s.demand_backlog[s.ba(b, a)];
      if (unmet <= worst || unmet <= kTiny * std::max(1.0, asked)) continue;
      const int pool = s.limited_by[s.ba(b, a)];
      if (pool == kUnavailable) {
        binding = {Stage::availability, -1};
      } else if (pool >= 0) {
        binding = s.pool_binding[static_cast<std::size_t>(pool)];
      } else {
        continue;
      }
      worst = unmet;
    }
    // An open-ended buyer that got all it claimed is bound by the memory it split.
    if (buyer.open_ended() && binding.stage == Stage::demand) {
      double largest = 0.0;
      for (const int a : buyer.accelerators) {
        const double got = s.built[s.tba(t, b, a)];
        if (got <= largest) continue;
        largest = got;
        binding = s.pool_binding[s.stack_pool(c.accelerators[static_cast<std::size_t>(a)].product)];
      }
    }
    s.binding[s.tb(t, b)] = binding;

    // Slack: what each stage had for the group over what this buyer used of
    // it, less one; demand: what the buyer asked for over what it got.
    auto slack = std::span(s.slack).subspan(s.tb(t, b) * kStages, kStages);
    std::fill(slack.begin(), slack.end(), kNone);
    for (const std::size_t p : s.touched) s.pool_use[p] = 0.0;
    for (const auto& k : s.claims) {
      if (k.buyer != b) continue;
      for_each_use(c, s, t, k, [&](std::size_t pool, double amount) { s.pool_use[pool] += k.granted * amount; });
    }
    for (const std::size_t p : s.touched) {
      if (s.pool_use[p] <= 0.0) continue;
      auto& x = slack[static_cast<std::size_t>(s.pool_binding[p].stage)];
      x = std::min(x, s.pool_start[p] / s.pool_use[p] - 1.0);
    }
    const double claimed = s.claimed[static_cast<std::size_t>(b)];
    const double granted = s.granted[static_cast<std::size_t>(b)];
    if (!buyer.open_ended() && granted > 0.0) slack[static_cast<std::size_t>(Stage::demand)] = claimed / granted - 1.0;
    if (binding.stage == Stage::availability) slack[static_cast<std::size_t>(Stage::availability)] = 0.0;
  }
}

void Chain::allocate(std::span<const double> params, int t, State& s) const {
  // Memory made this month joins the stock; packaging and contracts are monthly.
  for (int p = 0; p < s.products; ++p) {
    s.pool[s.stack_pool(p)] += s.stacks_made[s.tp(t, p)];
    s.pool[s.bit_pool(p)] += s.bits_made[s.tp(t, p)];
    s.stacks_used[s.tp(t, p)] = 0.0;
  }
  double interposers = 0.0;
  for (const auto& k : packaging) interposers += k(params, t) * month_seconds;
  s.pool[s.interposer_pool()] = s.packaging_capacity[static_cast<std::size_t>(t)] = interposers;
  // A contract caps the memory wafers behind a buyer's devices from its
  // signature on, its ceiling ramping to the full volume by `full_by`;
  // before any of its contracts is signed a buyer has no ceiling.
  for (int b = 0; b < s.buyers; ++b) {
    double wafers = kNone;
    for (const auto& k : buyers[static_cast<std::size_t>(b)].contracts) {
      if (t < k.signed_at) continue;
      const double ramp = std::min(1.0, static_cast<double>(t - k.signed_at + 1) / (k.full_by - k.signed_at + 1));
      wafers = (wafers == kNone ? 0.0 : wafers) + k.wafers_up_to(params, t) * month_seconds * ramp;
    }
    s.pool[s.contract_pool(b)] = wafers;
  }

  for (std::size_t k = 0; k < s.pool.size(); ++k) s.pool_binding[k] = s.binding_of_pool(k, t);
  std::fill(s.product_users.begin(), s.product_users.end(), 0);
  for (const auto& acc : accelerators) {
    if (t >= acc.available_from) ++s.product_users[static_cast<std::size_t>(acc.product)];
  }

  // Claims: each buyer's deals, GW per month over each deal's months, turned
  // into devices by each device's IT power; plus what earlier months left.
  for (int b = 0; b < s.buyers; ++b) {
    const auto& buyer = buyers[static_cast<std::size_t>(b)];
    for (const int a : buyer.accelerators) {
      s.demand[s.tba(t, b, a)] = s.built[s.tba(t, b, a)] = 0.0;
      s.limited_by[s.ba(b, a)] = -1;
    }
    for (const auto& d : buyer.deals) {
      if (t < d.first || t > d.last) continue;
      const double watts = d.power(params, t) / (d.last - d.first + 1);
      s.demand[s.tba(t, b, d.accelerator)] += watts / s.device[s.ta(t, d.accelerator)].power;
    }
    if (buyer.open_ended()) continue;
    for (const int a : buyer.accelerators) {
      const double wanted = s.demand[s.tba(t, b, a)] + s.demand_backlog[s.ba(b, a)];
      const bool on_market = t >= accelerators[static_cast<std::size_t>(a)].available_from;
      s.want[s.ba(b, a)] = on_market ? wanted / s.device[s.ta(t, a)].yield : 0.0;
      if (!on_market && wanted > 0.0) s.limited_by[s.ba(b, a)] = kUnavailable;
    }
  }

  // Buyers in rank order; consecutive buyers with the same rule are served as one group.
  for (int first = 0; first < s.buyers;) {
    const AllocationRule* rule = buyers[static_cast<std::size_t>(first)].rule;
    int end = first + 1;
    while (end < s.buyers && buyers[static_cast<std::size_t>(end)].rule == rule) ++end;
    rule->serve(*this, t, first, end, s);
    first = end;
  }

  for (int b = 0; b < s.buyers; ++b) {
    if (buyers[static_cast<std::size_t>(b)].open_ended()) continue;
    for (const int a : buyers[static_cast<std::size_t>(b)].accelerators) {
      double& backlog = s.demand_backlog[s.ba(b, a)];
      backlog = std::max(0.0, backlog + s.demand[s.tba(t, b, a)] - s.built[s.tba(t, b, a)]);
    }
  }
  for (int p = 0; p < s.products; ++p) {
    s.pool[s.stack_pool(p)] = std::max(0.0, s.pool[s.stack_pool(p)]);
    s.pool[s.bit_pool(p)] = std::max(0.0, s.pool[s.bit_pool(p)]);
    s.stack_inventory[s.tp(t, p)] = s.pool[s.stack_pool(p)];
  }
  s.packaging_used[static_cast<std::size_t>(t)] = interposers - std::max(0.0, s.pool[s.interposer_pool()]);
}

}  // namespace w2t::supply
