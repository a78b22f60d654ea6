#include "supply/chain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/registry.hpp"
#include "core/suggest.hpp"
#include "supply/allocation.hpp"
#include "supply/geometry.hpp"

namespace w2t::supply {
namespace {

int index_of(const std::vector<std::string>& ids, const std::string& id) {
  auto it = std::find(ids.begin(), ids.end(), id);
  return it == ids.end() ? -1 : static_cast<int>(it - ids.begin());
}

// Month index of an attribute (relative to the span's first month).
std::optional<int> month_attr(const data::Dataset& ds, const std::string& path, Month first) {
  const auto* a = ds.attribute(path);
  if (a == nullptr) return std::nullopt;
  auto m = parse_month(a->value());
  if (!m) return std::nullopt;
  return *m - first;
}

}  // namespace

const char* to_string(Stage s) {
  switch (s) {
    case Stage::demand: return "demand";
    case Stage::availability: return "availability";
    case Stage::dram_wafers: return "dram_wafers";
    case Stage::hbm_stacking: return "hbm_stacking";
    case Stage::host_memory: return "host_memory";
    case Stage::packaging: return "packaging";
    case Stage::contract: return "contract";
    case Stage::site_power: return "site_power";
    case Stage::count_: break;
  }
  return "?";
}

Expected<Chain> Chain::compile(const scenario::World& world) {
  const auto& ds = world.dataset;
  const auto& sc = world.scenario;
  Chain c;
  c.span = sc.span;
  const Month first = sc.span.first;
  SeriesReader read(ds, c.span, "supply model");
  // An error found while reading, reported after the first missing parameter, if any.
  const auto fail = [&read](Error e) { return read.error() ? *read.error() : std::move(e); };

  c.month_seconds = *parse_si("1 month", *parse_unit("s"));
  c.wafer_diameter = read.need("world.wafer_diameter");
  c.edge_exclusion = read.need("world.edge_exclusion");
  c.world_capacity = read.need("world.dram_wafer_capacity");

  const auto& product_ids = ds.entities.at("product");
  for (const auto& id : product_ids) {
    ProductPlan p;
    p.id = id;
    const std::string base = "product." + id + ".";
    p.name = ds.text_or(base + "name", id);
    const auto* kind = ds.attribute(base + "kind");
    p.hbm = kind != nullptr && kind->value() == "hbm";
    p.die_capacity = read.need(base + "die_capacity");
    p.die_area = read.need(base + "die_area");
    p.die_yield = read.need(base + "die_yield");
    p.cycle_time = read.need(base + "wafer_cycle_time");
    if (p.hbm) {
      p.stack_height = read.need(base + "stack_height");
      p.layer_yield = read.need(base + "stack_layer_yield");
      p.stacking_time = read.need(base + "stacking_cycle_time");
    }
    c.products.push_back(std::move(p));
  }

  std::vector<std::string> maker_ids = sc.makers.empty() ? ds.entities.at("maker") : sc.makers;
  for (const auto& id : maker_ids) {
    MakerPlan m;
    m.id = id;
    const std::string base = "maker." + id + ".";
    m.name = ds.text_or(base + "name", id);
    m.capacity = read.need(base + "dram_wafer_capacity");
    m.tsv = read.optional(base + "hbm_tsv_capacity");
    m.yield_factor = read.optional(base + "hbm_yield_factor");
    for (std::size_t p = 0; p < product_ids.size(); ++p) {
      Series share = read.optional(base + "mix." + product_ids[p]);
      if (share.empty()) continue;
      if (c.products[p].hbm) m.hbm.push_back(static_cast<int>(p));
      m.mix.push_back({static_cast<int>(p), std::move(share)});
    }
    c.makers.push_back(std::move(m));
  }
  if (auto it = ds.entities.find("fab"); it != ds.entities.end()) {
    for (const auto& id : it->second) {
      const std::string base = "fab." + id + ".";
      const int maker = index_of(maker_ids, ds.attribute(base + "maker")->value());
      auto start = month_attr(ds, base + "construction_start", first);
      if (maker < 0 || !start) continue;  // not in play, or already in the maker's capacity
      FabPlan f;
      f.maker = maker;
      f.construction_start = *start;
      f.capacity = read.need(base + "capacity");
      f.lead_time = read.need(base + "build_lead_time");
      f.ramp_time = read.optional(base + "ramp_time");
      c.fabs.push_back(std::move(f));
    }
  }

  std::vector<std::string> acc_ids = sc.accelerators.empty() ? ds.entities.at("accelerator") : sc.accelerators;
  for (const auto& id : acc_ids) {
    AcceleratorPlan a;
    a.id = id;
    const std::string base = "accelerator." + id + ".";
    const auto* memory = ds.attribute(base + "memory_product");
    a.product = index_of(product_ids, memory->value());
    if (a.product < 0 || !c.products[static_cast<std::size_t>(a.product)].hbm) {
      std::vector<std::string> hbm;
      for (const auto& p : c.products) {
        if (p.hbm) hbm.push_back(p.id);
      }
      Error e = make_error(ErrorCode::bad_reference,
                           fmt::format("memory product '{}' is not an HBM product", memory->value()),
                           base + "memory_product", fmt::format("one of: {}", join(hbm)));
      e.where = memory->where;
      return fail(std::move(e));
    }
    if (const auto* host = ds.attribute(base + "host_memory_product")) {
      a.host_product = index_of(product_ids, host->value());
      a.host_memory = read.optional(base + "host_memory");
      if (a.host_memory.empty()) a.host_product = -1;
    }
    a.available_from = month_attr(ds, base + "available_from", first).value_or(-1200);
    a.stacks = read.need(base + "hbm_stacks");
    a.per_interposer = read.need(base + "packages_per_interposer_wafer");
    a.package_yield = read.need(base + "package_yield");
    if (const auto* rack = ds.attribute(base + "rack")) {
      a.rack_power = read.optional("rack." + rack->value() + ".power");
      a.rack_size = read.optional("rack." + rack->value() + ".accelerators");
    }
    a.tdp = read.need(base + "tdp");
    c.accelerators.push_back(std::move(a));
  }

  // Buyers in rank order; each deal and contract belongs to its buyer.
  std::vector<scenario::Buyer> ranked = sc.buyers;
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.rank < y.rank; });
  if (ranked.empty()) {
    scenario::Buyer market;
    market.id = "market";
    market.allocation = "pro_rata";
    market.rank = 1;
    ranked.push_back(std::move(market));
  }
  std::vector<std::string> buyer_ids;
  for (const auto& b : ranked) {
    BuyerPlan plan;
    plan.id = b.id;
    plan.rule = find_allocation_rule(b.allocation);
    if (plan.rule == nullptr) {
      Error e = unknown_name(allocation_rules(), "allocation rule", b.allocation, "buyers." + b.id + ".allocation");
      e.where = b.allocation_where;
      return fail(std::move(e));
    }
    buyer_ids.push_back(b.id);
    c.buyers.push_back(std::move(plan));
  }
  for (const auto& id : sc.deals) {
    const std::string base = "deal." + id + ".";
    const int buyer = index_of(buyer_ids, ds.attribute(base + "buyer")->value());
    if (buyer < 0) continue;  // a deal of a buyer outside the scenario
    DealPlan d;
    d.id = id;
    const auto* acc = ds.attribute(base + "accelerator");
    d.accelerator = acc == nullptr ? -1 : index_of(acc_ids, acc->value());
    if (d.accelerator < 0) {
      return fail(make_error(ErrorCode::bad_reference, "the deal's accelerator is not in the scenario",
                             base + "accelerator", "an accelerator listed in the scenario"));
    }
    d.first = *month_attr(ds, base + "first_online", first);
    d.last = month_attr(ds, base + "last_online", first).value_or(d.first);
    d.power = read.need(base + "power");
    c.buyers[static_cast<std::size_t>(buyer)].deals.push_back(std::move(d));
  }
  for (const auto& id : sc.contracts) {
    const std::string base = "contract." + id + ".";
    const int buyer = index_of(buyer_ids, ds.attribute(base + "buyer")->value());
    if (buyer < 0) continue;
    ContractPlan k;
    k.id = id;
    k.signed_at = *month_attr(ds, base + "signed", first);
    k.full_by = month_attr(ds, base + "full_by", first).value_or(k.signed_at);
    k.wafers_up_to = read.need(base + "wafers_up_to");
    c.buyers[static_cast<std::size_t>(buyer)].contracts.push_back(std::move(k));
  }
  for (auto& b : c.buyers) {
    for (int a = 0; a < static_cast<int>(c.accelerators.size()); ++a) {
      const bool in_deal = std::any_of(b.deals.begin(), b.deals.end(), [a](const auto& d) { return d.accelerator == a; });
      if (b.open_ended() || in_deal) b.accelerators.push_back(a);
    }
  }
  if (auto it = ds.entities.find("packaging"); it != ds.entities.end()) {
    for (const auto& id : it->second) c.packaging.push_back(read.optional("packaging." + id + ".capacity"));
  }
  if (read.error()) return *read.error();

  const bool geometry_varies = c.wafer_diameter.varies() || c.edge_exclusion.varies();
  for (auto& p : c.products) {
    p.varies = geometry_varies || p.die_area.varies() || p.die_capacity.varies() || p.die_yield.varies() ||
               p.cycle_time.varies() || p.stack_height.varies() || p.layer_yield.varies() || p.stacking_time.varies();
  }
  for (auto& a : c.accelerators) {
    a.varies = a.stacks.varies() || a.host_memory.varies() || a.per_interposer.varies() || a.package_yield.varies() ||
               a.rack_power.varies() || a.rack_size.varies() || a.tdp.varies() ||
               c.products[static_cast<std::size_t>(a.product)].varies ||
               (a.host_product >= 0 && c.products[static_cast<std::size_t>(a.host_product)].varies);
  }

  // Each maker's mix must cover its wafer starts exactly, every month.
  const std::vector<double> values = ds.values();
  for (const auto& m : c.makers) {
    for (int t = 0; t < c.span.size(); ++t) {
      double sum = 0.0;
      for (const auto& mix : m.mix) sum += mix.share(values, t);
      if (std::abs(sum - 1.0) > 1e-3) {
        return make_error(ErrorCode::bad_value,
                          fmt::format("product mix sums to {:.4f} in {}", sum, (c.span.first + t).str()),
                          "maker." + m.id + ".mix", "shares that sum to 1 every month");
      }
    }
  }
  return c;
}

State Chain::make_state() const {
  State s;
  s.months = span.size();
  s.makers = static_cast<int>(makers.size());
  s.products = static_cast<int>(products.size());
  s.accelerators = static_cast<int>(accelerators.size());
  s.buyers = static_cast<int>(buyers.size());
  const auto T = static_cast<std::size_t>(s.months);
  const auto M = static_cast<std::size_t>(s.makers);
  const auto P = static_cast<std::size_t>(s.products);
  const auto A = static_cast<std::size_t>(s.accelerators);
  const auto B = static_cast<std::size_t>(s.buyers);
  for (auto* v : {&s.wafer_starts, &s.finished_wafers}) v->assign(T * M * P, 0.0);
  for (auto* v : {&s.gross_dies, &s.good_dies, &s.scrap_dies, &s.stacks_made, &s.stacks_used, &s.bits_made,
                  &s.stack_inventory, &s.gross_per_wafer, &s.die_yield, &s.bits_per_die, &s.stacks_per_die}) {
    v->assign(T * P, 0.0);
  }
  for (auto* v : {&s.tsv_processed, &s.tsv_backlog, &s.start_capacity}) v->assign(T * M, 0.0);
  for (auto* v : {&s.hbm_finished, &s.current_share, &s.backlog_share, &s.yield_factor}) v->assign(T, 0.0);
  for (auto* v : {&s.demand, &s.built}) v->assign(T * B * A, 0.0);
  s.binding.assign(T * B, Binding{});
  s.slack.assign(T * B * kStages, 0.0);
  s.packaging_capacity.assign(T, 0.0);
  s.packaging_used.assign(T, 0.0);
  s.cycle_months.assign(T * P, 0);
  s.stacking_months.assign(T * P, 0);
  s.tsv_binding.assign(T * P, -1);
  s.pool.assign(2 * P + 1 + B, 0.0);
  s.request.assign(s.pool.size(), 0.0);
  s.ratio.assign(s.pool.size(), 0.0);
  s.pool_start.assign(s.pool.size(), 0.0);
  s.pool_use.assign(s.pool.size(), 0.0);
  s.demand_backlog.assign(B * A, 0.0);
  s.want.assign(B * A, 0.0);
  s.claim_buffer.assign(B * A, {});
  s.limited_by.assign(B * A, -1);
  s.claimed.assign(B, 0.0);
  s.granted.assign(B, 0.0);
  s.wafer_backlog.assign(M * P * T, 0.0);
  s.device.assign(T * A, {});

  set_buyer_pools(*this, s);
  s.touched.reserve(s.pool.size());
  s.product_users.assign(T * P, 0);
  for (int t = 0; t < s.months; ++t) {
    for (const auto& acc : accelerators) {
      if (t >= acc.available_from) ++s.product_users[s.tp(t, acc.product)];
    }
  }
  return s;
}

WaferYield wafer_yield(const Chain& c, std::span<const double> params, int p, int t) {
  const auto& pr = c.products[static_cast<std::size_t>(p)];
  const double usable = c.wafer_diameter(params, t) - 2.0 * c.edge_exclusion(params, t);
  WaferYield y;
  y.gross_dies = gross_dies_per_wafer(usable, pr.die_area(params, t));
  y.die_yield = pr.die_yield(params, t);
  y.bits_per_die = pr.die_capacity(params, t);
  if (pr.hbm) {
    const double h = pr.stack_height(params, t);
    y.sold_share = stack_yield(pr.layer_yield(params, t), h);
    y.stacks_per_die = y.sold_share / h;
  }
  return y;
}

DeviceUse device_use(const Chain& c, std::span<const double> params, int a, int t) {
  const auto& acc = c.accelerators[static_cast<std::size_t>(a)];
  DeviceUse u;
  u.stacks = acc.stacks(params, t);
  u.bits = acc.host_product >= 0 ? acc.host_memory(params, t) : 0.0;
  u.interposers = 1.0 / acc.per_interposer(params, t);
  u.yield = acc.package_yield(params, t);
  u.power = c.device_power(params, a, t);
  return u;
}

WafersPerDevice memory_wafers(const DeviceUse& u, const WaferYield& hbm, const WaferYield* host) {
  WafersPerDevice w;
  w.hbm = u.stacks / (hbm.good_dies() * hbm.stacks_per_die);
  if (host != nullptr) w.host = u.bits / (host->good_dies() * host->bits_per_die);
  return w;
}

double Chain::device_power(std::span<const double> params, int a, int t) const {
  const auto& acc = accelerators[static_cast<std::size_t>(a)];
  if (!acc.rack_power.empty() && !acc.rack_size.empty()) {
    return acc.rack_power(params, t) / acc.rack_size(params, t);
  }
  return acc.tdp(params, t);
}

WafersPerDevice wafers_per_device(const Chain& c, std::span<const double> params, int a, int t) {
  const auto& acc = c.accelerators[static_cast<std::size_t>(a)];
  const DeviceUse u = device_use(c, params, a, t);
  const WaferYield host = acc.host_product >= 0 ? wafer_yield(c, params, acc.host_product, t) : WaferYield{};
  WafersPerDevice w = memory_wafers(u, wafer_yield(c, params, acc.product, t), acc.host_product >= 0 ? &host : nullptr);
  w.hbm /= u.yield;
  w.host /= u.yield;
  return w;
}

int Chain::headline_buyer() const {
  for (std::size_t b = 0; b < buyers.size(); ++b) {
    if (!buyers[b].open_ended()) return static_cast<int>(b);
  }
  return -1;
}

int Chain::headline_accelerator() const {
  const int b = headline_buyer();
  return b < 0 ? 0 : buyers[static_cast<std::size_t>(b)].deals.front().accelerator;
}

std::string Chain::describe(Binding b) const {
  const auto entity = static_cast<std::size_t>(b.entity);
  switch (b.stage) {
    case Stage::demand: return "demand (all it asked for was built)";
    case Stage::availability: return "not yet on the market";
    case Stage::dram_wafers:
      return b.entity < 0 ? "DRAM wafers" : fmt::format("DRAM wafers for {}", products[entity].name);
    case Stage::hbm_stacking:
      return b.entity < 0 ? "HBM stacking" : fmt::format("HBM stacking at {}", makers[entity].name);
    case Stage::host_memory:
      return b.entity < 0 ? "host memory" : fmt::format("host memory ({})", products[entity].name);
    case Stage::packaging: return "advanced packaging (CoWoS-class interposers)";
    case Stage::contract: return "memory contract ceiling";
    case Stage::site_power: return "site power (built accelerators wait for a powered slot)";
    case Stage::count_: break;
  }
  return "?";
}

}  // namespace w2t::supply
