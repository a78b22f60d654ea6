// A test fixture: the embedded default scenario, loaded and run once per test.
#pragma once

#include <gtest/gtest.h>

#include "model/run.hpp"

namespace w2t::test {

struct DefaultRun : ::testing::Test {
  void SetUp() override {
    Diagnostics diag;
    world = scenario::load_world({}, {}, diag);
    ASSERT_TRUE(diag.empty());
    auto r = model::run(world);
    ASSERT_TRUE(r.ok());
    run = std::move(*r);
  }
  scenario::World world;
  model::Run run;
};

}  // namespace w2t::test
