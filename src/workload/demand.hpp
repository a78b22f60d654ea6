// Inference demand against the capacity switched on, month by month and
// region (DESIGN stage 8 in the monthly model): the IT power each region's
// demand needs at its peak, against the share of the region's installed IT
// power that serves inference; the gap is unserved tokens, or idle capacity.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "workload/inference.hpp"

namespace w2t::workload {

// Where demand is served: a country with sites, or "global" (every other site).
struct Region {
  std::string id;
  std::vector<int> sites;
  std::vector<int> segments;
};

struct DemandState {
  int months = 0, regions = 0, segments = 0;
  // [region][t]
  std::vector<double> needed;           // W of IT power the peak demand needs
  std::vector<double> serving;          // W of installed IT power serving inference
  std::vector<double> tokens_demanded;  // tokens per second, on average
  std::vector<double> tokens_served;
  // Per evaluation, [segment]: sized in the span's first month.
  std::vector<double> power_at_peak, tokens_per_second;

  [[nodiscard]] std::size_t rt(int r, int t) const { return static_cast<std::size_t>(r) * months + t; }
};

struct DemandPlan {
  Inference inference;
  Workloads workloads;
  std::vector<Region> regions;
  std::vector<Series> growth;  // [segment] per year; empty: none
  Series inference_share;
  int accelerator = 0;  // demand is sized on the scenario's headline accelerator

  static Expected<DemandPlan> compile(const scenario::World& world, const supply::Chain& chain,
                                      const sites::Deployment& deployment);
  [[nodiscard]] DemandState make_state(const supply::Chain& chain) const;
  void evaluate(const supply::Chain& chain, const sites::Deployment& deployment,
                const sites::DeploymentState& sites, std::span<const double> params,
                DemandState& state) const;
};

}  // namespace w2t::workload
