#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace w2t::analysis {

std::vector<TornadoBar> tornado(const scenario::World& world, const model::Run& run, std::size_t metric,
                                std::size_t top) {
  const auto& ds = world.dataset;
  // The uncertain parameters, a schedule's or normals' points as one.
  std::map<std::string, std::vector<data::ParamId>, std::less<>> groups;
  std::vector<std::string> order;
  for (data::ParamId id = 0; id < ds.parameters().size(); ++id) {
    const auto& p = ds.parameter(id);
    if (p.exact || p.derived() || p.low == p.high) continue;
    const std::string path = p.path.substr(0, p.path.find('@'));
    auto [it, added] = groups.try_emplace(path);
    if (added) order.push_back(path);
    it->second.push_back(id);
  }
  std::vector<double> out(summary_metrics().size());
  const double central = [&] {
    measure(run, out);
    return out[metric];
  }();
  model::Run mine = run;
  const auto metric_with = [&](const std::vector<data::ParamId>& ids, bool high) {
    mine.params = run.params;
    for (const auto id : ids) mine.params[id] = high ? ds.parameter(id).high : ds.parameter(id).low;
    world.formulas.evaluate(mine.params);
    model::evaluate(mine, mine.params);
    measure(mine, out);
    return out[metric];
  };
  std::vector<TornadoBar> bars;
  for (const auto& path : order) {
    const auto& ids = groups.at(path);
    const auto& first = ds.parameter(ids.front());
    TornadoBar bar;
    bar.path = path;
    bar.unit = first.unit.symbol;
    bar.low = first.unit.from_si(first.low);
    bar.high = first.unit.from_si(first.high);
    bar.delta_low = metric_with(ids, false) - central;
    bar.delta_high = metric_with(ids, true) - central;
    bar.source = first.source;
    bars.push_back(std::move(bar));
  }
  const auto swing = [](const TornadoBar& b) { return std::abs(b.delta_high - b.delta_low); };
  std::stable_sort(bars.begin(), bars.end(),
                   [&](const auto& a, const auto& b) { return swing(a) > swing(b); });
  if (bars.size() > top) bars.resize(top);
  return bars;
}

}  // namespace w2t::analysis
