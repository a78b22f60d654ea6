// Draws of the parameter vector for uncertainty bands.
//
// Each parameter with a range is drawn from its distribution (triangular on
// low / value / high unless the data says otherwise); exact parameters keep
// their value; derived parameters are recomputed from the drawn ones. The
// points of one schedule or of one set of climate normals move together: they
// share one standard normal draw, mapped through each point's own
// distribution, so that a drawn schedule keeps its shape. Draw `index` of
// seed `seed` comes from its own PCG stream, so a sample is the same whatever
// thread or process computes it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "data/dataset.hpp"
#include "data/formula.hpp"

namespace w2t::data {

class Sampler {
 public:
  Sampler(const Dataset& ds, const FormulaSet& formulas);

  // Fills `out` (one value per ParamId, SI) with draw `index` of `seed`.
  void draw(std::uint64_t seed, std::uint64_t index, std::span<double> out) const;

 private:
  struct Draw {
    double value = 0.0, low = 0.0, high = 0.0;
    Distribution distribution = Distribution::triangular;
    std::uint32_t group = 0;  // parameters of one group share their normal draw
    bool exact = true;
  };
  std::vector<Draw> draws_;
  std::uint32_t groups_ = 0;
  const FormulaSet* formulas_;
};

// The value at quantile q (0..1) of `values`, linear between order
// statistics; `values` is reordered.
double quantile(std::span<double> values, double q);

}  // namespace w2t::data
