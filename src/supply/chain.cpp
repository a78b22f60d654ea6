#include "supply/chain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "supply/geometry.hpp"

namespace w2t::supply {
namespace {

constexpr double kNone = std::numeric_limits<double>::infinity();

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

int months_of(double seconds, double month_seconds) {
  return static_cast<int>(std::lround(seconds / month_seconds));
}

double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

}  // namespace

const char* to_string(Stage s) {
  switch (s) {
    case Stage::demand: return "demand";
    case Stage::dram_wafers: return "dram_wafers";
    case Stage::hbm_stacking: return "hbm_stacking";
    case Stage::host_memory: return "host_memory";
    case Stage::packaging: return "packaging";
    case Stage::contract: return "contract";
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
  auto series = [&](const std::string& path) { return Series::of(ds, path, c.span); };
  auto need = [&](const std::string& path) -> Expected<Series> {
    Series s = series(path);
    if (s.empty()) {
      return make_error(ErrorCode::missing, "the supply model needs this parameter", path,
                        "a value in data/ or the scenario");
    }
    return s;
  };
#define W2T_NEED(target, path)         \
  do {                                 \
    auto s_ = need(path);              \
    if (!s_) return s_.error();        \
    (target) = std::move(*s_);         \
  } while (false)

  c.month_seconds = *parse_si("1 month", *parse_unit("s"));
  W2T_NEED(c.wafer_diameter, "world.wafer_diameter");
  W2T_NEED(c.edge_exclusion, "world.edge_exclusion");
  W2T_NEED(c.world_capacity, "world.dram_wafer_capacity");

  const auto& product_ids = ds.entities.at("product");
  for (const auto& id : product_ids) {
    ProductPlan p;
    p.id = id;
    const std::string base = "product." + id + ".";
    const auto* kind = ds.attribute(base + "kind");
    p.hbm = kind != nullptr && kind->value() == "hbm";
    W2T_NEED(p.die_capacity, base + "die_capacity");
    W2T_NEED(p.die_area, base + "die_area");
    W2T_NEED(p.die_yield, base + "die_yield");
    W2T_NEED(p.cycle_time, base + "wafer_cycle_time");
    if (p.hbm) {
      W2T_NEED(p.stack_height, base + "stack_height");
      W2T_NEED(p.layer_yield, base + "stack_layer_yield");
      W2T_NEED(p.stacking_time, base + "stacking_cycle_time");
    }
    c.products.push_back(std::move(p));
  }

  std::vector<std::string> maker_ids = sc.makers.empty() ? ds.entities.at("maker") : sc.makers;
  for (const auto& id : maker_ids) {
    MakerPlan m;
    m.id = id;
    const std::string base = "maker." + id + ".";
    W2T_NEED(m.capacity, base + "dram_wafer_capacity");
    m.tsv = series(base + "hbm_tsv_capacity");
    m.yield_factor = series(base + "hbm_yield_factor");
    for (std::size_t p = 0; p < product_ids.size(); ++p) {
      Series share = series(base + "mix." + product_ids[p]);
      if (!share.empty()) m.mix.emplace_back(static_cast<int>(p), std::move(share));
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
      W2T_NEED(f.capacity, base + "capacity");
      W2T_NEED(f.lead_time, base + "build_lead_time");
      f.ramp_time = series(base + "ramp_time");
      c.fabs.push_back(std::move(f));
    }
  }

  std::vector<std::string> acc_ids = sc.accelerators.empty() ? ds.entities.at("accelerator") : sc.accelerators;
  for (const auto& id : acc_ids) {
    AcceleratorPlan a;
    a.id = id;
    const std::string base = "accelerator." + id + ".";
    a.product = index_of(product_ids, ds.attribute(base + "memory_product")->value());
    if (a.product < 0 || !c.products[static_cast<std::size_t>(a.product)].hbm) {
      return make_error(ErrorCode::bad_reference, "the memory product is not an HBM product",
                        base + "memory_product", "an HBM product id");
    }
    if (const auto* host = ds.attribute(base + "host_memory_product")) {
      a.host_product = index_of(product_ids, host->value());
      a.host_memory = series(base + "host_memory");
      if (a.host_memory.empty()) a.host_product = -1;
    }
    a.available_from = month_attr(ds, base + "available_from", first).value_or(-1200);
    W2T_NEED(a.stacks, base + "hbm_stacks");
    W2T_NEED(a.per_interposer, base + "packages_per_interposer_wafer");
    W2T_NEED(a.package_yield, base + "package_yield");
    if (const auto* rack = ds.attribute(base + "rack")) {
      a.rack_power = series("rack." + rack->value() + ".power");
      a.rack_size = series("rack." + rack->value() + ".accelerators");
    }
    W2T_NEED(a.tdp, base + "tdp");
    c.accelerators.push_back(std::move(a));
  }

  // The priority buyer is the buyer ranked first; its deals set its demand.
  for (const auto& b : sc.buyers) {
    if (b.allocation == "priority" && (c.priority_buyer.empty() || b.rank == 1)) c.priority_buyer = b.id;
  }
  for (const auto& id : sc.deals) {
    const std::string base = "deal." + id + ".";
    if (ds.attribute(base + "buyer")->value() != c.priority_buyer) continue;
    DealPlan d;
    d.id = id;
    const auto* acc = ds.attribute(base + "accelerator");
    d.accelerator = acc == nullptr ? -1 : index_of(acc_ids, acc->value());
    if (d.accelerator < 0) {
      return make_error(ErrorCode::bad_reference, "the deal's accelerator is not in the scenario",
                        base + "accelerator", "an accelerator listed in the scenario");
    }
    d.first = *month_attr(ds, base + "first_online", first);
    d.last = month_attr(ds, base + "last_online", first).value_or(d.first);
    W2T_NEED(d.power, base + "power");
    c.deals.push_back(std::move(d));
  }
  for (const auto& id : sc.contracts) {
    const std::string base = "contract." + id + ".";
    if (ds.attribute(base + "buyer")->value() != c.priority_buyer) continue;
    ContractPlan k;
    k.id = id;
    k.signed_at = *month_attr(ds, base + "signed", first);
    k.full_by = month_attr(ds, base + "full_by", first).value_or(k.signed_at);
    W2T_NEED(k.wafers_up_to, base + "wafers_up_to");
    c.contracts.push_back(std::move(k));
  }
  if (auto it = ds.entities.find("packaging"); it != ds.entities.end()) {
    for (const auto& id : it->second) c.packaging.push_back(series("packaging." + id + ".capacity"));
  }
#undef W2T_NEED

  // Each maker's mix must cover its wafer starts exactly, every month.
  const std::vector<double> values = ds.values();
  for (const auto& m : c.makers) {
    for (int t = 0; t < c.span.size(); ++t) {
      double sum = 0.0;
      for (const auto& [p, share] : m.mix) sum += share(values, t);
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
  const auto T = static_cast<std::size_t>(s.months);
  const auto M = static_cast<std::size_t>(s.makers);
  const auto P = static_cast<std::size_t>(s.products);
  const auto A = static_cast<std::size_t>(s.accelerators);
  for (auto* v : {&s.wafer_starts, &s.finished_wafers}) v->assign(T * M * P, 0.0);
  for (auto* v : {&s.gross_dies, &s.good_dies, &s.scrap_dies, &s.stacks_made, &s.stacks_used, &s.bits_made}) {
    v->assign(T * P, 0.0);
  }
  for (auto* v : {&s.tsv_processed, &s.tsv_backlog}) v->assign(T * M, 0.0);
  for (auto* v : {&s.priority_demand, &s.priority_built, &s.market_built}) v->assign(T * A, 0.0);
  s.priority_slack.assign(T * kStages, 0.0);
  s.priority_binding.assign(T, Stage::demand);
  s.market_binding.assign(T, Stage::demand);
  s.packaging_capacity.assign(T, 0.0);
  s.packaging_used.assign(T, 0.0);
  s.stack_stock.assign(P, 0.0);
  s.bit_stock.assign(P, 0.0);
  s.demand_backlog.assign(A, 0.0);
  s.wafer_backlog.assign(M * P, 0.0);
  s.product_users.assign(P, 0);
  return s;
}

double good_dies_per_wafer(const Chain& c, std::span<const double> params, int p, int t) {
  const auto& pr = c.products[static_cast<std::size_t>(p)];
  const double d = c.wafer_diameter(params, t) - 2.0 * c.edge_exclusion(params, t);
  return gross_dies_per_wafer(d, pr.die_area(params, t)) * pr.die_yield(params, t);
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
  const auto& hbm = c.products[static_cast<std::size_t>(acc.product)];
  WafersPerDevice w;
  const double h = hbm.stack_height(params, t);
  const double stacks = acc.stacks(params, t) / acc.package_yield(params, t);
  const double dies = stacks * h / stack_yield(hbm.layer_yield(params, t), h);
  w.hbm = dies / good_dies_per_wafer(c, params, acc.product, t);
  if (acc.host_product >= 0) {
    const auto& host = c.products[static_cast<std::size_t>(acc.host_product)];
    const double bits = acc.host_memory(params, t) / acc.package_yield(params, t);
    w.host = bits / host.die_capacity(params, t) / good_dies_per_wafer(c, params, acc.host_product, t);
  }
  return w;
}

void Chain::evaluate(std::span<const double> params, State& s) const {
  for (auto* v : {&s.stacks_made, &s.bits_made}) std::fill(v->begin(), v->end(), 0.0);
  for (auto* v : {&s.stack_stock, &s.bit_stock, &s.demand_backlog, &s.wafer_backlog}) {
    std::fill(v->begin(), v->end(), 0.0);
  }
  for (int t = 0; t < s.months; ++t) {
    make_memory(params, t, s);
    allocate(params, t, s);
  }
}

void Chain::make_memory(std::span<const double> params, int t, State& s) const {
  for (int p = 0; p < s.products; ++p) {
    s.gross_dies[s.tp(t, p)] = s.good_dies[s.tp(t, p)] = s.scrap_dies[s.tp(t, p)] = 0.0;
  }
  const double usable = wafer_diameter(params, t) - 2.0 * edge_exclusion(params, t);
  for (int m = 0; m < s.makers; ++m) {
    const auto& maker = makers[static_cast<std::size_t>(m)];
    double capacity = maker.capacity(params, t) * month_seconds;  // wafers this month
    for (const auto& f : fabs) {
      if (f.maker != m) continue;
      const int online = f.construction_start + months_of(f.lead_time(params, t), month_seconds);
      const double ramp = std::max(1.0, f.ramp_time.or_else(params, t, 0.0) / month_seconds);
      capacity += f.capacity(params, t) * month_seconds * clamp01((t - online + 1) / ramp);
    }
    for (int p = 0; p < s.products; ++p) s.wafer_starts[s.mp(t, m, p)] = 0.0;
    for (const auto& [p, share] : maker.mix) s.wafer_starts[s.mp(t, m, p)] = capacity * share(params, t);

    // Wafers finish a fab cycle after they start; before the span, starts
    // are taken as in its first month (a steady state).
    double hbm_finished = 0.0;
    double hbm_backlog = 0.0;
    for (int p = 0; p < s.products; ++p) {
      const auto& pr = products[static_cast<std::size_t>(p)];
      const int started = std::max(0, t - months_of(pr.cycle_time(params, t), month_seconds));
      s.finished_wafers[s.mp(t, m, p)] = s.wafer_starts[s.mp(started, m, p)];
      if (pr.hbm) {
        hbm_finished += s.finished_wafers[s.mp(t, m, p)];
        hbm_backlog += s.wafer_backlog[static_cast<std::size_t>(m * s.products + p)];
      }
    }
    // HBM wafers go through the maker's TSV lines: this month's wafers first
    // (the current product priorities), then what waited; the rest waits.
    const double tsv = maker.tsv.or_else(params, t, 0.0) * month_seconds;
    const double current_share = hbm_finished > tsv ? tsv / hbm_finished : 1.0;
    const double spare = std::max(0.0, tsv - hbm_finished);
    const double backlog_share = hbm_backlog > spare ? spare / hbm_backlog : 1.0;
    s.tsv_processed[s.tm(t, m)] = std::min(hbm_finished, tsv) + std::min(hbm_backlog, spare);
    s.tsv_backlog[s.tm(t, m)] = hbm_finished + hbm_backlog - s.tsv_processed[s.tm(t, m)];

    for (int p = 0; p < s.products; ++p) {
      const auto& pr = products[static_cast<std::size_t>(p)];
      double& backlog = s.wafer_backlog[static_cast<std::size_t>(m * s.products + p)];
      double wafers = s.finished_wafers[s.mp(t, m, p)];
      double yield = pr.die_yield(params, t);
      if (pr.hbm) {
        const double from_backlog = backlog * backlog_share;
        backlog += wafers * (1.0 - current_share) - from_backlog;
        wafers = wafers * current_share + from_backlog;
        yield = std::min(1.0, yield * maker.yield_factor.or_else(params, t, 1.0));
      }
      const double gross = wafers * gross_dies_per_wafer(usable, pr.die_area(params, t));
      const double good = gross * yield;
      s.gross_dies[s.tp(t, p)] += gross;
      s.good_dies[s.tp(t, p)] += good;
      s.scrap_dies[s.tp(t, p)] += gross - good;
      if (pr.hbm) {
        const double h = pr.stack_height(params, t);
        const int ready = t + months_of(pr.stacking_time(params, t), month_seconds);
        if (ready < s.months) {
          s.stacks_made[s.tp(ready, p)] += good / h * stack_yield(pr.layer_yield(params, t), h);
        }
      } else {
        s.bits_made[s.tp(t, p)] += good * pr.die_capacity(params, t);
      }
    }
  }
}

void Chain::allocate(std::span<const double> params, int t, State& s) const {
  for (int p = 0; p < s.products; ++p) {
    s.stack_stock[static_cast<std::size_t>(p)] += s.stacks_made[s.tp(t, p)];
    s.bit_stock[static_cast<std::size_t>(p)] += s.bits_made[s.tp(t, p)];
    s.stacks_used[s.tp(t, p)] = 0.0;
  }
  double interposers = 0.0;
  for (const auto& k : packaging) interposers += k(params, t) * month_seconds;
  s.packaging_capacity[static_cast<std::size_t>(t)] = interposers;
  bool tsv_bound = false;
  for (int m = 0; m < s.makers; ++m) tsv_bound = tsv_bound || s.tsv_backlog[s.tm(t, m)] > 0.0;
  const Stage memory_stage = tsv_bound ? Stage::hbm_stacking : Stage::dram_wafers;

  // The priority buyer: demand from its deals, GW per month over each deal's
  // months, turned into devices by each device's IT power.
  double contract_wafers = contracts.empty() ? kNone : 0.0;
  for (const auto& k : contracts) {
    const double ramp = clamp01(static_cast<double>(t - k.signed_at + 1) / (k.full_by - k.signed_at + 1));
    contract_wafers += k.wafers_up_to(params, t) * month_seconds * ramp;
  }
  for (int a = 0; a < s.accelerators; ++a) s.priority_demand[s.ta(t, a)] = 0.0;
  for (const auto& d : deals) {
    if (t < d.first || t > d.last) continue;
    const double watts = d.power(params, t) / (d.last - d.first + 1);
    s.priority_demand[s.ta(t, d.accelerator)] += watts / device_power(params, d.accelerator, t);
  }
  Stage binding = Stage::demand;
  double worst_unmet = 0.0;
  for (auto& x : std::span(s.priority_slack).subspan(static_cast<std::size_t>(t) * kStages, kStages)) x = kNone;
  for (int a = 0; a < s.accelerators; ++a) {
    const auto& acc = accelerators[static_cast<std::size_t>(a)];
    double& backlog = s.demand_backlog[static_cast<std::size_t>(a)];
    const double wanted = s.priority_demand[s.ta(t, a)] + backlog;
    s.priority_built[s.ta(t, a)] = 0.0;
    if (wanted <= 0.0) continue;
    const double py = acc.package_yield(params, t);
    std::array<double, kStages> limit{};
    limit[static_cast<std::size_t>(Stage::demand)] = t < acc.available_from ? 0.0 : wanted / py;
    limit[static_cast<std::size_t>(memory_stage)] = s.stack_stock[static_cast<std::size_t>(acc.product)] / acc.stacks(params, t);
    limit[static_cast<std::size_t>(Stage::host_memory)] =
        acc.host_product < 0 ? kNone : s.bit_stock[static_cast<std::size_t>(acc.host_product)] / acc.host_memory(params, t);
    limit[static_cast<std::size_t>(Stage::packaging)] = interposers * acc.per_interposer(params, t);
    // Only a contract needs the wafers behind each device.
    const double device_wafers = contracts.empty() ? 0.0 : wafers_per_device(*this, params, a, t).total();
    limit[static_cast<std::size_t>(Stage::contract)] = contracts.empty() ? kNone : contract_wafers / (device_wafers * py);
    const Stage other_memory = memory_stage == Stage::dram_wafers ? Stage::hbm_stacking : Stage::dram_wafers;
    limit[static_cast<std::size_t>(other_memory)] = kNone;
    auto smallest = std::min_element(limit.begin(), limit.end());
    const double attempts = std::max(0.0, *smallest);
    const double built = attempts * py;
    s.priority_built[s.ta(t, a)] = built;
    backlog = wanted - built;
    if (backlog > worst_unmet * (1 + 1e-12) && backlog > 1e-9 * wanted) {
      worst_unmet = backlog;
      binding = static_cast<Stage>(smallest - limit.begin());
      for (std::size_t k = 0; k < kStages; ++k) {
        s.priority_slack[static_cast<std::size_t>(t) * kStages + k] = attempts > 0.0 ? limit[k] / attempts - 1.0 : kNone;
      }
    }
    s.stack_stock[static_cast<std::size_t>(acc.product)] -= attempts * acc.stacks(params, t);
    s.stacks_used[s.tp(t, acc.product)] += attempts * acc.stacks(params, t);
    if (acc.host_product >= 0) s.bit_stock[static_cast<std::size_t>(acc.host_product)] -= attempts * acc.host_memory(params, t);
    interposers -= attempts / acc.per_interposer(params, t);
    if (!contracts.empty()) contract_wafers -= attempts * device_wafers;
  }
  s.priority_binding[static_cast<std::size_t>(t)] = binding;

  // The rest of the market takes what is left: each product's stacks split
  // evenly over the available accelerators that use it, packaging pro rata.
  auto& users = s.product_users;
  std::fill(users.begin(), users.end(), 0);
  for (const auto& acc : accelerators) {
    if (t >= acc.available_from) ++users[static_cast<std::size_t>(acc.product)];
  }
  double interposers_wanted = 0.0;
  for (int a = 0; a < s.accelerators; ++a) {
    const auto& acc = accelerators[static_cast<std::size_t>(a)];
    double& wanted = s.market_built[s.ta(t, a)];
    wanted = 0.0;
    if (t < acc.available_from) continue;
    const auto p = static_cast<std::size_t>(acc.product);
    wanted = s.stack_stock[p] / users[p] / acc.stacks(params, t);
    if (acc.host_product >= 0) {
      wanted = std::min(wanted, std::max(0.0, s.bit_stock[static_cast<std::size_t>(acc.host_product)]) /
                                    acc.host_memory(params, t) / users[p]);
    }
    interposers_wanted += wanted / acc.per_interposer(params, t);
  }
  const double scale = interposers_wanted > interposers ? std::max(0.0, interposers) / interposers_wanted : 1.0;
  s.market_binding[static_cast<std::size_t>(t)] = scale < 1.0 ? Stage::packaging : memory_stage;
  for (int a = 0; a < s.accelerators; ++a) {
    const auto& acc = accelerators[static_cast<std::size_t>(a)];
    const double attempts = s.market_built[s.ta(t, a)] * scale;
    s.market_built[s.ta(t, a)] = attempts * acc.package_yield(params, t);
    s.stack_stock[static_cast<std::size_t>(acc.product)] -= attempts * acc.stacks(params, t);
    s.stacks_used[s.tp(t, acc.product)] += attempts * acc.stacks(params, t);
    if (acc.host_product >= 0) s.bit_stock[static_cast<std::size_t>(acc.host_product)] -= attempts * acc.host_memory(params, t);
    interposers -= attempts / acc.per_interposer(params, t);
  }
  s.packaging_used[static_cast<std::size_t>(t)] = s.packaging_capacity[static_cast<std::size_t>(t)] - interposers;
}

}  // namespace w2t::supply
