// Sweeps: the cartesian product of parameter axes, each point evaluated at
// the data's values (or with Monte Carlo), one tidy row per point and metric.
#pragma once

#include <string>
#include <vector>

#include "analysis/monte_carlo.hpp"

namespace w2t::analysis {

struct Axis {
  std::string path;                 // a parameter or a schedule (all its points)
  std::vector<std::string> values;  // as written: "0.99", "650k", "1.2 GW"
  std::vector<data::ParamId> ids;   // the parameters it sets
  std::vector<double> si;           // the values, SI
};

// "PATH=V1,V2,..." against the dataset: the path must exist and each value
// must parse in its unit.
Expected<Axis> parse_axis(const std::string& text, const data::Dataset& ds);

struct SweepPoint {
  std::vector<std::size_t> at;  // index into each axis's values
  std::vector<double> values;   // [metric] at the data's values, with the point's settings
  std::vector<Band> bands;      // [metric] with Monte Carlo; empty without
};

// Every combination of the axes' values (the last axis varies fastest), each
// with Monte Carlo when mc.samples > 0. Points are shared out over the
// cluster's ranks; on rank 0, all of them (elsewhere, none; none either when
// a stop left points undone).
std::vector<SweepPoint> sweep(const scenario::World& world, const model::Run& run,
                              const std::vector<Axis>& axes, const McOptions& mc,
                              const Cluster& cluster = Cluster{}, const Control& control = {});

}  // namespace w2t::analysis
