// `w2t sweep` output: one tidy row per point of the sweep and metric.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/sweep.hpp"

namespace w2t::io {

nlohmann::json sweep_json(const std::vector<analysis::Axis>& axes,
                          const std::vector<analysis::SweepPoint>& points);
std::string sweep_csv(const std::vector<analysis::Axis>& axes,
                      const std::vector<analysis::SweepPoint>& points);

}  // namespace w2t::io
