// Stage 6-7: accelerators built for a buyer reach its sites a lead time
// later and are switched on where a placement policy finds IT power; what
// finds none waits in inventory, and site power binds. Each site's month
// then costs energy (its PUE from the cooling physics), water, carbon and
// money.
//
// Deployment::evaluate() reads the supply chain's State and writes into a
// DeploymentState sized once, like the chain itself.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sites/economics.hpp"

namespace w2t::sites {

struct Deployment;
struct DeploymentState;

// Orders a buyer's sites for this month's placement (first filled first).
using OrderSites = void (*)(const Deployment& plan, const DeploymentState& state, int t,
                            std::span<int> sites);

struct PlacementPolicy {
  std::string_view name;
  std::string_view description;
  OrderSites order;
};

std::span<const PlacementPolicy> placement_policies();
const PlacementPolicy* find_placement_policy(std::string_view name);

struct DeploymentState {
  int months = 0, sites = 0, accelerators = 0, buyers = 0;
  // Per evaluation, [site][t]: what one watt of IT costs in the site's month.
  std::vector<double> pue;                      // facility over IT power
  std::vector<double> water_per_it;             // m^3 per J of IT energy
  std::vector<double> price, carbon_intensity;  // $/J and kg/J of facility energy
  // [site][t]
  std::vector<double> capacity;         // W of IT power online
  std::vector<double> it_power;         // W of installed accelerators (nameplate)
  std::vector<double> energy;           // J of facility energy in the month
  std::vector<double> water;            // m^3
  std::vector<double> co2_operational;  // kg
  std::vector<double> co2_embodied;     // kg: hardware installed and building added in the month
  std::vector<double> capex;            // $ spent in the month
  std::vector<double> capex_it;         // $ of it on accelerators, servers and network
  std::vector<double> opex;             // $ in the month
  std::vector<double> depreciation;     // $ in the month: straight line over each purchase's life
  std::vector<double> installed;        // accelerators switched on to date
  // [t][buyer][accelerator]: switched on to date, at all its sites
  std::vector<double> installed_by;
  // [t][deal]: investment released to date for the GW of its accelerator online (Deployment::deals)
  std::vector<double> released;
  // [t][buyer]: accelerators delivered and not yet switched on, at month end
  std::vector<double> waiting;
  std::vector<supply::Binding> binding;  // [t][buyer] what binds its switched-on capacity
  // Carried: [buyer][accelerator] inventory; [site] IT power built for,
  // capex so far and accelerators installed.
  std::vector<double> inventory, site_built, capex_to_date, installed_total;
  std::vector<double> it_charge, building_charge;  // [site] monthly depreciation of what is still in its life
  std::vector<double> device_carbon;               // per evaluation: [accelerator] embodied kg
  std::vector<int> order;                          // scratch: a buyer's sites in placement order

  [[nodiscard]] std::size_t st(int t, int s) const { return static_cast<std::size_t>(s) * months + t; }
  [[nodiscard]] std::size_t tb(int t, int b) const { return static_cast<std::size_t>(t) * buyers + b; }
  [[nodiscard]] std::size_t tba(int t, int b, int a) const {
    return (static_cast<std::size_t>(t) * buyers + b) * accelerators + a;
  }
};

// A deal whose investor pays per GW brought online (Nvidia's $10 B per GW).
struct DealFinance {
  std::string id;
  int buyer = 0, accelerator = 0;
  Series per_gw;  // $ per W of its accelerator's IT power online
  Series total;   // $, the most it releases (empty: no cap)
  Series power;   // W, the deal's size: GW online beyond it count toward later deals
};

struct Deployment {
  SiteModel sites;
  Economics economics;
  Series lead_time, utilisation, non_accelerator_it;
  std::vector<DealFinance> deals;  // those with investment_per_gw
  const PlacementPolicy* policy = nullptr;
  std::vector<std::vector<int>> buyer_sites;  // by the chain's buyer index: the sites it switches on

  static Expected<Deployment> compile(const scenario::World& world, const supply::Chain& chain);
  [[nodiscard]] DeploymentState make_state(const supply::Chain& chain) const;
  void evaluate(const supply::Chain& chain, const supply::State& supply, std::span<const double> params,
                DeploymentState& state) const;

 private:
  void prepare(const supply::Chain& chain, std::span<const double> params, DeploymentState& s) const;
  void place(const supply::Chain& chain, const supply::State& supply, std::span<const double> params, int t,
             DeploymentState& s) const;
  void account(const supply::Chain& chain, std::span<const double> params, int t, DeploymentState& s) const;
  void release(const supply::State& supply, std::span<const double> params, int t, DeploymentState& s) const;
};

}  // namespace w2t::sites
