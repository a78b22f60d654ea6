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

// The page for a run; `mc` and `sensitivity` (documents of w2t mc and w2t
// sensitivity) are drawn when not null. An error when this build has no
// report script.
Expected<std::string> html_report(const scenario::World& world, const model::Run& run,
                                  const nlohmann::json& mc, const nlohmann::json& sensitivity,
                                  std::string_view version);

}  // namespace w2t::io
