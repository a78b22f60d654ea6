#include "sites/cooling.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "core/registry.hpp"

namespace w2t::sites {
namespace {

// Heat leaves through free cooling while it can, then through a chiller if
// the design has one; pumps and fans run all the time.
CoolingLoad with_chillers(const CoolingDesign& d, Climate ambient, bool chillers_allowed) {
  CoolingLoad load;
  load.power = d.fan_power * (1.0 - d.liquid_fraction) + d.heat_rejection_power + d.raw_water_pumping;
  const bool chiller = chillers_allowed && d.chiller_efficiency > 0.0;
  // The lift above the free-cooling limit at which a chiller starts: the
  // condenser runs `condenser_approach` above the ambient, the free path
  // `free_approach` below the supply.
  const double lift_at_limit = std::max(0.0, d.condenser_approach - d.free_approach);
  const std::array<std::pair<double, double>, 2> shares = {
      {{d.liquid_fraction, d.liquid_supply}, {1.0 - d.liquid_fraction, d.air_supply}}};
  for (const auto& [share, supply] : shares) {
    if (share <= 0.0) continue;
    const Exceedance e = exceedance(ambient, supply - d.free_approach);
    if (chiller) {
      load.power += share * (e.mean_excess + lift_at_limit * e.share) / (d.chiller_efficiency * supply);
      load.chiller_hours = std::max(load.chiller_hours, e.share);
    } else {
      load.over_design = std::max(load.over_design, e.share);
    }
  }
  // Every watt of IT and cooling power leaves as heat; the evaporative share
  // of it boils water off, and the towers bleed more to keep salts down.
  const double rejected = 1.0 + load.power;
  const double evaporated = d.evaporative_share * rejected / d.latent_heat;  // kg per J of IT
  const double blowdown =
      d.cycles_of_concentration > 1.0 ? evaporated / (d.cycles_of_concentration - 1.0) : 0.0;
  load.water = d.evaporative_share > 0.0 ? (evaporated + blowdown) / d.water_density : 0.0;
  return load;
}

CoolingLoad chilled_plant(const CoolingDesign& d, Climate ambient) {
  return with_chillers(d, ambient, true);
}
CoolingLoad sealed_module(const CoolingDesign& d, Climate ambient) {
  return with_chillers(d, ambient, false);
}

constexpr std::array kTechnologies = {
    CoolingTechnology{"air", "air-cooled hall: chilled water, economizer, cooling towers", false,
                      chilled_plant},
    CoolingTechnology{"liquid", "direct-to-chip liquid with dry coolers and trim chillers", false,
                      chilled_plant},
    CoolingTechnology{"seawater", "sea-water loop through plate heat exchangers, trim chillers", true,
                      chilled_plant},
    CoolingTechnology{"river", "river-water loop through plate heat exchangers, trim chillers", true,
                      chilled_plant},
    CoolingTechnology{"sealed_seawater", "sealed module with seawater radiators and no chiller", true,
                      sealed_module},
};

}  // namespace

std::span<const CoolingTechnology> cooling_technologies() {
  return kTechnologies;
}

const CoolingTechnology* find_cooling(std::string_view name) {
  return find_by_name(cooling_technologies(), name);
}

Exceedance exceedance(Climate c, double threshold) {
  if (c.spread <= 0.0) {
    const bool above = c.mean > threshold;
    return {above ? 1.0 : 0.0, above ? c.mean - threshold : 0.0};
  }
  const double z = (threshold - c.mean) / c.spread;
  const double share = 0.5 * std::erfc(z / std::numbers::sqrt2);
  const double density = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
  return {share, c.spread * std::max(0.0, density - z * share)};
}

}  // namespace w2t::sites
