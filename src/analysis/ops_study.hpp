// A fleet-operations study (`w2t ops`, POST /api/ops): the fleet of one
// month planned from a run, its replications simulated in parallel, then a
// day of serving on the replicas the fleet keeps up. The same results for
// any thread count: replication r and serving replica k each have their own
// random stream.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/parallel.hpp"
#include "ops/fleet_plan.hpp"
#include "ops/serving.hpp"

namespace w2t::analysis {

struct OpsSettings {
  double days = 365.0;        // simulated and counted
  double warmup_days = -1.0;  // simulated first, not counted; -1: part_swap_time + spares_lead_time
  int replications = 4;
  int threads = 1;
  std::uint64_t seed = 1;
  std::string month;  // YYYY-MM; empty: the span's last
  std::string failure_law = "exponential";
  int serving_replicas = 4;  // 0: every replica up, -1: no serving
};

struct OpsStudy {
  std::string scenario, month;
  std::uint64_t seed = 1;
  int threads = 1;
  int month_index = -1;
  ops::FleetPlan fleet;
  std::vector<ops::FleetOutcome> replications;  // those finished
  int requested = 0;                            // replications asked for
  std::optional<ops::ServingPlan> serving;
  ops::ServingOutcome served;
  int replicas_simulated = 0;
  double wall_seconds = 0.0;
  bool interrupted = false;
};

// Checks the settings (errors name the option: --days, --month, ...) and
// plans the fleet; nothing is simulated yet.
Expected<OpsStudy> plan_ops(const scenario::World& world, const model::Run& run, const OpsSettings& settings);

// Simulated days of every replication, for a progress bar.
std::uint64_t fleet_periods(const OpsStudy& study);

// The replications, taken one at a time by the threads; a stop keeps those
// finished and marks the study interrupted.
void simulate_fleet(OpsStudy& study, const Control& control = {});

// A day of serving on `serving_replicas` replicas (after simulate_fleet,
// whose rack availability sets the replicas up); errors when the scenario
// has nothing to serve.
Expected<bool> plan_serving(OpsStudy& study, const scenario::World& world, const model::Run& run,
                            const OpsSettings& settings);
void simulate_serving(OpsStudy& study, const Control& control = {});

}  // namespace w2t::analysis
