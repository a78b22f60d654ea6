// One-at-a-time sensitivity (a tornado): each uncertain parameter — or a whole
// schedule, or a set of climate normals, moved together — at its low and at
// its high with every other parameter at its value; the change in a summary
// metric, largest first.
#pragma once

#include <string>
#include <vector>

#include "analysis/monte_carlo.hpp"

namespace w2t::analysis {

struct TornadoBar {
  std::string path;  // a parameter, or a schedule's path
  std::string unit;  // of low and high
  double low = 0.0;  // the parameter's low and high (its first point for a schedule), in `unit`
  double high = 0.0;
  double delta_low = 0.0;  // the metric at the low, less the metric at the data's values
  double delta_high = 0.0;
  std::string source;  // the source id of the parameter
};

// Bars for the metric at index `metric` of summary_metrics(), largest swing
// first; at most `top` of them.
std::vector<TornadoBar> tornado(const scenario::World& world, const model::Run& run, std::size_t metric,
                                std::size_t top);

}  // namespace w2t::analysis
