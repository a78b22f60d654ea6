// `w2t ops` output: the fleet's availability, failures, repairs and training
// job over replications, and the request-level serving of a day.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/ops_study.hpp"

namespace w2t::io {

using analysis::OpsStudy;

nlohmann::json ops_json(const OpsStudy& s);
std::string ops_text(const OpsStudy& s);

}  // namespace w2t::io
