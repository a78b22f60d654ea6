#include "analysis/sweep.hpp"

#include <fmt/format.h>

#include "core/suggest.hpp"
#include "core/unit.hpp"

namespace w2t::analysis {

Expected<Axis> parse_axis(const std::string& text, const data::Dataset& ds) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return make_error(ErrorCode::bad_input, fmt::format("bad axis '{}'", text), "--axis", "PATH=V1,V2,...");
  }
  Axis axis;
  axis.path = text.substr(0, eq);
  if (auto id = ds.find(axis.path)) {
    axis.ids.push_back(*id);
  } else if (auto it = ds.schedules.find(axis.path); it != ds.schedules.end()) {
    for (const auto& point : it->second.points) axis.ids.push_back(point.second);
  } else {
    std::vector<std::string> paths;
    for (const auto& p : ds.parameters()) paths.push_back(p.path);
    return make_error(ErrorCode::bad_reference,
                      fmt::format("no parameter '{}'{}", axis.path, did_you_mean(axis.path, paths)), "--axis",
                      "a parameter path; `w2t data --grep TEXT` lists them");
  }
  const auto& unit = ds.parameter(axis.ids.front()).unit;
  for (std::size_t start = eq + 1; start <= text.size();) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string value = text.substr(start, comma - start);
    auto si = parse_si(value, unit);
    if (!si) {
      Error e = si.error();
      e.path = "--axis " + axis.path;
      return e;
    }
    axis.values.push_back(value);
    axis.si.push_back(*si);
    start = comma + 1;
  }
  return axis;
}

std::vector<SweepPoint> sweep(const scenario::World& world, const model::Run& run,
                              const std::vector<Axis>& axes, int samples, int threads, std::uint64_t seed) {
  std::vector<SweepPoint> points;
  std::vector<std::size_t> at(axes.size(), 0);
  model::Run mine = run;
  scenario::World varied = world;
  const std::size_t metrics = summary_metrics().size();
  while (true) {
    SweepPoint point;
    point.at = at;
    // The point's settings, then the derived parameters again.
    mine.params = run.params;
    for (std::size_t k = 0; k < axes.size(); ++k) {
      for (const auto id : axes[k].ids) {
        mine.params[id] = axes[k].si[at[k]];
        auto& p = varied.dataset.parameter(id);
        p.value = p.low = p.high = axes[k].si[at[k]];  // fixed at the point for its Monte Carlo
        p.exact = true;
      }
    }
    world.formulas.evaluate(mine.params);
    model::evaluate(mine, mine.params);
    point.values.assign(metrics, 0.0);
    measure(mine, point.values);
    if (samples > 0) point.bands = monte_carlo(varied, mine, samples, threads, seed).bands;
    points.push_back(std::move(point));
    // Next combination, the last axis fastest.
    std::size_t k = axes.size();
    while (k > 0 && ++at[k - 1] == axes[k - 1].values.size()) at[--k] = 0;
    if (k == 0) break;
  }
  return points;
}

}  // namespace w2t::analysis
