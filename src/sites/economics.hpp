// What a site costs and emits beyond its power: embodied carbon of the
// hardware and the building or hull, capital and operating costs, and
// expected hardware failures (DESIGN stage 7; docs/model.md, "Sites").
#pragma once

#include <span>
#include <vector>

#include "sites/site.hpp"
#include "supply/chain.hpp"

namespace w2t::sites {

// Embodied carbon of one accelerator with its share of servers and network
// (kg CO2e), by part.
struct DeviceCarbon {
  double logic = 0.0;      // compute dies: fab energy x fab grid + gases + materials, over die yield
  double packaging = 0.0;  // per IC
  double hbm = 0.0;        // DRAM per GB x (DRAM bits per wafer / HBM bits per wafer) + stacking per GB
  double host = 0.0;       // host memory per GB
  double server = 0.0;     // servers, racks and network per accelerator
  [[nodiscard]] double total() const { return logic + packaging + hbm + host + server; }
};

struct AcceleratorCarbonPlan {
  Series hbm_capacity, host_memory, logic_area;              // bytes, bytes, m^2
  Series fab_energy, gas, materials, fab_grid, logic_yield;  // of its logic process (empty: unknown)
  bool host_is_lpddr = false;
};

struct Economics {
  // cost.*
  Series land_build_cost, cost_of_capital, life_it, life_building, maintenance_rate, staff_per_mw, staff_cost;
  Series accelerator_price, server_network;
  // carbon.*
  Series building_carbon, server_carbon, packaging_carbon, dram_carbon, lpddr_carbon, hbm_stacking_carbon;
  Series service_life;
  int dram_reference = -1;  // the supply chain's product index of conventional DRAM
  // reliability.*: failures per accelerator-year by part
  std::vector<Series> failure_rates;
  std::vector<AcceleratorCarbonPlan> accelerators;  // by the chain's accelerator index

  static Expected<Economics> compile(const scenario::World& world, const supply::Chain& chain,
                                     MonthRange span);

  [[nodiscard]] DeviceCarbon device_carbon(const supply::Chain& chain, std::span<const double> params, int a,
                                           int t) const;
  // Hardware failures per accelerator-year on land.
  [[nodiscard]] double failure_rate(std::span<const double> params, int t) const;
};

// Present value of `amount` a year for `years` years at `rate`, paid at
// each year's end; and the yearly payment that repays 1 over `years`.
double annuity_value(double rate, double years);
double capital_recovery(double rate, double years);

}  // namespace w2t::sites
