// `w2t infer` as JSON and text: the front, the point at the targets and
// the fleet a day of traffic needs (docs/model.md, "Serving").
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "workload/serving_query.hpp"

namespace w2t::io {

nlohmann::json point_json(const workload::Point& p);
nlohmann::json infer_json(const workload::InferAnswer& a);
std::string infer_text(const workload::InferAnswer& a);

}  // namespace w2t::io
