#include "sites/deployment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/registry.hpp"

namespace w2t::sites {
namespace {

constexpr double kTiny = 1e-9;

void keep_order(const Deployment&, const DeploymentState&, int, std::span<int>) {}

// Sites by a per-watt figure of the month, lowest first (ties: scenario order).
template <typename Key>
void order_by(const DeploymentState& s, int t, std::span<int> sites, Key key) {
  std::sort(sites.begin(), sites.end(), [&](int a, int b) {
    const double ka = key(s.st(t, a));
    const double kb = key(s.st(t, b));
    return ka < kb || (ka == kb && a < b);
  });
}

void cheapest_energy(const Deployment&, const DeploymentState& s, int t, std::span<int> sites) {
  order_by(s, t, sites, [&](std::size_t i) { return s.price[i] * s.pue[i]; });
}

void lowest_carbon(const Deployment&, const DeploymentState& s, int t, std::span<int> sites) {
  order_by(s, t, sites, [&](std::size_t i) { return s.carbon_intensity[i] * s.pue[i]; });
}

constexpr std::array kPolicies = {
    PlacementPolicy{"fill_in_order", "the buyer's sites in the scenario's order, each filled before the next",
                    keep_order},
    PlacementPolicy{"cheapest_energy", "the site with the lowest energy cost per IT watt (price x PUE) first",
                    cheapest_energy},
    PlacementPolicy{"lowest_carbon",
                    "the site with the lowest emissions per IT watt (grid intensity x PUE) first",
                    lowest_carbon},
};

// Whether a site's month depends only on its calendar month: then one year
// of cooling physics serves the whole span.
bool repeats_yearly(const SiteModel& m, int site) {
  const auto& s = m.sites[static_cast<std::size_t>(site)];
  const auto& t = m.types[static_cast<std::size_t>(s.type)];
  for (const Series* x : {&t.power_loss,           &t.other_load,         &t.liquid_fraction,
                          &t.liquid_supply,        &t.air_supply,         &t.free_approach,
                          &t.chiller_efficiency,   &t.condenser_approach, &t.fan_power,
                          &t.heat_rejection_power, &t.raw_water_head,     &t.raw_water_rise,
                          &t.pump_efficiency,      &t.evaporative_share,  &t.cycles_of_concentration,
                          &s.air_temperature,      &s.air_spread,         &s.water_temperature,
                          &s.water_spread,         &m.water.latent_heat,  &m.water.heat_capacity,
                          &m.water.density,        &m.water.gravity}) {
    if (!x->yearly()) return false;
  }
  return true;
}

}  // namespace

std::span<const PlacementPolicy> placement_policies() {
  return kPolicies;
}

const PlacementPolicy* find_placement_policy(std::string_view name) {
  return find_by_name(placement_policies(), name);
}

Expected<Deployment> Deployment::compile(const scenario::World& world, const supply::Chain& chain) {
  Deployment d;
  auto sites = SiteModel::compile(world, chain.span);
  if (!sites) return sites.error();
  d.sites = std::move(*sites);
  auto economics = Economics::compile(world, chain, chain.span);
  if (!economics) return economics.error();
  d.economics = std::move(*economics);
  supply::SeriesReader read(world.dataset, chain.span, "deployment");
  d.lead_time = read.need("deployment.lead_time");
  d.utilisation = read.need("deployment.utilisation");
  d.non_accelerator_it = read.need("deployment.non_accelerator_it");
  for (std::size_t b = 0; b < chain.buyers.size(); ++b) {
    for (const auto& deal : chain.buyers[b].deals) {
      Series per_gw = read.optional("deal." + deal.id + ".investment_per_gw");
      if (per_gw.empty()) continue;
      d.deals.push_back({deal.id, static_cast<int>(b), deal.accelerator, std::move(per_gw),
                         read.optional("deal." + deal.id + ".investment_total"), deal.power});
    }
  }
  if (read.error()) return *read.error();

  const auto& sc = world.scenario;
  d.policy = find_placement_policy(sc.placement);
  if (d.policy == nullptr) {
    Error e = unknown_name(placement_policies(), "placement policy", sc.placement, "placement");
    e.where = sc.placement_where;
    return e;
  }
  d.buyer_sites.resize(chain.buyers.size());
  for (std::size_t b = 0; b < chain.buyers.size(); ++b) {
    auto it = std::find_if(sc.buyers.begin(), sc.buyers.end(),
                           [&](const auto& x) { return x.id == chain.buyers[b].id; });
    if (it == sc.buyers.end()) continue;
    auto& mine = d.buyer_sites[b];
    for (const auto& id : it->sites) {
      if (id == "all") {
        for (std::size_t s = 0; s < d.sites.sites.size(); ++s) mine.push_back(static_cast<int>(s));
        continue;
      }
      const int s = d.sites.site_index(id);
      if (s < 0) {
        Error e = make_error(ErrorCode::bad_reference,
                             fmt::format("site '{}' is not among the scenario's sites", id),
                             "buyers." + it->id + ".sites", "ids listed under sites: in the scenario");
        e.where = it->where;
        return e;
      }
      mine.push_back(s);
    }
    // A region constraint keeps the sites in the buyer's countries.
    if (!it->countries.empty()) {
      std::erase_if(mine, [&](int s) {
        const auto& country = d.sites.sites[static_cast<std::size_t>(s)].country;
        return std::find(it->countries.begin(), it->countries.end(), country) == it->countries.end();
      });
      if (mine.empty()) {
        Error e = make_error(ErrorCode::bad_value, "no site of the scenario is in the buyer's countries",
                             "buyers." + it->id + ".countries", "a country code of one of its sites");
        e.where = it->where;
        return e;
      }
    }
  }
  return d;
}

DeploymentState Deployment::make_state(const supply::Chain& chain) const {
  DeploymentState s;
  s.months = chain.span.size();
  s.sites = static_cast<int>(sites.sites.size());
  s.accelerators = static_cast<int>(chain.accelerators.size());
  s.buyers = static_cast<int>(chain.buyers.size());
  const auto T = static_cast<std::size_t>(s.months);
  const auto S = static_cast<std::size_t>(s.sites);
  const auto A = static_cast<std::size_t>(s.accelerators);
  const auto B = static_cast<std::size_t>(s.buyers);
  for (auto* v :
       {&s.pue, &s.water_per_it, &s.price, &s.carbon_intensity, &s.capacity, &s.it_power, &s.energy, &s.water,
        &s.co2_operational, &s.co2_embodied, &s.capex, &s.capex_it, &s.opex, &s.depreciation, &s.installed}) {
    v->assign(T * S, 0.0);
  }
  s.installed_by.assign(T * B * A, 0.0);
  s.released.assign(T * deals.size(), 0.0);
  s.waiting.assign(T * B, 0.0);
  s.binding.assign(T * B, supply::Binding{});
  s.inventory.assign(B * A, 0.0);
  s.device_carbon.assign(A, 0.0);
  s.site_built.assign(S, 0.0);
  s.capex_to_date.assign(S, 0.0);
  s.installed_total.assign(S, 0.0);
  s.it_charge.assign(S, 0.0);
  s.building_charge.assign(S, 0.0);
  s.order.reserve(S);
  return s;
}

void Deployment::evaluate(const supply::Chain& chain, const supply::State& supply,
                          std::span<const double> params, DeploymentState& s) const {
  prepare(chain, params, s);
  for (int t = 0; t < s.months; ++t) {
    place(chain, supply, params, t, s);
    account(chain, params, t, s);
    release(supply, params, t, s);
  }
}

// What a watt of IT costs at each site each month, and each accelerator's
// embodied carbon (at the span's first month).
void Deployment::prepare(const supply::Chain& chain, std::span<const double> params,
                         DeploymentState& s) const {
  for (int site = 0; site < s.sites; ++site) {
    const auto& plan = sites.sites[static_cast<std::size_t>(site)];
    const int computed = repeats_yearly(sites, site) ? std::min(12, s.months) : s.months;
    for (int t = 0; t < s.months; ++t) {
      const auto i = s.st(t, site);
      if (t < computed) {
        const SiteMonth m = sites.month(params, plan.type, site, t);
        s.pue[i] = m.pue;
        s.water_per_it[i] = m.water;
      } else {
        s.pue[i] = s.pue[i - 12];
        s.water_per_it[i] = s.water_per_it[i - 12];
      }
      const auto& grid = sites.grids[static_cast<std::size_t>(plan.grid)];
      s.price[i] = grid.price(params, t);
      s.carbon_intensity[i] = grid.carbon_intensity(params, t);
      s.capacity[i] = std::max(0.0, plan.power_capacity(params, t));
    }
  }
  for (int a = 0; a < s.accelerators; ++a) {
    s.device_carbon[static_cast<std::size_t>(a)] = economics.device_carbon(chain, params, a, 0).total();
  }
  // What is carried between months starts empty; the monthly figures are
  // written whole (or started at zero) in their month.
  for (auto* v : {&s.inventory, &s.site_built, &s.capex_to_date, &s.installed_total, &s.it_charge,
                  &s.building_charge}) {
    std::fill(v->begin(), v->end(), 0.0);
  }
}

// Deliveries join each buyer's inventory a lead time after they were built;
// the buyer's sites, in the policy's order, take what their free power allows.
void Deployment::place(const supply::Chain& chain, const supply::State& supply,
                       std::span<const double> params, int t, DeploymentState& s) const {
  const int lag = static_cast<int>(std::lround(lead_time(params, t) / chain.month_seconds));
  for (int site = 0; site < s.sites; ++site) {
    const auto i = s.st(t, site);
    s.it_power[i] = t > 0 ? s.it_power[i - 1] : 0.0;
    s.capex[i] = s.capex_it[i] = s.co2_embodied[i] = 0.0;  // purchases of the month add to these
  }
  for (int b = 0; b < s.buyers; ++b) {
    const auto& mine = buyer_sites[static_cast<std::size_t>(b)];
    s.binding[s.tb(t, b)] = supply.binding[supply.tb(t, b)];
    if (mine.empty()) continue;
    const auto& accelerators = chain.buyers[static_cast<std::size_t>(b)].accelerators;
    double* const inventory = &s.inventory[static_cast<std::size_t>(b) * s.accelerators];
    double* const switched_on = &s.installed_by[s.tba(t, b, 0)];
    if (t > 0) {
      std::copy_n(&s.installed_by[s.tba(t - 1, b, 0)], s.accelerators, switched_on);
    } else {
      std::fill_n(switched_on, s.accelerators, 0.0);
    }
    if (t >= lag) {
      for (const int a : accelerators) inventory[a] += supply.built[supply.tba(t - lag, b, a)];
    }
    s.order.assign(mine.begin(), mine.end());
    policy->order(*this, s, t, s.order);
    const double hardware_price =
        economics.accelerator_price(params, t) + economics.server_network(params, t);
    double free_total = 0.0;
    for (const int site : s.order)
      free_total += std::max(0.0, s.capacity[s.st(t, site)] - s.it_power[s.st(t, site)]);
    const double beside = 1.0 + non_accelerator_it(params, t);  // network and storage beside the racks
    for (const int a : accelerators) {
      const double power = supply.device[supply.ta(t, a)].power * beside;
      for (const int site : s.order) {
        if (inventory[a] <= kTiny || free_total <= 0.0) break;
        const auto i = s.st(t, site);
        const double free = s.capacity[i] - s.it_power[i];
        if (free <= 0.0) continue;
        const double n = std::min(inventory[a], free / power);
        inventory[a] -= n;
        free_total -= n * power;
        s.it_power[i] += n * power;
        s.installed_total[static_cast<std::size_t>(site)] += n;
        switched_on[a] += n;
        s.capex_it[i] += n * hardware_price;
        s.capex[i] += n * hardware_price;
        s.co2_embodied[i] += n * s.device_carbon[static_cast<std::size_t>(a)];
      }
    }
    double waiting = 0.0;
    for (const int a : accelerators) waiting += inventory[a];
    s.waiting[s.tb(t, b)] = waiting;
    if (waiting > kTiny) s.binding[s.tb(t, b)] = {supply::Stage::site_power, -1};
  }
}

// Each site's month: energy at its PUE, water, carbon, and money, with the
// building paid for (and its carbon counted) as its power comes online.
void Deployment::account(const supply::Chain& chain, std::span<const double> params, int t,
                         DeploymentState& s) const {
  const double month = chain.month_seconds;
  const double it_hours = utilisation(params, t) * month;  // IT energy per watt installed
  const double build_cost = economics.land_build_cost(params, t);
  const double build_carbon = economics.building_carbon(params, t);
  const double maintenance = economics.maintenance_rate(params, t) * month;
  const double staff = economics.staff_per_mw(params, t) * economics.staff_cost(params, t) * month;
  // Straight-line depreciation in whole months: a purchase in month t' costs
  // capex / life in each month of [t', t' + life), with the lives of the
  // span's first month; the monthly charge is carried as a running sum.
  const int life_it = std::max(1, static_cast<int>(std::lround(economics.life_it(params, 0) / month)));
  const int life_building =
      std::max(1, static_cast<int>(std::lround(economics.life_building(params, 0) / month)));
  for (int site = 0; site < s.sites; ++site) {
    const auto i = s.st(t, site);
    const auto& type =
        sites.types[static_cast<std::size_t>(sites.sites[static_cast<std::size_t>(site)].type)];
    s.installed[s.st(t, site)] = s.installed_total[static_cast<std::size_t>(site)];
    const double it_energy = s.it_power[i] * it_hours;
    s.energy[i] = it_energy * s.pue[i];
    s.water[i] = it_energy * s.water_per_it[i];
    s.co2_operational[i] = s.energy[i] * s.carbon_intensity[i];
    double& built = s.site_built[static_cast<std::size_t>(site)];
    const double added = std::max(0.0, s.capacity[i] - built);
    if (added > 0.0) {
      built += added;
      s.capex[i] += added * build_cost * type.capex_ratio(params, t);
      s.co2_embodied[i] += added * build_carbon * type.building_carbon_ratio(params, t);
    }
    double& capex = s.capex_to_date[static_cast<std::size_t>(site)];
    capex += s.capex[i];
    s.opex[i] = s.energy[i] * s.price[i] + maintenance * capex + staff * s.capacity[i];
    const auto building_capex = [&](int at) { return s.capex[s.st(at, site)] - s.capex_it[s.st(at, site)]; };
    double& it_charge = s.it_charge[static_cast<std::size_t>(site)];
    double& building_charge = s.building_charge[static_cast<std::size_t>(site)];
    it_charge += s.capex_it[i] / life_it;
    if (t >= life_it) it_charge -= s.capex_it[s.st(t - life_it, site)] / life_it;
    building_charge += building_capex(t) / life_building;
    if (t >= life_building) building_charge -= building_capex(t - life_building) / life_building;
    s.depreciation[i] = std::max(0.0, it_charge) + std::max(0.0, building_charge);
  }
}

// Investment a deal releases per GW online: its accelerator's IT power
// switched on for its buyer, up to the deal's size (beyond it, the next deal
// on the same accelerator counts), times the price per GW, up to the total.
void Deployment::release(const supply::State& supply, std::span<const double> params, int t,
                         DeploymentState& s) const {
  for (std::size_t k = 0; k < deals.size(); ++k) {
    const auto& deal = deals[k];
    double online = s.installed_by[s.tba(t, deal.buyer, deal.accelerator)] *
                    supply.device[supply.ta(t, deal.accelerator)].power;
    for (std::size_t before = 0; before < k; ++before) {
      const auto& other = deals[before];
      if (other.buyer == deal.buyer && other.accelerator == deal.accelerator) {
        online -= other.power(params, t);
      }
    }
    online = std::clamp(online, 0.0, deal.power(params, t));
    double released = online * deal.per_gw(params, t);
    if (!deal.total.empty()) released = std::min(released, deal.total(params, t));
    s.released[static_cast<std::size_t>(t) * deals.size() + k] = released;
  }
}

}  // namespace w2t::sites
