// What the dashboard and the HTML report draw from one run: the summary,
// every timeline series as a column of monthly values, and the flow of memory
// wafers from makers through products and accelerators to buyers (a Sankey).
#pragma once

#include <nlohmann/json.hpp>

#include "model/run.hpp"

namespace w2t::io {

// {scenario: {id, title, start, end}, months: [...], summary, series: [{stage,
// entity, metric, unit, values}], flows: {nodes: [{name, label, column}],
// links: [{source, target, value}]}}
nlohmann::json run_view(const scenario::World& world, const model::Run& run);

// Memory wafers over the span (wafer starts), in the Sankey's form:
// maker -> product (starts), product -> accelerator (the wafers behind the
// good devices built), accelerator -> buyer, buyer -> switched on or not yet
// -> the sites, by their share of the accelerators switched on; what a
// product started and no device used goes to "stock, other uses and losses".
nlohmann::json wafer_flows(const model::Run& run);

}  // namespace w2t::io
