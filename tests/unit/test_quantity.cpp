// Strong types: dimensions compose at compile time.
#include <gtest/gtest.h>

#include <type_traits>

#include "core/quantity.hpp"
#include "core/unit.hpp"

namespace w2t {
namespace {

TEST(StrongTypes, PowerTimesDurationIsEnergy) {
  Power p(1e9);
  Duration d(3600.0);
  auto e = p * d;
  static_assert(std::is_same_v<decltype(e), Energy>);
  EXPECT_DOUBLE_EQ(in(e, "GWh"), 1.0);
}

TEST(StrongTypes, RatiosOfLikeQuantitiesAreNumbers) {
  Wafers a(3.0);
  Wafers b(4.0);
  static_assert(std::is_same_v<decltype(a / b), double>);
  EXPECT_DOUBLE_EQ(a / b, 0.75);
}

TEST(StrongTypes, RatesAndCarbon) {
  Energy e(3.6e9);  // 1 MWh
  CarbonIntensity ci(0.402 / 3.6e6);
  Co2e c = e * ci;
  EXPECT_NEAR(in(c, "t"), 0.402, 1e-12);
  WaferRate r = Wafers(900e3) / Duration(365.25 * 86400 / 12);
  EXPECT_NEAR(in(r, "wafer/month"), 900e3, 1e-6);
}

// Wafers + Dies must not compile; checked by the concept below.
template <typename A, typename B>
concept Addable = requires(A a, B b) { a + b; };
static_assert(Addable<Wafers, Wafers>);
static_assert(!Addable<Wafers, Dies>);
static_assert(!Addable<Power, Energy>);

}  // namespace
}  // namespace w2t
