// The embedded default dataset and scenario: complete, sourced, consistent.
#include <gtest/gtest.h>

#include <set>

#include "data/embedded.hpp"
#include "scenario/scenario.hpp"

namespace w2t {
namespace {

scenario::World default_world(Diagnostics& diag) { return scenario::load_world({}, {}, diag); }

std::string all_errors(const Diagnostics& diag) {
  std::string s;
  for (const auto& e : diag.errors()) s += e.format() + "\n";
  return s;
}

TEST(EmbeddedDataset, LoadsWithoutErrors) {
  Diagnostics diag;
  auto world = default_world(diag);
  EXPECT_TRUE(diag.empty()) << all_errors(diag);
  EXPECT_EQ(world.scenario.id, "stargate-2025");
  EXPECT_EQ(world.scenario.span.first.str(), "2025-01");
  EXPECT_EQ(world.scenario.span.last.str(), "2030-12");
}

TEST(EmbeddedDataset, EveryParameterHasSourceAndConfidence) {
  Diagnostics diag;
  auto world = default_world(diag);
  ASSERT_TRUE(diag.empty()) << all_errors(diag);
  const auto& ds = world.dataset;
  EXPECT_GT(ds.parameters().size(), 150u);
  for (const auto& p : ds.parameters()) {
    if (p.derived()) {
      EXPECT_EQ(p.confidence, data::Confidence::E) << p.path << ": a formula is arithmetic (E)";
      continue;
    }
    auto s = ds.sources.find(p.source);
    ASSERT_NE(s, ds.sources.end()) << p.path << " has no source";
    EXPECT_FALSE(s->second.title.empty()) << p.path;
    EXPECT_FALSE(s->second.publisher.empty()) << p.path;
    EXPECT_FALSE(s->second.date.empty()) << p.path;
  }
}

TEST(EmbeddedDataset, EstimatesSayHowTheyWereMade) {
  Diagnostics diag;
  auto world = default_world(diag);
  ASSERT_TRUE(diag.empty());
  for (const auto& p : world.dataset.parameters()) {
    if (p.confidence == data::Confidence::E && !p.derived() && !p.at) {
      EXPECT_FALSE(p.note.empty()) << p.path << ": an estimate needs its reasoning in `note`";
    }
  }
}

TEST(EmbeddedDataset, CoversTheChain) {
  Diagnostics diag;
  auto world = default_world(diag);
  ASSERT_TRUE(diag.empty());
  const auto& ds = world.dataset;
  for (const char* maker : {"samsung", "sk_hynix", "micron", "cxmt", "other"}) {
    EXPECT_TRUE(ds.has_entity("maker", maker)) << maker;
  }
  for (const char* product : {"hbm3", "hbm3e_8h", "hbm3e_12h", "hbm4_12h", "hbm4_16h", "hbm4e_16h", "lpddr5x", "ddr5"}) {
    EXPECT_TRUE(ds.has_entity("product", product)) << product;
  }
  for (const char* acc : {"h100", "h200", "b200", "gb200", "gb300", "rubin", "rubin_ultra", "mi300x",
                          "mi325x", "mi355x", "tpu_v5p", "tpu_v7"}) {
    EXPECT_TRUE(ds.has_entity("accelerator", acc)) << acc;
  }
  for (const char* type : {"land_air", "land_liquid", "floating_barge", "underwater"}) {
    EXPECT_TRUE(ds.has_entity("site_type", type)) << type;
  }
  for (const char* site : {"abilene", "pohang", "south_jeolla", "korea_floating"}) {
    EXPECT_TRUE(ds.has_entity("site", site)) << site;
  }
}

TEST(EmbeddedDataset, MixesSumToOne) {
  Diagnostics diag;
  auto world = default_world(diag);
  ASSERT_TRUE(diag.empty());
  const auto& ds = world.dataset;
  for (const auto& maker : ds.entities.at("maker")) {
    const std::string prefix = "maker." + maker + ".mix.";
    std::set<std::string> series;
    for (const auto& p : ds.parameters()) {
      if (p.path.rfind(prefix, 0) == 0) series.insert(p.path.substr(0, p.path.find('@')));
    }
    if (series.empty()) continue;
    for (Month m : {Month(2025, 6), Month(2027, 6), Month(2030, 6)}) {
      double sum = 0.0;
      for (const auto& s : series) sum += *ds.value_at(s, m);
      EXPECT_NEAR(sum, 1.0, 1e-6) << maker << " at " << m.str();
    }
  }
}

TEST(EmbeddedDataset, HeadlineFiguresMatchFacts) {
  // FACTS §1/§2: up to 900k wafers/month is ~40% of 2025 world DRAM capacity (~2.25M).
  Diagnostics diag;
  auto world = default_world(diag);
  ASSERT_TRUE(diag.empty());
  const auto& ds = world.dataset;
  auto loi = ds.value_at("contract.openai_memory_loi.wafers_up_to", Month(2029, 12));
  auto world_2025 = ds.value_at("world.dram_wafer_capacity", Month(2025, 12));
  ASSERT_TRUE(loi && world_2025);
  EXPECT_NEAR(in(*loi, "wafer/month"), 900e3, 1.0);
  EXPECT_NEAR(*loi / *world_2025, 0.40, 0.05);
}

}  // namespace
}  // namespace w2t
