// Datacenter sites and site types (DESIGN stages 6-7): where accelerators are
// switched on, and what each month there costs in power and water.
//
// A site type (land air-cooled, land liquid-cooled, floating barge,
// underwater module) carries its cooling technology (sites/cooling.hpp) and
// the data of its physics; a site carries its type, grid, climate normals
// and power schedule. SiteModel::compile() resolves every path once; the
// monthly figures are then functions of the parameter vector.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "scenario/scenario.hpp"
#include "sites/cooling.hpp"
#include "supply/series.hpp"

namespace w2t::sites {

using supply::Series;

struct SiteTypePlan {
  std::string id, name;
  const CoolingTechnology* cooling = nullptr;
  std::string repair;  // on_site | by_boat | none
  Series power_loss, other_load, capex_ratio, building_carbon_ratio, failure_factor;
  Series liquid_fraction, liquid_supply, air_supply, free_approach, chiller_efficiency, condenser_approach;
  Series fan_power, heat_rejection_power, raw_water_head, raw_water_rise, pump_efficiency;
  Series evaporative_share, cycles_of_concentration;
  Series published_pue, published_wue;  // for validation only
};

struct GridPlan {
  std::string id, name;
  Series carbon_intensity, price;
};

struct SitePlan {
  std::string id, name, country;
  int type = 0;
  int grid = 0;
  Series power_capacity;  // IT power online
  Series air_temperature, air_spread, water_temperature, water_spread;
  [[nodiscard]] bool has_water() const { return !water_temperature.empty(); }
};

// Physical properties of water, for pumping and evaporation.
struct WaterProperties {
  Series latent_heat, heat_capacity, density, gravity;
};

// What one month at a site gives per unit of IT power.
struct SiteMonth {
  double pue = 0.0;
  double water = 0.0;  // m^3 per J of IT energy
  CoolingLoad cooling;
};

struct SiteModel {
  MonthRange span;
  std::vector<SiteTypePlan> types;
  std::vector<GridPlan> grids;
  std::vector<SitePlan> sites;  // the scenario's, in its order
  WaterProperties water;

  // Every site type and grid of the dataset, and the scenario's sites.
  static Expected<SiteModel> compile(const scenario::World& world, MonthRange span);

  [[nodiscard]] int type_index(std::string_view id) const;
  [[nodiscard]] int site_index(std::string_view id) const;
  // The index of site `id`, named by `option` ("--site") in errors;
  // `fallback` when `id` is empty. An error when the scenario has no sites
  // or not this one.
  [[nodiscard]] Expected<int> find(const std::string& id, const std::string& option, int fallback) const;

  // Site type `type` run at `site`'s location (its own type, or another one
  // to compare) in month t: PUE and water from the cooling physics.
  [[nodiscard]] SiteMonth month(std::span<const double> params, int type, int site, int t) const;
  // The cooling design of `type` in month t.
  [[nodiscard]] CoolingDesign design(std::span<const double> params, int type, int t) const;
};

}  // namespace w2t::sites
