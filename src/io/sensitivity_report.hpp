// `w2t sensitivity` output: a tornado of one summary metric and the Sobol
// indices of its leading factors.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/sensitivity.hpp"

namespace w2t::io {

nlohmann::json sensitivity_json(const analysis::Metric& metric, double central,
                                const std::vector<analysis::TornadoBar>& bars,
                                const std::vector<analysis::SobolIndex>& sobol, int samples);
std::string sensitivity_text(const analysis::Metric& metric, double central,
                             const std::vector<analysis::TornadoBar>& bars,
                             const std::vector<analysis::SobolIndex>& sobol, int samples);

}  // namespace w2t::io
