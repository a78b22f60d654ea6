// Units and the unit-aware quantity parser.
//
// A Unit is a dimension and the factor (and, for °C, the offset) that takes a
// value in that unit to SI base units. Units are parsed from the text people
// write: "GW", "11.7 M$/MW", "g/kWh", "Gb/mm^2", "wafers/month", "kW/rack".
// Quantities are a number (with an optional k/M/B/T multiplier glued to it,
// as in "900k" or "15.6T") followed by a unit.
#pragma once

#include <string>
#include <string_view>

#include "core/dimension.hpp"
#include "core/error.hpp"
#include "core/quantity.hpp"

namespace w2t {

struct Unit {
  Dimension dimension;
  double scale = 1.0;   // SI value of 1 unit
  double offset = 0.0;  // SI value of 0 units (only non-zero for °C)
  std::string symbol;   // as written, normalised for display

  [[nodiscard]] double to_si(double v) const { return v * scale + offset; }
  [[nodiscard]] double from_si(double si) const { return (si - offset) / scale; }
  [[nodiscard]] bool compatible(const Unit& o) const { return dimension == o.dimension; }
};

// Parses a unit expression; "" and "1" are dimensionless.
Expected<Unit> parse_unit(std::string_view text);

struct ParsedQuantity {
  double value = 0.0;  // the number as written, multipliers applied
  Unit unit;           // dimensionless when the text had no unit
  bool has_unit = false;
  [[nodiscard]] double si() const { return unit.to_si(value); }
};

Expected<ParsedQuantity> parse_quantity(std::string_view text);

// Parses `text` and returns its SI value, checking that it has the dimension of
// `expected`. A bare number is read in the expected unit.
Expected<double> parse_si(std::string_view text, const Unit& expected);

// Converts an SI value to `unit` ("MW", "wafer/month"); the unit must parse.
double in(double base_value, std::string_view unit);

template <Dimension D>
double in(Quantity<D> q, std::string_view unit) {
  return in(q.si(), unit);
}

// A human name for a dimension: "power", "a wafer rate".
std::string describe(const Dimension& d);

}  // namespace w2t
