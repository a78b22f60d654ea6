// A serving question and its answer (w2t infer, POST /api/infer): the front
// of a model on an accelerator, the best point at the latency targets and
// what limits it, and the fleet a day of traffic needs, with its energy on
// a stated boundary and its cost to the operator.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workload/inference.hpp"
#include "workload/serving_model.hpp"

namespace w2t::workload {

struct InferQuestion {
  std::string model, accelerator;
  double input = 1024.0, output = 256.0;  // tokens per request
  double prefix_hit = -1.0;               // -1: serving.prefix_hit
  double tokens_per_user = 0.0;           // target; 0: none
  double tpot_ms = 0.0;                   // target, the same as 1000 / tokens_per_user
  double ttft_ms = 0.0;                   // target; 0: none
  std::string input_per_day, output_per_day;  // tokens a day, e.g. 100B
  std::string precision, kv_precision;        // "": serving.precision, fp8
  std::string site;                           // "": the first
  int t = 0;                                  // month of the figures and prices
};

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
  Traffic traffic;
  double tokens_per_user_target = 0.0, ttft_target = 0.0;  // 0: none
  Front front;
  std::optional<Point> at_target;
  std::string limited_by;  // at the target
  std::optional<ServingFleet> fleet;
};

// The answer; errors name the option at fault (--model, --tpot, ...).
Expected<InferAnswer> infer(const supply::Chain& chain, const sites::Deployment& deployment,
                            const Workloads& workloads, const Inference& inference, std::span<const double> params,
                            const InferQuestion& q);

}  // namespace w2t::workload
