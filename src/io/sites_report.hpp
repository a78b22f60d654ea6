// `w2t sites` output: site types side by side on one load and location.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "sites/compare.hpp"

namespace w2t::io {

// `bands`: P5/P95 of each figure (one entry per compared type), or empty.
nlohmann::json sites_json(const sites::Comparison& c, std::span<const sites::SiteTypeBands> bands = {});
std::string sites_text(const sites::Comparison& c, std::span<const sites::SiteTypeBands> bands = {});

}  // namespace w2t::io
