// Views of the dataset for `w2t data`: JSON, a parameter table, a source
// list and the one-screen summary.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "scenario/scenario.hpp"

namespace w2t::io {

// Case-insensitive match of `grep` against a parameter's path, note and source.
bool matches(const data::Parameter& p, const data::Dataset& ds, std::string_view grep);

nlohmann::json parameter_json(const data::Parameter& p, const data::Dataset& ds);
nlohmann::json source_json(const data::Source& s);

// {"scenario", "parameters": [...], "sources": [...]} filtered by `grep`.
nlohmann::json dataset_json(const scenario::World& world, std::string_view grep);

std::string parameter_table(const data::Dataset& ds, std::string_view grep);
std::string source_table(const data::Dataset& ds, std::string_view grep);
std::string dataset_summary(const scenario::World& world, std::string_view version);

// "620k wafer/month [560k..640k]" in the unit the value was written in.
std::string value_text(const data::Parameter& p);

}  // namespace w2t::io
