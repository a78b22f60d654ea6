// Cooling physics against hand computation (docs/model.md, "Sites").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/registry.hpp"
#include "data/schema.hpp"
#include "sites/cooling.hpp"

namespace w2t {
namespace {

constexpr double kZeroC = 273.15;

TEST(Exceedance, NormalTailByHand) {
  // Mean at the threshold: half the hours above, mean excess sigma * phi(0).
  auto e = sites::exceedance({300.0, 4.0}, 300.0);
  EXPECT_NEAR(e.share, 0.5, 1e-12);
  EXPECT_NEAR(e.mean_excess, 4.0 * 0.3989423, 1e-6);
  // One sigma below the threshold: Q(1) = 0.158655, phi(1) - Q(1) = 0.083316.
  e = sites::exceedance({296.0, 4.0}, 300.0);
  EXPECT_NEAR(e.share, 0.158655, 1e-6);
  EXPECT_NEAR(e.mean_excess, 4.0 * 0.083316, 1e-5);
  // No spread: all or nothing.
  e = sites::exceedance({305.0, 0.0}, 300.0);
  EXPECT_EQ(e.share, 1.0);
  EXPECT_EQ(e.mean_excess, 5.0);
  e = sites::exceedance({295.0, 0.0}, 300.0);
  EXPECT_EQ(e.share, 0.0);
  EXPECT_EQ(e.mean_excess, 0.0);
}

sites::CoolingDesign air_hall() {
  sites::CoolingDesign d;
  d.liquid_fraction = 0.0;
  d.air_supply = kZeroC + 12.0;
  d.free_approach = 6.0;
  d.chiller_efficiency = 0.45;
  d.condenser_approach = 8.0;
  d.fan_power = 0.1;
  d.heat_rejection_power = 0.03;
  d.evaporative_share = 0.75;
  d.cycles_of_concentration = 4.0;
  d.latent_heat = 2.44e6;
  d.water_density = 1000.0;
  return d;
}

TEST(Cooling, AirHallByHand) {
  // 15 °C mean, 6 K spread; free cooling below 12 - 6 = 6 °C: z = -1.5,
  // Q = 0.933193, phi = 0.129518, mean excess = 6 (0.129518 + 1.5 Q) = 9.17585.
  // Chiller: (9.17585 + (8 - 6) Q) / (0.45 x 285.15 K) = 0.086054.
  const auto* air = sites::find_cooling("air");
  ASSERT_NE(air, nullptr);
  const auto load = air->model(air_hall(), {kZeroC + 15.0, 6.0});
  EXPECT_NEAR(load.chiller_hours, 0.933193, 1e-6);
  EXPECT_NEAR(load.power, 0.1 + 0.03 + 0.086054, 1e-5);
  // Water: 0.75 x 1.216054 J of heat per J of IT over 2.44 MJ/kg, plus a
  // third for blowdown at 4 cycles: 4.98388e-7 kg/J = 1.794 L/kWh (FACTS-
  // era air-cooled halls publish ~1.8).
  EXPECT_NEAR(load.water * 3.6e6 * 1000.0, 1.794, 1e-3);
  EXPECT_EQ(load.over_design, 0.0);
}

TEST(Cooling, ColderNeverCostsMore) {
  const auto* air = sites::find_cooling("air");
  double previous = 1e9;
  for (double t = 40.0; t >= -20.0; t -= 2.0) {
    const double p = air->model(air_hall(), {kZeroC + t, 5.0}).power;
    EXPECT_LE(p, previous + 1e-12) << t;
    EXPECT_GE(p, 0.1 + 0.03 - 1e-12);  // fans and pumps always run
    previous = p;
  }
}

TEST(Cooling, SealedModuleHasNoChiller) {
  auto d = air_hall();
  d.liquid_fraction = 1.0;
  d.liquid_supply = kZeroC + 30.0;
  d.free_approach = 4.0;
  d.fan_power = 0.0;
  d.heat_rejection_power = 0.02;
  d.evaporative_share = 0.0;
  // Raw-water pumping: g H / (c_p rise efficiency) = 9.81 x 5 / (3990 x 3 x 0.7).
  d.raw_water_pumping = 9.81 * 5.0 / (3990.0 * 3.0 * 0.7);
  const auto* sealed = sites::find_cooling("sealed_seawater");
  ASSERT_NE(sealed, nullptr);
  const auto cold = sealed->model(d, {kZeroC + 10.0, 1.0});
  EXPECT_NEAR(cold.power, 0.02 + 0.0058539, 1e-6);  // 49.05 / 8379
  EXPECT_EQ(cold.water, 0.0);
  // Water at the limit (30 - 4 = 26 °C): half the hours beyond the design, no chiller power.
  const auto warm = sealed->model(d, {kZeroC + 26.0, 1.0});
  EXPECT_NEAR(warm.over_design, 0.5, 1e-9);
  EXPECT_NEAR(warm.power, cold.power, 1e-12);
  EXPECT_EQ(warm.chiller_hours, 0.0);
}

TEST(Cooling, RegistryMatchesTheSchemaChoices) {
  // site_type.cooling is checked against the schema's words; each must have a model.
  const auto* domain = data::find_domain("site_type");
  ASSERT_NE(domain, nullptr);
  const auto* field = domain->field("cooling");
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(field->choices(), names_of(sites::cooling_technologies()));
}

}  // namespace
}  // namespace w2t
