// Monte Carlo bands (DESIGN "Uncertainty"): the model evaluated on draws of
// every parameter with a range, and the quantiles of its summary metrics.
//
// Sample k is a pure function of (seed, k): its parameters come from draw k
// of the seed (data/sampling.hpp) and each thread evaluates its own copy of
// the model, so the results are the same for any number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/run.hpp"

namespace w2t::analysis {

// A scalar a run reports, with its display unit.
struct Metric {
  std::string_view name;
  std::string_view unit;
};

// The metrics every sample records, in order.
std::span<const Metric> summary_metrics();

// Fills `out` (one per summary metric, in display units) from an evaluated run.
void measure(const model::Run& run, std::span<double> out);

struct Band {
  double p5 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0, p95 = 0.0;
  double mean = 0.0;
  double stderr_of_mean = 0.0;
};

struct MonteCarlo {
  int samples = 0;
  std::uint64_t seed = 0;
  int threads = 1;
  std::vector<double> values;   // [sample][metric]
  std::vector<Band> bands;      // [metric]
  std::vector<double> central;  // [metric] at the data's values
};

// Runs `samples` draws on `threads` threads. `run` is an evaluated run of
// `world` (its central values are recorded too).
MonteCarlo monte_carlo(const scenario::World& world, const model::Run& run, int samples, int threads,
                       std::uint64_t seed);

}  // namespace w2t::analysis
