// Draws of the parameter vector for uncertainty bands.
//
// Every draw starts from independent standard normals, one per factor: an
// uncertain parameter, or a whole schedule or set of climate normals, whose
// points move together so that a drawn schedule keeps its shape. Rank
// correlations between factors are imposed through a Gaussian copula (the
// normals of correlated factors are mixed by a Cholesky factor). Each
// parameter then takes the quantile of its own distribution at its factor's
// normal: triangular on low / value / high unless the data says otherwise.
// Exact parameters keep their value; derived ones are recomputed.
//
// Draw `index` of seed `seed` comes from its own PCG stream, so a sample is
// the same whatever thread or process computes it. Sobol designs mix the
// normals of two draws, so the normals can also be given directly.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "data/dataset.hpp"
#include "data/formula.hpp"

namespace w2t::data {

// An independent factor of the draws: one uncertain parameter (a range, not
// derived), or the uncertain points of one schedule or set of climate
// normals, which move together.
struct Factor {
  std::string path;             // the parameter's, or the schedule's
  std::vector<ParamId> params;  // in dataset order
};

// The factors of a dataset's draws, in order of first appearance: the order
// of the normals a draw takes.
std::vector<Factor> draw_factors(const Dataset& ds);

class Sampler {
 public:
  // One Sampler per thread: it keeps scratch space.
  Sampler(const Dataset& ds, const FormulaSet& formulas);

  // The independent factors behind a draw, and the path each stands for.
  [[nodiscard]] std::size_t factors() const { return factor_paths_.size(); }
  [[nodiscard]] const std::string& factor_path(std::size_t f) const { return factor_paths_[f]; }

  // Fills `z` (one per factor) with the standard normals of draw `index`.
  void normals(std::uint64_t seed, std::uint64_t index, std::span<double> z) const;
  // Fills `out` (one value per ParamId, SI) from the factors' normals.
  void apply(std::span<const double> z, std::span<double> out) const;
  // normals() then apply().
  void draw(std::uint64_t seed, std::uint64_t index, std::span<double> out) const;

 private:
  struct Draw {
    double value = 0.0, low = 0.0, high = 0.0;
    Distribution distribution = Distribution::triangular;
    std::uint32_t factor = 0;
    bool exact = true;
    double floor = -kInf, ceiling = kInf;  // the field's physical bounds, SI
  };
  std::vector<Draw> draws_;
  std::vector<std::string> factor_paths_;
  std::vector<std::uint32_t> correlated_;  // factors under the copula
  std::vector<double> cholesky_;           // lower triangle, correlated_.size()^2
  const FormulaSet* formulas_;
  mutable std::vector<double> z_;
  mutable std::vector<double> mixed_;
};

// The quantile at u (0..1) of a parameter's distribution, whose normal
// score is z = Phi^-1(u) (both are given; each distribution uses the one
// it needs).
double distribution_quantile(Distribution d, double value, double low, double high, double u, double z);

// Checks that every uncertain parameter can be drawn (a lognormal needs a
// positive range; a normal or lognormal must not reach past the field's
// physical bounds at its 0.1st and 99.9th percentiles — a truncated normal
// is the choice there) and that the correlations name uncertain factors and
// form a valid correlation matrix.
void check_sampling(const Dataset& ds, Diagnostics& diag);

// The value at quantile q (0..1) of `values`, linear between order
// statistics; `values` is reordered.
double quantile(std::span<double> values, double q);

}  // namespace w2t::data
