// Invariants every evaluation of the supply chain must keep, whatever the
// parameters: no NaN or negative flow; gross dies = good + scrap; HBM wafers
// finished = processed by TSV + waiting; stacks used <= made and inventory =
// made - used; packaging within capacity. `label` names the case in failures.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "supply/chain.hpp"

namespace w2t {

inline void expect_supply_invariants(const supply::Chain& c, const supply::State& s, const std::string& label) {
  for (const auto* v : {&s.wafer_starts, &s.finished_wafers, &s.gross_dies, &s.good_dies, &s.scrap_dies,
                        &s.stacks_made, &s.stacks_used, &s.stack_inventory, &s.tsv_processed, &s.tsv_backlog,
                        &s.demand, &s.built, &s.packaging_used}) {
    for (double x : *v) {
      ASSERT_TRUE(std::isfinite(x)) << label;
      ASSERT_GE(x, -1e-6 * std::max(1.0, std::abs(x))) << label;
    }
  }
  for (std::size_t i = 0; i < s.gross_dies.size(); ++i) {
    ASSERT_NEAR(s.gross_dies[i], s.good_dies[i] + s.scrap_dies[i], 1e-9 * std::max(1.0, s.gross_dies[i]));
  }
  for (int p = 0; p < s.products; ++p) {
    double made = 0.0;
    double used = 0.0;
    for (int t = 0; t < s.months; ++t) {
      made += s.stacks_made[s.tp(t, p)];
      used += s.stacks_used[s.tp(t, p)];
      ASSERT_LE(used, made * (1 + 1e-9) + 1e-6) << c.products[static_cast<std::size_t>(p)].id << " " << label;
      ASSERT_NEAR(made - used, s.stack_inventory[s.tp(t, p)], 1e-6 * std::max(1.0, made));
    }
  }
  for (int m = 0; m < s.makers; ++m) {
    // HBM wafers finished so far = processed by TSV so far + waiting now.
    double finished = 0.0;
    double processed = 0.0;
    for (int t = 0; t < s.months; ++t) {
      for (int p = 0; p < s.products; ++p) {
        if (c.products[static_cast<std::size_t>(p)].hbm) finished += s.finished_wafers[s.mp(t, m, p)];
      }
      processed += s.tsv_processed[s.tm(t, m)];
      ASSERT_NEAR(finished, processed + s.tsv_backlog[s.tm(t, m)], 1e-6 * std::max(1.0, finished));
    }
  }
  for (int t = 0; t < s.months; ++t) {
    ASSERT_LE(s.packaging_used[static_cast<std::size_t>(t)], s.packaging_capacity[static_cast<std::size_t>(t)] * (1 + 1e-9));
  }
}

// `params` with every maker's DRAM wafer capacity (all schedule points) times `factor`.
inline std::vector<double> with_maker_capacity_scaled(const data::Dataset& ds, std::vector<double> params,
                                                      double factor) {
  for (const auto& [path, schedule] : ds.schedules) {
    if (path.starts_with("maker.") && path.ends_with(".dram_wafer_capacity")) {
      for (const auto& [m, id] : schedule.points) params[id] *= factor;
    }
  }
  return params;
}

}  // namespace w2t
