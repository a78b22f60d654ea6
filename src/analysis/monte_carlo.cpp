#include "analysis/monte_carlo.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <thread>

#include "core/unit.hpp"
#include "data/sampling.hpp"

namespace w2t::analysis {
namespace {

constexpr std::array kMetrics = {
    Metric{"accelerators_built", "GPU"},
    Metric{"headline_buyer_built", "GPU"},
    Metric{"headline_buyer_waiting", "GPU"},
    Metric{"gw_online", "GW"},
    Metric{"accelerators_installed", "GPU"},
    Metric{"energy", "TWh"},
    Metric{"water", "m^3"},
    Metric{"co2e_operational", "Mt"},
    Metric{"capex", "$"},
    Metric{"tokens_per_day_demanded", "token/day"},
    Metric{"tokens_per_day_served", "token/day"},
    Metric{"contract_gw_per_year", "GW"},
};

// SI value of one display unit of each metric, read once.
const std::array<double, kMetrics.size()>& scales() {
  static const auto table = [] {
    std::array<double, kMetrics.size()> s{};
    for (std::size_t i = 0; i < kMetrics.size(); ++i) s[i] = parse_unit(kMetrics[i].unit)->scale;
    return s;
  }();
  return table;
}

}  // namespace

std::span<const Metric> summary_metrics() {
  return kMetrics;
}

void measure(const model::Run& r, std::span<double> out) {
  const auto& s = r.state;
  const auto& d = r.sites;
  const auto& dem = r.demanded;
  const int last = s.months - 1;
  const int headline = r.chain.headline_buyer();
  double built = 0.0;
  double headline_built = 0.0;
  for (int t = 0; t < s.months; ++t) {
    for (int b = 0; b < s.buyers; ++b) {
      for (int a = 0; a < s.accelerators; ++a) {
        built += s.built[s.tba(t, b, a)];
        if (b == headline) headline_built += s.built[s.tba(t, b, a)];
      }
    }
  }
  double it_power = 0.0;
  double installed = 0.0;
  double energy = 0.0;
  double water = 0.0;
  double co2 = 0.0;
  double capex = 0.0;
  for (int site = 0; site < d.sites; ++site) {
    it_power += d.it_power[d.st(last, site)];
    installed += d.installed[d.st(last, site)];
    for (int t = 0; t < d.months; ++t) {
      const auto i = d.st(t, site);
      energy += d.energy[i];
      water += d.water[i];
      co2 += d.co2_operational[i];
      capex += d.capex[i];
    }
  }
  double demanded = 0.0;
  double served = 0.0;
  for (int g = 0; g < dem.regions; ++g) {
    demanded += dem.tokens_demanded[dem.rt(g, last)];
    served += dem.tokens_served[dem.rt(g, last)];
  }
  // The seed's question: what the headline buyer's first contract buys of
  // its headline accelerator in the span's last month, in IT power a year.
  double contract_power = 0.0;
  if (headline >= 0 && !r.chain.buyers[static_cast<std::size_t>(headline)].contracts.empty()) {
    const int a = r.chain.headline_accelerator();
    const double wafers =
        r.chain.buyers[static_cast<std::size_t>(headline)].contracts.front().wafers_up_to(r.params, last);
    // wafers/s over wafers per device, times W per device: IT power added per second
    contract_power = wafers / supply::wafers_per_device(r.chain, r.params, a, last).total() *
                     r.chain.device_power(r.params, a, last);
  }
  const double year = 12.0 * r.chain.month_seconds;
  const std::array<double, kMetrics.size()> si = {
      built,
      headline_built,
      headline >= 0 ? d.waiting[d.tb(last, headline)] : 0.0,
      it_power,
      installed,
      energy,
      water,
      co2,
      capex,
      demanded,
      served,
      contract_power * year,
  };
  const auto& scale = scales();
  for (std::size_t i = 0; i < si.size(); ++i) out[i] = si[i] / scale[i];
}

MonteCarlo monte_carlo(const scenario::World& world, const model::Run& run, int samples, int threads,
                       std::uint64_t seed) {
  MonteCarlo mc;
  mc.samples = samples;
  mc.seed = seed;
  mc.threads = std::max(1, threads);
  const std::size_t m = kMetrics.size();
  mc.values.assign(static_cast<std::size_t>(samples) * m, 0.0);
  mc.central.assign(m, 0.0);
  measure(run, mc.central);

  // Each thread has its own model and formulas (a formula's parser is not
  // shared); sample k goes to thread k mod T and depends only on (seed, k).
  const auto work = [&](int first) {
    model::Run mine = run;
    const data::FormulaSet formulas = world.formulas;
    const data::Sampler sampler(world.dataset, formulas);
    for (int k = first; k < samples; k += mc.threads) {
      sampler.draw(seed, static_cast<std::uint64_t>(k), mine.params);
      model::evaluate(mine, mine.params);
      measure(mine, std::span(mc.values).subspan(static_cast<std::size_t>(k) * m, m));
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < mc.threads; ++i) pool.emplace_back(work, i);
  work(0);
  for (auto& t : pool) t.join();

  std::vector<double> column(static_cast<std::size_t>(samples));
  for (std::size_t j = 0; j < m; ++j) {
    double sum = 0.0;
    for (int k = 0; k < samples; ++k) {
      column[static_cast<std::size_t>(k)] = mc.values[static_cast<std::size_t>(k) * m + j];
      sum += column[static_cast<std::size_t>(k)];
    }
    Band b;
    b.mean = sum / samples;
    double squares = 0.0;
    for (const double v : column) squares += (v - b.mean) * (v - b.mean);
    b.stderr_of_mean = samples > 1 ? std::sqrt(squares / (samples - 1) / samples) : 0.0;
    b.p5 = data::quantile(column, 0.05);
    b.p25 = data::quantile(column, 0.25);
    b.p50 = data::quantile(column, 0.50);
    b.p75 = data::quantile(column, 0.75);
    b.p95 = data::quantile(column, 0.95);
    mc.bands.push_back(b);
  }
  return mc;
}

}  // namespace w2t::analysis
