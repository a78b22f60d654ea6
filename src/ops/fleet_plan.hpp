// The fleet a scenario has switched on in one month, ready to simulate:
// each site's accelerators (whole nodes), its type's repair and failure
// factor, crews, shifts and spares; the failure modes and repair times of
// data/reliability.yaml; the rack and node of the most installed
// accelerator; and the training job on the largest site.
#pragma once

#include <optional>
#include <string>

#include "model/run.hpp"
#include "ops/fleet.hpp"
#include "ops/training_job.hpp"

namespace w2t::ops {

struct FleetOptions {
  int month = -1;  // month index in the span; -1: its last month
  std::string law = "exponential";
  Time horizon = 365 * kDay;
  Time warmup =
      -1;  // -1: part_swap_time + spares_lead_time, the longest repair when crews and spares keep up
};

// Errors (exit 2 in the CLI) name the path: an unknown failure law, no
// accelerator switched on, a site that needs repair with no crew, a job
// larger than its site, a rate or time that is not a finite positive value.
Expected<FleetPlan> plan_fleet(const model::Run& run, const scenario::World& world,
                               const FleetOptions& options);

// Checks a plan built by hand as plan_fleet checks its own.
std::optional<Error> check(const FleetPlan& plan);

// The plan's training job as the standalone job model (ops/training_job.hpp)
// sees it: its accelerators failing at every mode's rate at its site, its
// checkpoints and restarts; for Young's interval and Daly's goodput.
TrainingJob training_job(const FleetPlan& plan);

// The accelerator with most switched on in month t, over every buyer (-1: none).
int most_installed(const model::Run& run, int t);

}  // namespace w2t::ops
