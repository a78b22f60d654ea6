// Wafer geometry and stacking yield: the formulas every stage of the memory
// chain uses (docs/model.md gives their sources).
#pragma once

#include <cmath>
#include <numbers>

namespace w2t::supply {

// Gross dies per wafer, the standard approximation (FACTS §3; e.g. de Vries,
// "Investigation of gross die per wafer formulas", IEEE TSM 2005):
//   N = pi (d/2)^2 / A - pi d / sqrt(2 A)
// with d the usable diameter (wafer diameter minus twice the edge exclusion)
// and A the die area, in consistent units.
inline double gross_dies_per_wafer(double usable_diameter, double die_area) {
  if (usable_diameter <= 0.0 || die_area <= 0.0) return 0.0;
  const double r = usable_diameter / 2.0;
  const double n = std::numbers::pi * r * r / die_area -
                   std::numbers::pi * usable_diameter / std::sqrt(2.0 * die_area);
  return n > 0.0 ? n : 0.0;
}

// A stack of h layers each stacked with yield y survives with y^h.
inline double stack_yield(double layer_yield, double height) { return std::pow(layer_yield, height); }

}  // namespace w2t::supply
