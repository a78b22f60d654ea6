// `w2t demand` output: each demand segment served on one accelerator.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "workload/inference.hpp"

namespace w2t::io {

struct SegmentRow {
  std::string id, name, model, accelerator, site;
  workload::ServedSegment served;
};

nlohmann::json demand_json(const std::vector<SegmentRow>& rows);
std::string demand_text(const std::vector<SegmentRow>& rows);

}  // namespace w2t::io
