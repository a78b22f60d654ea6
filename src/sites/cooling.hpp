// Cooling: the power a site's cooling draws and the water it consumes per
// unit of IT power, from the month's ambient air or water temperature
// (DESIGN stage 7; the equations are in docs/model.md, "Sites").
//
// The IT heat is split between a liquid loop at the rack and air. Each share
// has a supply temperature; while the ambient is at least `free_approach`
// below it, heat leaves through dry coolers, economizers or a plate heat
// exchanger with no chiller. Above that a chiller lifts it, drawing
// 1/COP per unit of heat with COP = efficiency x T_supply / (T_condensing -
// T_supply), T_condensing = T_ambient + condenser approach. Hours within a
// month spread normally about the monthly mean, so the chiller's share of
// hours and its mean power have closed forms.
#pragma once

#include <span>
#include <string_view>

namespace w2t::sites {

// A month's ambient temperature: its mean and the standard deviation of the
// hours about it (K).
struct Climate {
  double mean = 0.0;
  double spread = 0.0;
};

// One site type's cooling in one month, SI (temperatures in K, shares of IT
// power or heat as fractions).
struct CoolingDesign {
  double liquid_fraction = 0.0;
  double liquid_supply = 0.0;
  double air_supply = 0.0;
  double free_approach = 0.0;
  double chiller_efficiency = 0.0;  // 0: no chiller
  double condenser_approach = 0.0;
  double fan_power = 0.0;             // per unit of air-cooled heat
  double heat_rejection_power = 0.0;  // per unit of heat
  double raw_water_pumping = 0.0;     // per unit of heat: g head / (c_p rise efficiency)
  double evaporative_share = 0.0;
  double cycles_of_concentration = 0.0;
  double latent_heat = 0.0;    // J/kg
  double water_density = 0.0;  // kg/m^3
};

struct CoolingLoad {
  double power = 0.0;          // W per W of IT
  double water = 0.0;          // m^3 per J of IT energy
  double chiller_hours = 0.0;  // share of the month's hours on a chiller
  double over_design = 0.0;    // share of hours warmer than a chiller-less design holds
};

using CoolingModel = CoolingLoad (*)(const CoolingDesign& design, Climate ambient);

// A way of rejecting heat, registered by the name site types give in
// `cooling`. `water_side`: the ambient is the sea or river, not the air.
struct CoolingTechnology {
  std::string_view name;
  std::string_view description;
  bool water_side;
  CoolingModel model;
};

std::span<const CoolingTechnology> cooling_technologies();
const CoolingTechnology* find_cooling(std::string_view name);

// The shares of hours above `threshold` and the mean of (T - threshold) over
// all hours counting only those above it, for hours spread normally.
struct Exceedance {
  double share = 0.0;
  double mean_excess = 0.0;
};
Exceedance exceedance(Climate c, double threshold);

}  // namespace w2t::sites
