// Strong types for quantities that are easy to mix up.
//
// A Quantity<D> holds its value in SI base units (seconds, watts, bits, USD,
// kilograms of CO2e, cubic metres, ...). Multiplying or dividing quantities
// composes dimensions at compile time, so Power * Duration is an Energy and
// Wafers + Dies does not compile. Values in other units go through Unit
// (unit.hpp): `in(q, "MW")`, `quantity<dim::power>("1.2 GW")`.
#pragma once

#include <compare>

#include "core/dimension.hpp"

namespace w2t {

template <Dimension D>
class Quantity {
 public:
  static constexpr Dimension dimension = D;

  constexpr Quantity() = default;
  constexpr explicit Quantity(double base_value) : si_(base_value) {}

  [[nodiscard]] constexpr double si() const { return si_; }

  constexpr auto operator<=>(const Quantity&) const = default;

  constexpr Quantity& operator+=(Quantity o) {
    si_ += o.si_;
    return *this;
  }
  constexpr Quantity& operator-=(Quantity o) {
    si_ -= o.si_;
    return *this;
  }
  constexpr Quantity& operator*=(double k) {
    si_ *= k;
    return *this;
  }
  friend constexpr Quantity operator+(Quantity a, Quantity b) { return Quantity(a.si_ + b.si_); }
  friend constexpr Quantity operator-(Quantity a, Quantity b) { return Quantity(a.si_ - b.si_); }
  friend constexpr Quantity operator-(Quantity a) { return Quantity(-a.si_); }
  friend constexpr Quantity operator*(Quantity a, double k) { return Quantity(a.si_ * k); }
  friend constexpr Quantity operator*(double k, Quantity a) { return Quantity(a.si_ * k); }
  friend constexpr Quantity operator/(Quantity a, double k) { return Quantity(a.si_ / k); }

 private:
  double si_ = 0.0;
};

template <Dimension A, Dimension B>
constexpr auto operator*(Quantity<A> a, Quantity<B> b) {
  if constexpr ((A * B).dimensionless()) {
    return a.si() * b.si();
  } else {
    return Quantity<A * B>(a.si() * b.si());
  }
}

template <Dimension A, Dimension B>
constexpr auto operator/(Quantity<A> a, Quantity<B> b) {
  if constexpr ((A / B).dimensionless()) {
    return a.si() / b.si();
  } else {
    return Quantity<A / B>(a.si() / b.si());
  }
}

template <Dimension D>
constexpr auto operator/(double k, Quantity<D> q) {
  return Quantity<dim::none / D>(k / q.si());
}

// The quantities the chain mixes up most easily.
using Wafers = Quantity<dim::wafer>;
using Dies = Quantity<dim::die>;
using Stacks = Quantity<dim::stack>;
using Devices = Quantity<dim::device>;
using Bits = Quantity<dim::information>;
using Area = Quantity<dim::area>;
using Duration = Quantity<dim::time>;
using Power = Quantity<dim::power>;
using Energy = Quantity<dim::energy>;
using Money = Quantity<dim::currency>;
using Co2e = Quantity<dim::mass>;
using Volume = Quantity<dim::volume>;
using WaferRate = Quantity<dim::wafer / dim::time>;
using CarbonIntensity = Quantity<dim::mass / dim::energy>;
using EnergyPrice = Quantity<dim::currency / dim::energy>;

}  // namespace w2t
