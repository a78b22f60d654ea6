// Physical dimensions of the chain's quantities.
//
// A dimension is a vector of integer exponents over the base kinds the model
// counts or measures. Counted things (wafers, dies, stacks, accelerators, ...)
// are base kinds of their own so that "wafers" and "dies" never add up by
// mistake. The same type serves at compile time (as a template argument of
// Quantity) and at run time (inside a parsed Unit).
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace w2t {

enum class BaseDim : std::uint8_t {
  length,       // m
  mass,         // kg (CO2e is counted as mass)
  time,         // s
  currency,     // USD
  information,  // bit
  temperature,  // K
  wafer,
  die,
  stack,
  device,  // an accelerator package (GPU, TPU, XPU)
  rack,
  token,
  flop,
  person,  // user, seat
  query,   // prompt, request
  count_   // number of base dims; keep last
};

inline constexpr std::size_t kBaseDims = static_cast<std::size_t>(BaseDim::count_);

struct Dimension {
  std::array<std::int8_t, kBaseDims> exp{};

  constexpr bool operator==(const Dimension&) const = default;

  constexpr std::int8_t operator[](BaseDim d) const { return exp[static_cast<std::size_t>(d)]; }

  [[nodiscard]] constexpr bool dimensionless() const {
    for (auto e : exp) {
      if (e != 0) return false;
    }
    return true;
  }

  friend constexpr Dimension operator*(Dimension a, Dimension b) {
    for (std::size_t i = 0; i < kBaseDims; ++i) a.exp[i] = static_cast<std::int8_t>(a.exp[i] + b.exp[i]);
    return a;
  }
  friend constexpr Dimension operator/(Dimension a, Dimension b) {
    for (std::size_t i = 0; i < kBaseDims; ++i) a.exp[i] = static_cast<std::int8_t>(a.exp[i] - b.exp[i]);
    return a;
  }
  [[nodiscard]] constexpr Dimension pow(int n) const {
    Dimension r = *this;
    for (auto& e : r.exp) e = static_cast<std::int8_t>(e * n);
    return r;
  }
};

constexpr Dimension base(BaseDim d) {
  Dimension r;
  r.exp[static_cast<std::size_t>(d)] = 1;
  return r;
}

// A readable form in SI base symbols, e.g. "kg*m^2/s^3".
std::string to_string(const Dimension& d);

namespace dim {
inline constexpr Dimension none{};
inline constexpr Dimension length = base(BaseDim::length);
inline constexpr Dimension mass = base(BaseDim::mass);
inline constexpr Dimension time = base(BaseDim::time);
inline constexpr Dimension currency = base(BaseDim::currency);
inline constexpr Dimension information = base(BaseDim::information);
inline constexpr Dimension temperature = base(BaseDim::temperature);
inline constexpr Dimension wafer = base(BaseDim::wafer);
inline constexpr Dimension die = base(BaseDim::die);
inline constexpr Dimension stack = base(BaseDim::stack);
inline constexpr Dimension device = base(BaseDim::device);
inline constexpr Dimension rack = base(BaseDim::rack);
inline constexpr Dimension token = base(BaseDim::token);
inline constexpr Dimension flop = base(BaseDim::flop);
inline constexpr Dimension person = base(BaseDim::person);
inline constexpr Dimension query = base(BaseDim::query);

inline constexpr Dimension area = length * length;
inline constexpr Dimension volume = area * length;
inline constexpr Dimension energy = mass * area / (time * time);
inline constexpr Dimension power = energy / time;
}  // namespace dim

}  // namespace w2t
