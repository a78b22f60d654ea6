#include "supply/allocation.hpp"

#include "core/registry.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace w2t::supply {
namespace {

constexpr double kNone = std::numeric_limits<double>::infinity();
constexpr int kRounds = 4;        // rationing rounds per group and month
constexpr int kUnavailable = -2;  // limited_by: the accelerator is not on the market
constexpr double kTiny = 1e-9;

// Calls f(pool, amount) for the pools one attempt of buyer b at accelerator
// a draws on, with the amounts of u: HBM stacks and interposers, then
// host-memory bits if the device has a host CPU, then contract wafers if the
// buyer has a contract.
template <typename F>
void for_each_draw(const Chain& c, const State& s, int b, int a, const DeviceUse& u, F&& f) {
  const auto& acc = c.accelerators[static_cast<std::size_t>(a)];
  f(s.stack_pool(acc.product), u.stacks);
  f(s.interposer_pool(), u.interposers);
  if (acc.host_product >= 0) f(s.bit_pool(acc.host_product), u.bits);
  if (!c.buyers[static_cast<std::size_t>(b)].contracts.empty()) f(s.contract_pool(b), u.wafers);
}

// Buyer b's claim on accelerator a this month.
void make_claim(const Chain& c, int t, int b, int a, double want, const State& s, Claim& k) {
  k.buyer = b;
  k.accelerator = a;
  k.at = s.ba(b, a);
  k.want = want;
  k.granted = 0.0;
  k.limited_by = s.limited_by[k.at];
  k.uses = 0;
  for_each_draw(c, s, b, a, s.device[s.ta(t, a)], [&k](std::size_t pool, double amount) {
    k.pool[k.uses] = pool;
    k.amount[k.uses] = amount;
    ++k.uses;
  });
}

// The pools claim k draws on besides the interposers (its second use),
// with the amount one attempt takes of each. Every claim draws on the one
// interposer pool, so the loops below keep its sums in registers: in memory,
// each claim would wait for the one before it to store.
template <typename F>
void for_each_memory_use(const Claim& k, F&& f) {
  f(k.pool[0], k.amount[0]);
  if (k.uses > 2) f(k.pool[2], k.amount[2]);
  if (k.uses > 3) f(k.pool[3], k.amount[3]);
}

// Rations the group's pools over its claims: each round every pool is split
// in proportion to what the claims still want of it, each claim takes the
// share its scarcest pool allows, and what a claim could not use is offered
// again in the next round.
void ration(State& s) {
  double* const pool = s.pool.data();
  double* const request = s.request.data();
  double* const ratio = s.ratio.data();
  const std::size_t interposers = s.interposer_pool();
  const std::span<Claim> claims = s.claims();
  for (const std::size_t p : s.touched) request[p] = 0.0;
  double interposers_asked = 0.0;
  for (const auto& k : claims) {
    interposers_asked += k.want * k.amount[1];
    for_each_memory_use(k, [&](std::size_t p, double amount) { request[p] += k.want * amount; });
  }
  request[interposers] = interposers_asked;
  for (int round = 0; round < kRounds; ++round) {
    bool enough = true;
    for (const std::size_t p : s.touched) {
      enough = enough && (request[p] <= 0.0 || std::max(0.0, pool[p]) > (1.0 - kTiny) * request[p]);
    }
    if (enough) {  // no pool is short: every claim is met in full
      double interposers_used = 0.0;
      for (auto& k : claims) {
        if (k.want <= kTiny) continue;
        interposers_used += k.want * k.amount[1];
        for_each_memory_use(k, [&](std::size_t p, double amount) { pool[p] -= k.want * amount; });
        k.granted += k.want;
        k.want = 0.0;
      }
      pool[interposers] -= interposers_used;
      break;
    }
    for (const std::size_t p : s.touched) {
      ratio[p] = request[p] > 0.0 ? std::max(0.0, pool[p]) / request[p] : kNone;
      request[p] = 0.0;
    }
    double interposers_left = pool[interposers];
    interposers_asked = 0.0;
    bool short_somewhere = false;
    double progress = 0.0;
    for (auto& k : claims) {
      if (k.want <= kTiny) continue;
      // The scarcest pool, the first in the claim's order on a tie.
      double fill = 1.0;
      const auto limit = [&](std::size_t p) {
        if (ratio[p] < fill) {
          fill = ratio[p];
          k.limited_by = static_cast<int>(p);
        }
      };
      for (std::size_t j = 0; j < k.uses; ++j) limit(k.pool[j]);
      if (fill > 1.0 - kTiny) fill = 1.0;  // rounding, not scarcity
      const double attempts = k.want * fill;
      k.want -= attempts;
      k.granted += attempts;
      progress += attempts;
      short_somewhere = short_somewhere || fill < 1.0;
      const double next = k.want > kTiny ? k.want : 0.0;
      interposers_left -= attempts * k.amount[1];
      interposers_asked += next * k.amount[1];
      for_each_memory_use(k, [&](std::size_t p, double amount) {
        pool[p] -= attempts * amount;
        request[p] += next * amount;
      });
    }
    pool[interposers] = interposers_left;
    request[interposers] = interposers_asked;
    if (!short_somewhere || progress <= 0.0) break;
  }
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
    const double users = s.product_users[s.tp(t, acc.product)];
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

const AllocationRule* find_allocation_rule(std::string_view name) { return find_by_name(allocation_rules(), name); }

void set_buyer_pools(const Chain& c, State& s) {
  s.buyer_pools.assign(static_cast<std::size_t>(s.buyers), {});
  for (int b = 0; b < s.buyers; ++b) {
    auto& reach = s.buyer_pools[static_cast<std::size_t>(b)];
    for (const int a : c.buyers[static_cast<std::size_t>(b)].accelerators) {
      for_each_draw(c, s, b, a, DeviceUse{}, [&reach](std::size_t p, double) {
        if (std::find(reach.begin(), reach.end(), p) == reach.end()) reach.push_back(p);
      });
    }
  }
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

namespace {

// The group's claims, and the pools they can draw on with what each held
// before the group was served.
void gather_claims(const Chain& c, int t, int first, int end, State& s) {
  std::size_t n = 0;
  s.touched = s.buyer_pools[static_cast<std::size_t>(first)];
  for (int b = first + 1; b < end; ++b) {
    for (const std::size_t p : s.buyer_pools[static_cast<std::size_t>(b)]) {
      if (std::find(s.touched.begin(), s.touched.end(), p) == s.touched.end()) s.touched.push_back(p);
    }
  }
  for (int b = first; b < end; ++b) {
    const auto& buyer = c.buyers[static_cast<std::size_t>(b)];
    if (buyer.open_ended()) claim_what_is_left(c, t, b, s);
    double claimed = 0.0;
    for (const int a : buyer.accelerators) {
      const double want = s.want[s.ba(b, a)];
      claimed += want;
      if (want > kTiny) make_claim(c, t, b, a, want, s, s.claim_buffer[n++]);
    }
    s.claimed[static_cast<std::size_t>(b)] = claimed;
  }
  s.claim_count = n;
  for (const std::size_t p : s.touched) s.pool_start[p] = std::max(0.0, s.pool[p]);
}

// What buyer b's claims (the next of the group's, from `next`) got:
// devices built and attempts; and how much of each pool they used, into
// s.pool_use. Returns the index past its claims.
std::size_t settle_claims(int t, int b, std::size_t next, bool alone, State& s) {
  const std::span<const Claim> claims = s.claims();
  double* const use = s.pool_use.data();
  // A buyer served alone used what the pools lost (a pool with no limit
  // lost nothing that counts).
  for (const std::size_t p : s.touched) {
    use[p] = alone && s.pool_start[p] < kNone ? s.pool_start[p] - std::max(0.0, s.pool[p]) : 0.0;
  }
  double granted = 0.0;
  double interposers = 0.0;
  for (; next < claims.size() && claims[next].buyer == b; ++next) {
    const Claim& k = claims[next];
    s.want[k.at] = k.want;
    s.limited_by[k.at] = k.limited_by;
    granted += k.granted;
    s.built[s.tba(t, b, k.accelerator)] += k.granted * s.device[s.ta(t, k.accelerator)].yield;
    if (alone) continue;
    interposers += k.granted * k.amount[1];
    for_each_memory_use(k, [&](std::size_t p, double amount) { use[p] += k.granted * amount; });
  }
  if (!alone) use[s.interposer_pool()] = interposers;
  s.granted[static_cast<std::size_t>(b)] = granted;
  return next;
}

// Buyer b's binding stage: what held back its largest unmet claim. An
// open-ended buyer asked for its claims (`mine`) and nothing else; if it got
// all it claimed, it is bound by the memory it split: that of the claim that
// built most.
Binding binding_of(const Chain& c, int t, int b, std::span<const Claim> mine, const State& s) {
  double worst = 0.0;
  Binding binding{};
  const auto hold = [&](double asked, double unmet, int pool) {
    if (unmet <= worst || unmet <= kTiny * std::max(1.0, asked) || pool == -1) return;
    binding = pool == kUnavailable ? Binding{Stage::availability, -1} : s.binding_of_pool(static_cast<std::size_t>(pool), t);
    worst = unmet;
  };
  if (!c.buyers[static_cast<std::size_t>(b)].open_ended()) {
    for (const int a : c.buyers[static_cast<std::size_t>(b)].accelerators) {
      const double asked = s.demand[s.tba(t, b, a)] + s.demand_backlog[s.ba(b, a)];
      hold(asked, asked - s.built[s.tba(t, b, a)], s.limited_by[s.ba(b, a)]);
    }
    return binding;
  }
  for (const Claim& k : mine) {
    const double unmet = k.want * s.device[s.ta(t, k.accelerator)].yield;
    hold(unmet, unmet, k.limited_by);
  }
  if (binding.stage == Stage::demand) {
    double largest = 0.0;
    for (const Claim& k : mine) {
      const double got = s.built[s.tba(t, b, k.accelerator)];
      if (got <= largest) continue;
      largest = got;
      binding = s.binding_of_pool(k.pool[0], t);
    }
  }
  return binding;
}

// Buyer b's slack: what each stage had for the group over what the buyer
// used of it (settle_claims), less one; demand: what the buyer asked for
// over what it got.
void record_slack(const Chain& c, int t, int b, State& s) {
  const auto slack = std::span(s.slack).subspan(s.tb(t, b) * kStages, kStages);
  std::fill(slack.begin(), slack.end(), kNone);
  const double* const use = s.pool_use.data();
  for (const std::size_t p : s.touched) {
    if (use[p] <= 0.0) continue;
    auto& x = slack[static_cast<std::size_t>(s.binding_of_pool(p, t).stage)];
    x = std::min(x, s.pool_start[p] / use[p] - 1.0);
  }
  const double claimed = s.claimed[static_cast<std::size_t>(b)];
  const double granted = s.granted[static_cast<std::size_t>(b)];
  if (!c.buyers[static_cast<std::size_t>(b)].open_ended() && granted > 0.0) {
    slack[static_cast<std::size_t>(Stage::demand)] = claimed / granted - 1.0;
  }
  if (s.binding[s.tb(t, b)].stage == Stage::availability) slack[static_cast<std::size_t>(Stage::availability)] = 0.0;
}

}  // namespace

void serve_together(const Chain& c, int t, int first, int end, State& s) {
  gather_claims(c, t, first, end, s);
  ration(s);
  std::size_t next = 0;
  for (int b = first; b < end; ++b) {
    const std::size_t from = next;
    next = settle_claims(t, b, next, end - first == 1, s);
    s.binding[s.tb(t, b)] = binding_of(c, t, b, s.claims().subspan(from, next - from), s);
    record_slack(c, t, b, s);
  }
}

void Chain::allocate(std::span<const double> params, int t, State& s) const {
  // Memory made this month joins the stock; packaging and contracts are monthly.
  for (int p = 0; p < s.products; ++p) {
    s.pool[s.stack_pool(p)] += s.stacks_made[s.tp(t, p)];
    s.pool[s.bit_pool(p)] += s.bits_made[s.tp(t, p)];
    s.stacks_used[s.tp(t, p)] = s.pool[s.stack_pool(p)];  // the stock on hand; less what is left, below
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
  // The stacks packaged are what the stock lost over the month.
  for (int p = 0; p < s.products; ++p) {
    const auto i = s.tp(t, p);
    s.stacks_used[i] -= s.pool[s.stack_pool(p)];
    s.pool[s.stack_pool(p)] = s.stack_inventory[i] = std::max(0.0, s.pool[s.stack_pool(p)]);
    s.pool[s.bit_pool(p)] = std::max(0.0, s.pool[s.bit_pool(p)]);
  }
  s.packaging_used[static_cast<std::size_t>(t)] = interposers - std::max(0.0, s.pool[s.interposer_pool()]);
}

}  // namespace w2t::supply
