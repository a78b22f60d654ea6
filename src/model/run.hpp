// One run of the monthly model on a World: the supply chain evaluated with
// the dataset's values, and its Timeline.
#pragma once

#include <vector>

#include "model/timeline.hpp"
#include "supply/chain.hpp"

namespace w2t::model {

struct Run {
  supply::Chain chain;
  std::vector<double> params;  // SI values by ParamId
  supply::State state;
  Timeline timeline;
};

// Compiles and evaluates the chain; errors name the parameter path.
Expected<Run> run(const scenario::World& world);

// The tidy rows of a state: wafer starts, dies, stacks, accelerators, bindings.
void fill_timeline(const supply::Chain& chain, const supply::State& state, Timeline& out);

}  // namespace w2t::model
