// Units and quantities, checked against hand-computed SI values.
#include <gtest/gtest.h>

#include "core/unit.hpp"

namespace w2t {
namespace {

double si(const char* text) {
  auto q = parse_quantity(text);
  EXPECT_TRUE(q.ok()) << text << ": " << (q.ok() ? "" : q.error().message);
  return q.ok() ? q->si() : 0.0;
}

TEST(Quantity, PowerPrefixes) {
  EXPECT_DOUBLE_EQ(si("1.2 GW"), 1.2e9);
  EXPECT_DOUBLE_EQ(si("120 kW"), 1.2e5);
  EXPECT_DOUBLE_EQ(si("1,700 W"), 1700.0);
}

TEST(Quantity, BytesAreEightBits) {
  EXPECT_DOUBLE_EQ(si("288 GB"), 288e9 * 8);
  EXPECT_DOUBLE_EQ(si("24 Gb"), 24e9);
  EXPECT_DOUBLE_EQ(si("1 GiB"), 8.0 * 1073741824.0);
}

TEST(Quantity, CompoundAndRateUnits) {
  // 11.7 M$/MW = 11.7e6 $ / 1e6 W = 11.7 $/W
  EXPECT_DOUBLE_EQ(si("11.7 M$/MW"), 11.7);
  // 402 g/kWh = 0.402 kg / 3.6e6 J
  EXPECT_DOUBLE_EQ(si("402 g/kWh"), 0.402 / 3.6e6);
  EXPECT_DOUBLE_EQ(si("8 TB/s"), 64e12);
  // 0.16 Gb/mm^2 = 0.16e9 bit / 1e-6 m^2
  EXPECT_DOUBLE_EQ(si("0.16 Gb/mm^2"), 0.16e15);
}

TEST(Quantity, GluedMultipliers) {
  const double month = 365.25 * 86400 / 12;
  EXPECT_DOUBLE_EQ(si("900k wafers/month"), 900e3 / month);
  EXPECT_DOUBLE_EQ(si("1 GW/week"), 1e9 / (7 * 86400.0));
  EXPECT_DOUBLE_EQ(si("5M/year"), 5e6 / (365.25 * 86400));
  EXPECT_DOUBLE_EQ(si("405B"), 405e9);
  EXPECT_DOUBLE_EQ(si("15.6T tokens"), 15.6e12);
  // A glued letter followed by more unit letters is a prefix, not a multiplier.
  EXPECT_DOUBLE_EQ(si("8TB/s"), 64e12);
}

TEST(Quantity, PercentAndTemperature) {
  EXPECT_DOUBLE_EQ(si("85%"), 0.85);
  EXPECT_DOUBLE_EQ(si("-5 degC"), 268.15);
  EXPECT_FALSE(parse_quantity("5 degC/h").ok());
}

TEST(Quantity, DimensionsOfParsedUnits) {
  auto u = parse_unit("kW/rack");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->dimension, dim::power / dim::rack);
  auto flops = parse_unit("PFLOP/s");
  ASSERT_TRUE(flops.ok());
  EXPECT_EQ(flops->dimension, dim::flop / dim::time);
  EXPECT_DOUBLE_EQ(flops->scale, 1e15);
  EXPECT_EQ(parse_unit("FLOPS")->dimension, flops->dimension);
}

TEST(Quantity, ConvertsBetweenCompatibleUnits) {
  auto mw = parse_unit("MW");
  ASSERT_TRUE(mw.ok());
  auto v = parse_si("1.2 GW", *mw);
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ(mw->from_si(*v), 1200.0);
  EXPECT_DOUBLE_EQ(in(*v, "kW"), 1.2e6);
  // A bare number is read in the expected unit.
  EXPECT_DOUBLE_EQ(*parse_si("3", *mw), 3e6);
}

TEST(Quantity, RejectsIncompatibleUnits) {
  auto mw = parse_unit("MW");
  auto v = parse_si("288 GB", *mw);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::bad_unit);
  EXPECT_NE(v.error().message.find("memory size"), std::string::npos) << v.error().message;
  EXPECT_NE(v.error().expected.find("power"), std::string::npos) << v.error().expected;
}

TEST(Quantity, RejectsGarbage) {
  EXPECT_FALSE(parse_quantity("").ok());
  EXPECT_FALSE(parse_quantity("GW").ok());
  EXPECT_FALSE(parse_quantity("12 furlongs").ok());
  EXPECT_FALSE(parse_quantity("1..2 W").ok());
  EXPECT_FALSE(parse_quantity("1 W^x").ok());
  EXPECT_FALSE(parse_quantity("1e999 W").ok());
  EXPECT_FALSE(parse_unit("k W").ok());
}

}  // namespace
}  // namespace w2t
