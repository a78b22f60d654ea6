// `w2t run` output: the one-screen report, the JSON document and CSV.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "model/run.hpp"

namespace w2t::io {

std::string run_text(const scenario::World& world, const model::Run& run);
nlohmann::json run_json(const scenario::World& world, const model::Run& run);
// The summary of run_json: totals, years, bindings, sites, investment, demand.
nlohmann::json run_summary(const model::Run& run);
std::string timeline_csv(const model::Timeline& timeline);

// Spans of months in which the same stage (and maker or product) bound
// buyer b: "2026-03..2026-09: HBM stacking at SK hynix". `deployed`: what
// bound its switched-on capacity (site power included), not its supply.
std::vector<std::pair<MonthRange, supply::Binding>> binding_spans(const model::Run& run, int buyer,
                                                                  bool deployed = false);

}  // namespace w2t::io
