// Training runs (DESIGN stage 8): what a run of N parameters over D tokens
// takes on a cluster of one accelerator at one site — FLOPs, wall time,
// accelerator-hours, energy, carbon and money — and whether its training
// state fits in the cluster's memory (docs/model.md, "Training").
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "sites/deployment.hpp"
#include "supply/chain.hpp"

namespace w2t::workload {

using supply::Series;

// What an accelerator can do: peak dense FLOP/s by precision, HBM.
struct AcceleratorPerformance {
  std::vector<std::pair<std::string, Series>> peak;  // precision -> FLOP/s
  Series hbm_capacity, hbm_bandwidth, domain;        // bits, bits/s (SI), accelerators per scale-up domain
  Series scale_up, scale_out;                        // bits/s per accelerator, each direction
  Series prefill_efficiency, decode_bandwidth_efficiency, network_efficiency;  // empty: serving's
};

struct TrainingRequest {
  double parameters = 0.0;         // total
  double active_parameters = 0.0;  // per token (mixture of experts); 0: all
  double tokens = 0.0;
  int accelerator = 0;
  double count = 0.0;  // accelerators in the cluster
  std::string precision = "bf16";
  double mfu = 0.0;  // 0: the data's training.mfu
  int site = 0;      // where it runs: PUE, grid, prices
  int t = 0;         // month of the prices and of the accelerator's figures
};

struct TrainingRun {
  double flops = 0.0;  // 6 N_active D
  double peak = 0.0;   // FLOP/s per accelerator at the precision
  double mfu = 0.0;
  double seconds = 0.0;  // wall time
  double accelerator_seconds = 0.0;
  double energy = 0.0;                  // J of facility energy
  double co2 = 0.0;                     // kg, operational
  double cost = 0.0;                    // $: accelerator-hours at the site's cost per accelerator-hour
  double memory_per_accelerator = 0.0;  // bits (SI) of training state, fully sharded
  double usable_memory = 0.0;           // bits of HBM left after the activation reserve
  [[nodiscard]] bool fits() const { return memory_per_accelerator <= usable_memory; }
};

struct Workloads {
  std::vector<AcceleratorPerformance> accelerators;  // by the chain's index
  Series mfu, bytes_per_parameter, activation_reserve;

  static Expected<Workloads> compile(const scenario::World& world, const supply::Chain& chain);

  // Peak FLOP/s of accelerator a at `precision`; an error names the
  // precisions it has.
  [[nodiscard]] Expected<double> peak(const supply::Chain& chain, std::span<const double> params, int a,
                                      const std::string& precision, int t) const;

  [[nodiscard]] Expected<TrainingRun> train(const supply::Chain& chain, const sites::Deployment& deployment,
                                            std::span<const double> params,
                                            const TrainingRequest& request) const;
};

}  // namespace w2t::workload
