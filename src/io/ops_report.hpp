// `w2t ops` output: the fleet's availability, failures, repairs and training
// job over replications, and the request-level serving of a day.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ops/fleet.hpp"
#include "ops/serving.hpp"

namespace w2t::io {

struct OpsStudy {
  std::string scenario, month;
  std::uint64_t seed = 1;
  ops::FleetPlan fleet;
  std::vector<ops::FleetOutcome> replications;  // those finished
  int requested = 0;                            // replications asked for
  std::optional<ops::ServingPlan> serving;
  ops::ServingOutcome served;
  int replicas_simulated = 0;
  double wall_seconds = 0.0;
  bool interrupted = false;
};

nlohmann::json ops_json(const OpsStudy& s);
std::string ops_text(const OpsStudy& s);

}  // namespace w2t::io
