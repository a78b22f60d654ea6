// The data loader: values, units, ranges, schedules and every error it owes.
#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace w2t {
namespace {

std::string errors_of(const std::string& text) {
  Diagnostics diag;
  test::load(text, diag);
  std::string out;
  for (const auto& e : diag.errors()) out += e.format() + "\n";
  return out;
}

// Replaces the first occurrence of `from` in the mini dataset.
std::string mini_with(const std::string& from, const std::string& to) {
  std::string s = test::kMiniData;
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(Loader, LoadsTheMiniDatasetInSi) {
  Diagnostics diag;
  auto loaded = test::load(test::kMiniData, diag);
  ASSERT_TRUE(diag.empty()) << errors_of(test::kMiniData);
  const auto& ds = loaded.dataset;
  const auto* yield = ds.get("product.hbm_x.die_yield");
  ASSERT_NE(yield, nullptr);
  EXPECT_DOUBLE_EQ(yield->value, 0.7);
  EXPECT_DOUBLE_EQ(yield->low, 0.6);
  EXPECT_FALSE(yield->exact);
  EXPECT_EQ(yield->confidence, data::Confidence::R);
  EXPECT_EQ(yield->where.line, 23);  // counted by hand in fixtures.hpp
  // 20% of wafer starts.
  EXPECT_DOUBLE_EQ(ds.get("maker.maker_a.mix.hbm_x")->value, 0.2);
  EXPECT_DOUBLE_EQ(ds.get("world.wafer_diameter")->value, 0.3);  // metres
  EXPECT_TRUE(ds.get("world.wafer_diameter")->exact);
}

TEST(Loader, EvaluatesFormulasInSi) {
  Diagnostics diag;
  auto loaded = test::load(test::kMiniData, diag);
  ASSERT_TRUE(diag.empty());
  // 24 Gb / 0.2 Gb/mm^2 = 120 mm^2 = 1.2e-4 m^2
  const auto* area = loaded.dataset.get("product.hbm_x.die_area");
  ASSERT_NE(area, nullptr);
  EXPECT_NEAR(area->value, 1.2e-4, 1e-12);
  EXPECT_NEAR(area->unit.from_si(area->value), 120.0, 1e-9);
}

TEST(Loader, SchedulesInterpolateLinearlyAndHoldFlat) {
  Diagnostics diag;
  auto loaded = test::load(test::kMiniData, diag);
  ASSERT_TRUE(diag.empty());
  const auto& ds = loaded.dataset;
  auto per_month = [&](Month m) { return in(*ds.value_at("world.dram_wafer_capacity", m), "wafer/month"); };
  EXPECT_NEAR(per_month(Month(2024, 1)), 2.0e6, 1e-3);
  EXPECT_NEAR(per_month(Month(2025, 12)), 2.2e6, 1e-3);  // half-way
  EXPECT_NEAR(per_month(Month(2030, 1)), 2.4e6, 1e-3);
  EXPECT_NE(ds.get("world.dram_wafer_capacity@2026-12"), nullptr);
}

TEST(Loader, UnknownFieldSuggestsTheClosest) {
  auto err = errors_of(mini_with("die_yield:", "die_yeild:"));
  EXPECT_NE(err.find("mini.yaml:23:5: product.hbm_x.die_yeild: unknown key 'die_yeild' (did you mean 'die_yield'?)"),
            std::string::npos)
      << err;
}

TEST(Loader, UnitOfTheWrongDimension) {
  auto err = errors_of(mini_with("unit: Gb/mm^2", "unit: GB"));
  EXPECT_NE(err.find("mini.yaml:18:60: product.hbm_x.bit_density: unit 'GB' is memory size "
                     "(expected bit density in a unit like 'Gb/mm^2')"),
            std::string::npos)
      << err;
}

TEST(Loader, YieldAboveOne) {
  auto err = errors_of(mini_with("{value: 0.7, low: 0.6, high: 0.8", "{value: 1.3, low: 0.6, high: 1.4"));
  EXPECT_NE(err.find("product.hbm_x.die_yield: 1.3 is outside physical bounds (expected a value in [0.01, 1])"),
            std::string::npos)
      << err;
}

TEST(Loader, RangeMustBeOrdered) {
  auto err = errors_of(mini_with("{value: 0.7, low: 0.6, high: 0.8", "{value: 0.7, low: 0.75, high: 0.8"));
  EXPECT_NE(err.find("range is not ordered"), std::string::npos) << err;
}

TEST(Loader, MissingSourceAndConfidence) {
  auto err = errors_of(mini_with(", source: src-a, confidence: R}\n    mix", "}\n    mix"));
  EXPECT_NE(err.find("maker.maker_a.dram_wafer_capacity: no confidence"), std::string::npos) << err;
  EXPECT_NE(err.find("maker.maker_a.dram_wafer_capacity: no source"), std::string::npos) << err;
}

TEST(Loader, UnknownSourceId) {
  auto err = errors_of(mini_with("source: src-a, confidence: P}\n    bit", "source: src-b, confidence: P}\n    bit"));
  EXPECT_NE(err.find("unknown source 'src-b' (did you mean 'src-a'?)"), std::string::npos) << err;
}

TEST(Loader, FormulaCycleIsReported) {
  std::string text = mini_with("product.hbm_x.die_capacity / product.hbm_x.bit_density",
                               "product.hbm_x.die_capacity / product.hbm_x.bit_density + product.hbm_x.die_area");
  auto err = errors_of(text);
  EXPECT_NE(err.find("formula cycle: product.hbm_x.die_area -> product.hbm_x.die_area"), std::string::npos)
      << err;
}

TEST(Loader, DanglingFormulaReference) {
  auto err = errors_of(mini_with("product.hbm_x.die_capacity / product.hbm_x.bit_density",
                                 "product.hbm_x.die_capacity / product.hbm_x.bit_densty"));
  EXPECT_NE(err.find("unknown parameter 'product.hbm_x.bit_densty' (did you mean 'product.hbm_x.bit_density'?)"),
            std::string::npos)
      << err;
}

TEST(Loader, FormulaOfTheWrongDimension) {
  auto err = errors_of(mini_with("product.hbm_x.die_capacity / product.hbm_x.bit_density",
                                 "product.hbm_x.die_capacity * product.hbm_x.bit_density"));
  EXPECT_NE(err.find("formula gives"), std::string::npos) << err;
  auto mixed = errors_of(mini_with("product.hbm_x.die_capacity / product.hbm_x.bit_density",
                                   "product.hbm_x.die_capacity + product.hbm_x.bit_density"));
  EXPECT_NE(mixed.find("combines quantities of different dimensions"), std::string::npos) << mixed;
}

TEST(Loader, UnknownReferenceAndMissingRequired) {
  std::string text = std::string(test::kMiniData) + R"(fab:
  fab_x:
    name: Fab X
    maker: maker_b
)";
  auto err = errors_of(text);
  EXPECT_NE(err.find("fab.fab_x.maker: unknown maker 'maker_b' (did you mean 'maker_a'?)"), std::string::npos)
      << err;
  EXPECT_NE(err.find("fab.fab_x.capacity: required field 'capacity' missing"), std::string::npos) << err;
}

TEST(Loader, BadMonthInSchedule) {
  auto err = errors_of(mini_with("2026-12: {value: 2.4M", "2026-13: {value: 2.4M"));
  EXPECT_NE(err.find("world.dram_wafer_capacity: bad month '2026-13'"), std::string::npos) << err;
}

TEST(Loader, CollectsAllErrorsNotJustTheFirst) {
  std::string text = mini_with("die_yield:", "die_yeild:");
  text = text.replace(text.find("unit: Gb/mm^2"), 13, "unit: GB");
  Diagnostics diag;
  test::load(text, diag);
  EXPECT_GE(diag.size(), 2u);
}

TEST(Loader, YamlSyntaxErrorHasALine) {
  auto err = errors_of("world:\n  wafer_diameter: {value: 300\n");
  EXPECT_NE(err.find("mini.yaml:"), std::string::npos) << err;
  EXPECT_NE(err.find("YAML syntax error"), std::string::npos) << err;
}

TEST(Loader, EntityDefinedTwice) {
  std::string text = std::string(test::kMiniData) + "\n";
  Diagnostics diag;
  std::vector<data::TextFile> files = {{"a.yaml", text},
                                       {"b.yaml", "product:\n  hbm_x:\n    name: again\n    kind: hbm\n"}};
  data::load_dataset(files, diag);
  bool found = false;
  for (const auto& e : diag.errors()) found = found || e.message.find("defined twice (first at a.yaml:") != std::string::npos;
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace w2t
