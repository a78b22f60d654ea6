// One run of the monthly model on a World: the supply chain evaluated with
// the dataset's values, and its Timeline.
#pragma once

#include <optional>
#include <vector>

#include "model/timeline.hpp"
#include "sites/deployment.hpp"
#include "supply/chain.hpp"
#include "workload/demand.hpp"

namespace w2t::model {

struct Run {
  supply::Chain chain;
  sites::Deployment deployment;
  workload::DemandPlan demand;
  std::vector<double> params;  // SI values by ParamId
  supply::State state;
  sites::DeploymentState sites;
  workload::DemandState demanded;
  Timeline timeline;
};

// Compiles and evaluates the supply chain, the deployment to sites and the
// demand against what is switched on; errors name the parameter path. A run
// whose timeline holds a value that is not a finite number is an error.
Expected<Run> run(const scenario::World& world);

// An error when a row of the run's timeline is not a finite number: which
// metric, entity and month, and the parameters the scenario and the command
// line changed (the likely cause, since the dataset alone yields none).
std::optional<Error> check_finite(const scenario::World& world, const Run& run);

// One evaluation with `params`, into the run's states (no allocation).
void evaluate(Run& run, std::span<const double> params);

// The tidy rows of a run: wafer starts, dies, stacks, accelerators, bindings,
// and each site's power, accelerators, energy, water, carbon and money.
void fill_timeline(const Run& run, Timeline& out);

}  // namespace w2t::model
