// `w2t mc` output: the bands of the summary metrics over parameter draws.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/monte_carlo.hpp"

namespace w2t::io {

nlohmann::json mc_json(const analysis::MonteCarlo& mc);
std::string mc_text(const analysis::MonteCarlo& mc);

}  // namespace w2t::io
