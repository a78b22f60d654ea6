// Scenarios: extends, overrides, and their errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scenario/scenario.hpp"

namespace w2t {
namespace {

class ScenarioFiles : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("w2t-scenario-" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) {
    auto p = dir / name;
    std::ofstream(p) << text;
    return p.string();
  }
  static std::string errors(const Diagnostics& d) {
    std::string s;
    for (const auto& e : d.errors()) s += e.format() + "\n";
    return s;
  }
};

TEST_F(ScenarioFiles, ExtendsTheDefaultAndOverrides) {
  auto path = write("child.yaml", R"(scenario: child
extends: stargate-2025.yaml
span: {start: 2026-01, end: 2027-12}
set:
  world.wafer_diameter: 450 mm
)");
  Diagnostics diag;
  auto world = scenario::load_world({path}, {}, diag);
  ASSERT_TRUE(diag.empty()) << errors(diag);
  EXPECT_EQ(world.scenario.id, "child");
  EXPECT_EQ(world.scenario.span.size(), 24);
  EXPECT_FALSE(world.scenario.sites.empty()) << "inherited from the parent";
  EXPECT_DOUBLE_EQ(world.dataset.get("world.wafer_diameter")->value, 0.45);
}

TEST_F(ScenarioFiles, CommandLineOverridesComeLast) {
  auto o = scenario::parse_override("world.wafer_diameter=200");
  ASSERT_TRUE(o.ok());
  Diagnostics diag;
  auto world = scenario::load_world({}, {*o}, diag);
  ASSERT_TRUE(diag.empty()) << errors(diag);
  EXPECT_DOUBLE_EQ(world.dataset.get("world.wafer_diameter")->value, 0.2);
}

TEST_F(ScenarioFiles, OverrideOfAScheduleSetsEveryPoint) {
  auto o = scenario::parse_override("world.dram_wafer_capacity=1M");
  Diagnostics diag;
  auto world = scenario::load_world({}, {*o}, diag);
  ASSERT_TRUE(diag.empty()) << errors(diag);
  EXPECT_NEAR(in(*world.dataset.value_at("world.dram_wafer_capacity", Month(2028, 3)), "wafer/month"), 1e6, 1e-6);
}

TEST_F(ScenarioFiles, OverrideErrors) {
  Diagnostics diag;
  scenario::load_world({}, {*scenario::parse_override("nonsense.path=3"),
                            *scenario::parse_override("world.wafer_diameter=3 GW")},
                       diag);
  auto text = errors(diag);
  EXPECT_NE(text.find("--set: nonsense.path: no parameter 'nonsense.path'"), std::string::npos) << text;
  EXPECT_NE(text.find("world.wafer_diameter: '3 GW' has unit 'GW', which is power"), std::string::npos) << text;
  EXPECT_FALSE(scenario::parse_override("novalue=").ok());
  EXPECT_FALSE(scenario::parse_override("=3").ok());
}

TEST_F(ScenarioFiles, ExtendsLoopIsAnError) {
  write("a.yaml", "scenario: a\nextends: b.yaml\n");
  auto b = write("b.yaml", "scenario: b\nextends: a.yaml\n");
  Diagnostics diag;
  scenario::load_world({b}, {}, diag);
  EXPECT_NE(errors(diag).find("extends itself"), std::string::npos) << errors(diag);
}

TEST_F(ScenarioFiles, UnknownKeysAndIds) {
  auto path = write("bad.yaml", R"(scenario: bad
spna: {start: 2026-01, end: 2027-12}
sites: [abilen]
buyers:
  openai: {rank: 1}
)");
  Diagnostics diag;
  scenario::load_world({path}, {}, diag);
  auto text = errors(diag);
  EXPECT_NE(text.find("bad.yaml:2:1: spna: unknown key 'spna' (did you mean 'span'?)"), std::string::npos) << text;
  EXPECT_NE(text.find("bad.yaml:3:9: sites: unknown site 'abilen' (did you mean 'abilene'?)"), std::string::npos) << text;
  EXPECT_NE(text.find("buyers.openai.allocation: a buyer needs an allocation rule"), std::string::npos) << text;
}

}  // namespace
}  // namespace w2t
