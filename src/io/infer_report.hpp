// `w2t infer` as JSON and text: the front, the point at the targets and
// the fleet a day of traffic needs (docs/model.md, "Serving").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "workload/serving_model.hpp"

namespace w2t::io {

// A fleet sized from a day of traffic at the point chosen. Energy and cost
// are on the boundary `boundary` names; the cost is what serving costs the
// operator (the fleet's $/accelerator-hour), not a price.
struct ServingFleet {
  double input_tokens_per_day = 0.0, output_tokens_per_day = 0.0, requests_per_day = 0.0;
  double accelerators_busy = 0.0;  // on average, at the point's throughput
  double accelerators_mean = 0.0;  // serving on average, at the utilisation a fleet sustains
  double accelerators_peak = 0.0;  // serving at the diurnal peak
  double energy_wh_per_request = 0.0;
  double usd_per_million_output_tokens = 0.0;
  double pue = 0.0, usd_per_accelerator_hour = 0.0;
  std::string site;
  std::vector<std::string> boundary, not_counted;
};

struct InferAnswer {
  std::string model, accelerator, precision, kv_precision;
  workload::Traffic traffic;
  double tokens_per_user_target = 0.0, ttft_target = 0.0;  // 0: none
  workload::Front front;
  std::optional<workload::Point> at_target;
  std::string limited_by;  // at the target
  std::optional<ServingFleet> fleet;
};

nlohmann::json point_json(const workload::Point& p);
nlohmann::json infer_json(const InferAnswer& a);
std::string infer_text(const InferAnswer& a);

}  // namespace w2t::io
