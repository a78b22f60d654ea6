// Which parameters move a summary metric (DESIGN "Uncertainty").
//
// A tornado: each uncertain parameter — or a whole schedule, or a set of
// climate normals, moved together — at its low and at its high with every
// other parameter at its value; the change in the metric, largest first.
//
// Sobol indices (variance-based, Saltelli et al. 2010): for the factors the
// tornado ranks first, the share of the metric's variance each explains
// alone (first order) and with its interactions (total), from two matrices of
// draws A and B and, per factor, A with that factor's column from B. Every
// factor varies in A and B; only the chosen ones get an index. Correlated
// factors are indexed by the independent normals behind them.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "analysis/monte_carlo.hpp"

namespace w2t::analysis {

struct TornadoBar {
  std::string path;  // a parameter, or a schedule's path
  std::string unit;  // of low and high
  double low = 0.0;  // the parameter's low and high (its first point for a schedule), in `unit`
  double high = 0.0;
  double delta_low = 0.0;  // the metric at the low, less the metric at the data's values
  double delta_high = 0.0;
  std::string source;  // the source id of the parameter
};

// Bars for the metric at index `metric` of summary_metrics(), largest swing
// first; at most `top` of them. On rank 0 of the cluster (elsewhere, empty).
std::vector<TornadoBar> tornado(const scenario::World& world, const model::Run& run, std::size_t metric,
                                std::size_t top, int threads = 1, const Cluster& cluster = Cluster{},
                                const Control& control = {});

struct SobolIndex {
  std::string path;
  double first = 0.0, total = 0.0;
  double first_error = 0.0, total_error = 0.0;  // half-width of a 95% confidence interval
  std::string source;
};

// The estimates of one factor from its N model values f(A), f(B), f(AB_i):
// first order mean((f(B) - m) (f(AB_i) - f(A))) / V (Saltelli 2010, centred),
// total mean((f(A) - f(AB_i))^2) / 2V (Jansen), m and V the mean and variance
// of f(A) and f(B) pooled.
SobolIndex sobol_estimate(std::span<const double> fa, std::span<const double> fb,
                          std::span<const double> fab);

struct SobolOptions {
  int samples = 1024;  // N: the design costs N (factors + 2) evaluations
  std::uint64_t seed = 1;
  int threads = 1;
};

// Indices of the metric for the factors named by `paths` (tornado paths).
// On rank 0 (elsewhere, empty); `interrupted` is set when a stop cut it short.
std::vector<SobolIndex> sobol(const scenario::World& world, const model::Run& run, std::size_t metric,
                              const std::vector<std::string>& paths, const SobolOptions& options,
                              const Cluster& cluster = Cluster{}, const Control& control = {},
                              bool* interrupted = nullptr);

}  // namespace w2t::analysis
