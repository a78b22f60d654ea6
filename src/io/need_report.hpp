// `w2t need` output: the inverse question and its forward form.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "scenario/scenario.hpp"
#include "supply/need.hpp"

namespace w2t::io {

nlohmann::json need_json(const supply::Need& n, const data::Dataset& ds, bool forward);
std::string need_text(const supply::Need& n, bool forward);

}  // namespace w2t::io
