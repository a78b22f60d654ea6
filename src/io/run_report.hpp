// `w2t run` output: the one-screen report, the JSON document and CSV.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "model/run.hpp"

namespace w2t::io {

std::string run_text(const scenario::World& world, const model::Run& run);
nlohmann::json run_json(const scenario::World& world, const model::Run& run);
std::string timeline_csv(const model::Timeline& timeline);

// Spans of months with the same binding stage: "2026-07..2026-12: packaging".
std::vector<std::pair<MonthRange, supply::Stage>> binding_spans(const model::Run& run);

}  // namespace w2t::io
