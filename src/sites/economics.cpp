#include "sites/economics.hpp"

#include <algorithm>
#include <cmath>

namespace w2t::sites {

Expected<Economics> Economics::compile(const scenario::World& world, const supply::Chain& chain,
                                       MonthRange span) {
  const auto& ds = world.dataset;
  supply::SeriesReader read(ds, span, "site economics");
  Economics e;
  e.land_build_cost = read.need("cost.land_build_cost");
  e.cost_of_capital = read.need("cost.cost_of_capital");
  e.life_it = read.need("cost.depreciation_life_it");
  e.life_building = read.need("cost.depreciation_life_building");
  e.maintenance_rate = read.need("cost.maintenance_rate");
  e.staff_per_mw = read.need("cost.staff_per_mw");
  e.staff_cost = read.need("cost.staff_cost");
  e.accelerator_price = read.need("cost.accelerator_price");
  e.server_network = read.need("cost.server_network_per_accelerator");
  e.building_carbon = read.need("carbon.building_per_mw");
  e.server_carbon = read.need("carbon.server_per_accelerator");
  e.packaging_carbon = read.need("carbon.packaging_per_ic");
  e.dram_carbon = read.need("carbon.dram_per_gb");
  e.lpddr_carbon = read.need("carbon.lpddr_per_gb");
  e.hbm_stacking_carbon = read.need("carbon.hbm_stacking_per_gb");
  e.service_life = read.need("carbon.service_life");
  for (const char* part : {"gpu", "hbm", "host", "network"}) {
    e.failure_rates.push_back(read.need(std::string("reliability.") + part + "_failure_rate"));
  }
  if (const auto* ref = ds.attribute("carbon.dram_reference_product")) {
    auto it = std::find_if(chain.products.begin(), chain.products.end(),
                           [&](const auto& p) { return p.id == ref->value(); });
    if (it != chain.products.end()) e.dram_reference = static_cast<int>(it - chain.products.begin());
  }
  if (e.dram_reference < 0) {
    return make_error(ErrorCode::missing, "the HBM carbon factor is derived from a conventional DRAM product",
                      "carbon.dram_reference_product", "the id of a product, e.g. ddr5");
  }
  for (const auto& acc : chain.accelerators) {
    const std::string base = "accelerator." + acc.id + ".";
    AcceleratorCarbonPlan a;
    a.hbm_capacity = read.need(base + "hbm_capacity");
    a.host_memory = read.optional(base + "host_memory");
    a.logic_area = read.optional(base + "logic_die_area");
    if (const auto* process = ds.attribute(base + "logic_process")) {
      const std::string node = "logic_node." + process->value() + ".";
      a.fab_energy = read.need(node + "fab_energy_per_area");
      a.gas = read.need(node + "gas_per_area");
      a.materials = read.need(node + "materials_per_area");
      a.logic_yield = read.optional(node + "die_yield");
      if (const auto* grid = ds.attribute(node + "fab_grid")) {
        a.fab_grid = read.need("grid." + grid->value() + ".carbon_intensity");
      }
    }
    if (acc.host_product >= 0) {
      const auto* kind =
          ds.attribute("product." + chain.products[static_cast<std::size_t>(acc.host_product)].id + ".kind");
      a.host_is_lpddr = kind != nullptr && kind->value() == "lpddr";
    }
    e.accelerators.push_back(std::move(a));
  }
  if (read.error()) return *read.error();
  return e;
}

DeviceCarbon Economics::device_carbon(const supply::Chain& chain, std::span<const double> params, int a,
                                      int t) const {
  const auto& acc = chain.accelerators[static_cast<std::size_t>(a)];
  const auto& plan = accelerators[static_cast<std::size_t>(a)];
  DeviceCarbon c;
  if (!plan.logic_area.empty() && !plan.fab_energy.empty() && !plan.fab_grid.empty()) {
    const double per_area = plan.fab_energy(params, t) * plan.fab_grid(params, t) + plan.gas(params, t) +
                            plan.materials(params, t);
    c.logic = plan.logic_area(params, t) * per_area / plan.logic_yield.or_else(params, t, 1.0);
  }
  c.packaging = packaging_carbon(params, t);
  // HBM takes more wafer per bit than conventional DRAM: its carbon per bit
  // scales by the ratio of bits sold per wafer, plus TSV and stacking.
  const double dram_bits = supply::wafer_yield(chain, params, dram_reference, t).bits();
  const double hbm_bits = supply::wafer_yield(chain, params, acc.product, t).bits();
  c.hbm = plan.hbm_capacity(params, t) *
          (dram_carbon(params, t) * dram_bits / hbm_bits + hbm_stacking_carbon(params, t));
  if (acc.host_product >= 0 && !plan.host_memory.empty()) {
    c.host =
        plan.host_memory(params, t) * (plan.host_is_lpddr ? lpddr_carbon(params, t) : dram_carbon(params, t));
  }
  c.server = server_carbon(params, t);
  return c;
}

double Economics::failure_rate(std::span<const double> params, int t) const {
  double rate = 0.0;
  for (const auto& r : failure_rates) rate += r(params, t);
  return rate;
}

double annuity_value(double rate, double years) {
  return rate > 0.0 ? (1.0 - std::pow(1.0 + rate, -years)) / rate : years;
}

double capital_recovery(double rate, double years) {
  return 1.0 / annuity_value(rate, years);
}

}  // namespace w2t::sites
