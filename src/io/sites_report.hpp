// `w2t sites` output: site types side by side on one load and location.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "sites/compare.hpp"

namespace w2t::io {

nlohmann::json sites_json(const sites::Comparison& c);
std::string sites_text(const sites::Comparison& c);

}  // namespace w2t::io
