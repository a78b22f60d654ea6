// The figures a sample records: the summary metrics (one number a run) and
// the timeline series (one number a month), in display units.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "analysis/monte_carlo.hpp"
#include "core/suggest.hpp"
#include "core/unit.hpp"

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

constexpr std::array kSeries = {
    Metric{"accelerators_built", "GPU"},
    Metric{"headline_buyer_waiting", "GPU"},
    Metric{"gw_online", "GW"},
    Metric{"accelerators_installed", "GPU"},
    Metric{"energy", "GWh"},
    Metric{"water", "m^3"},
    Metric{"co2e_operational", "kt"},
    Metric{"capex", "$"},
    Metric{"tokens_per_day_demanded", "token/day"},
    Metric{"tokens_per_day_served", "token/day"},
};

// SI value of one display unit of each metric, read once.
template <std::size_t N>
std::array<double, N> scales_of(const std::array<Metric, N>& metrics) {
  std::array<double, N> s{};
  for (std::size_t i = 0; i < N; ++i) s[i] = parse_unit(metrics[i].unit)->scale;
  return s;
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
  static const auto scale = scales_of(kMetrics);
  for (std::size_t i = 0; i < si.size(); ++i) out[i] = si[i] / scale[i];
}

Expected<std::size_t> find_metric(std::string_view name, std::string_view field) {
  for (std::size_t i = 0; i < kMetrics.size(); ++i) {
    if (kMetrics[i].name == name) return i;
  }
  std::vector<std::string> names;
  for (const auto& m : kMetrics) names.emplace_back(m.name);
  return make_error(ErrorCode::bad_reference,
                    fmt::format("unknown metric '{}'{}", name, did_you_mean(name, names)), std::string(field),
                    fmt::format("one of: {}", join(names)));
}

std::span<const Metric> timeline_series() {
  return kSeries;
}

void measure_series(const model::Run& r, std::span<double> out) {
  static const auto scale = scales_of(kSeries);
  const auto& s = r.state;
  const auto& d = r.sites;
  const auto& dem = r.demanded;
  const int months = s.months;
  const int headline = r.chain.headline_buyer();
  std::fill(out.begin(), out.end(), 0.0);
  const auto at = [&](std::size_t series, int t) -> double& {
    return out[series * static_cast<std::size_t>(months) + static_cast<std::size_t>(t)];
  };
  for (int t = 0; t < months; ++t) {
    double built = 0.0;
    for (int b = 0; b < s.buyers; ++b) {
      for (int a = 0; a < s.accelerators; ++a) built += s.built[s.tba(t, b, a)];
    }
    at(0, t) = built;
    at(1, t) = headline >= 0 ? d.waiting[d.tb(t, headline)] : 0.0;
    for (int site = 0; site < d.sites; ++site) {
      const auto i = d.st(t, site);
      at(2, t) += d.it_power[i];
      at(3, t) += d.installed[i];
      at(4, t) += d.energy[i];
      at(5, t) += d.water[i];
      at(6, t) += d.co2_operational[i];
      at(7, t) += d.capex[i];
    }
    for (int g = 0; g < dem.regions; ++g) {
      at(8, t) += dem.tokens_demanded[dem.rt(g, t)];
      at(9, t) += dem.tokens_served[dem.rt(g, t)];
    }
  }
  for (std::size_t k = 0; k < kSeries.size(); ++k) {
    for (int t = 0; t < months; ++t) at(k, t) /= scale[k];
  }
}

}  // namespace w2t::analysis
