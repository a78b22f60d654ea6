// `--report FILE`: one self-contained HTML page that opens offline in any
// browser: the run's data as JSON and the report script (web/src/report.ts)
// that draws the Sankey, the supply timeline with its bindings, the sites,
// demand, Monte Carlo fans, a tornado and the table of assumptions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/error.hpp"
#include "model/run.hpp"

namespace w2t::io {

// The page for a run. `extras` may add the documents of `w2t mc` ("mc"),
// `w2t sensitivity` ("sensitivity"), `w2t need` ("need") and `w2t ops`
// ("ops"), drawn with the run's charts. An error when this build has no report script.
Expected<std::string> html_report(const scenario::World& world, const model::Run& run, const nlohmann::json& extras,
                                  std::string_view version);

}  // namespace w2t::io
