#include "workload/demand.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace w2t::workload {

Expected<DemandPlan> DemandPlan::compile(const scenario::World& world, const supply::Chain& chain,
                                         const sites::Deployment& deployment) {
  DemandPlan d;
  auto workloads = Workloads::compile(world, chain);
  if (!workloads) return workloads.error();
  d.workloads = std::move(*workloads);
  auto inference = Inference::compile(world, chain);
  if (!inference) return inference.error();
  d.inference = std::move(*inference);
  supply::SeriesReader read(world.dataset, chain.span, "demand model");
  d.inference_share = read.need("serving.inference_share");
  for (const auto& s : d.inference.segments) d.growth.push_back(read.optional("demand." + s.id + ".growth"));
  if (read.error()) return *read.error();
  d.accelerator = std::max(0, chain.headline_accelerator());

  // A segment's region is a country with sites, or global: the sites of no such country.
  const auto& sites = deployment.sites.sites;
  const auto region_of = [&](const std::string& region) {
    return std::any_of(sites.begin(), sites.end(), [&](const auto& s) { return s.country == region; })
               ? region
               : std::string("global");
  };
  for (std::size_t k = 0; k < d.inference.segments.size(); ++k) {
    const std::string id = region_of(d.inference.segments[k].region);
    auto it = std::find_if(d.regions.begin(), d.regions.end(), [&](const auto& r) { return r.id == id; });
    if (it == d.regions.end()) it = d.regions.insert(d.regions.end(), Region{id, {}, {}});
    it->segments.push_back(static_cast<int>(k));
  }
  for (std::size_t s = 0; s < sites.size(); ++s) {
    auto named = std::find_if(d.regions.begin(), d.regions.end(),
                              [&](const auto& r) { return r.id == sites[s].country; });
    auto global =
        std::find_if(d.regions.begin(), d.regions.end(), [](const auto& r) { return r.id == "global"; });
    if (named != d.regions.end()) {
      named->sites.push_back(static_cast<int>(s));
    } else if (global != d.regions.end()) {
      global->sites.push_back(static_cast<int>(s));
    }
  }
  // Every segment must be servable with the data's own values.
  const auto params = world.dataset.values();
  for (std::size_t k = 0; k < d.inference.segments.size(); ++k) {
    auto sized = d.inference.size(chain, d.workloads, params, static_cast<int>(k), d.accelerator, 0);
    if (!sized) return sized.error();
  }
  return d;
}

DemandState DemandPlan::make_state(const supply::Chain& chain) const {
  DemandState s;
  s.months = chain.span.size();
  s.regions = static_cast<int>(regions.size());
  s.segments = static_cast<int>(inference.segments.size());
  const auto n = static_cast<std::size_t>(s.months) * static_cast<std::size_t>(s.regions);
  for (auto* v : {&s.needed, &s.serving, &s.tokens_demanded, &s.tokens_served}) v->assign(n, 0.0);
  s.power_at_peak.assign(static_cast<std::size_t>(s.segments), 0.0);
  s.tokens_per_second.assign(static_cast<std::size_t>(s.segments), 0.0);
  return s;
}

void DemandPlan::evaluate(const supply::Chain& chain, const sites::Deployment& deployment,
                          const sites::DeploymentState& sites, std::span<const double> params,
                          DemandState& s) const {
  // Each segment sized once, in the span's first month, on the headline
  // accelerator; it then grows at its rate.
  const double slot =
      chain.device_power(params, accelerator, 0) * (1.0 + deployment.non_accelerator_it(params, 0));
  for (int k = 0; k < s.segments; ++k) {
    auto sized = inference.size(chain, workloads, params, k, accelerator, 0);
    const bool ok = sized.ok();
    s.power_at_peak[static_cast<std::size_t>(k)] =
        ok ? sized->accelerators_peak * slot : std::numeric_limits<double>::infinity();
    s.tokens_per_second[static_cast<std::size_t>(k)] = ok ? sized->tokens_per_day / inference.day : 0.0;
  }
  const double year = 12.0 * chain.month_seconds;
  for (int r = 0; r < s.regions; ++r) {
    const auto& region = regions[static_cast<std::size_t>(r)];
    for (int t = 0; t < s.months; ++t) {
      double needed = 0.0;
      double tokens = 0.0;
      for (const int k : region.segments) {
        const auto& rate = growth[static_cast<std::size_t>(k)];
        const double factor =
            rate.empty() ? 1.0 : std::pow(1.0 + rate(params, t) * year, t * chain.month_seconds / year);
        needed += s.power_at_peak[static_cast<std::size_t>(k)] * factor;
        tokens += s.tokens_per_second[static_cast<std::size_t>(k)] * factor;
      }
      double installed = 0.0;
      for (const int site : region.sites) installed += sites.it_power[sites.st(t, site)];
      const auto i = s.rt(r, t);
      s.needed[i] = needed;
      s.serving[i] = installed * inference_share(params, t);
      s.tokens_demanded[i] = tokens;
      s.tokens_served[i] = needed > 0.0 ? tokens * std::min(1.0, s.serving[i] / needed) : 0.0;
    }
  }
}

}  // namespace w2t::workload
