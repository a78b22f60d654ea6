#include "sites/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/unit.hpp"

namespace w2t::sites {

Comparison compare_site_types(const SiteModel& sites, const Economics& economics, const supply::Chain& chain,
                              std::span<const double> params, const CompareRequest& request, int t0) {
  const auto& site = sites.sites[static_cast<std::size_t>(request.location)];
  const auto& grid = sites.grids[static_cast<std::size_t>(site.grid)];
  const double month = chain.month_seconds;
  const double year = 12.0 * month;
  const double hour = *parse_si("1 h", *parse_unit("s"));
  const double load = request.load;

  Comparison out;
  out.load = load;
  out.location = site.id;
  out.location_name = site.name;
  out.grid = grid.id;
  out.accelerator = chain.accelerators[static_cast<std::size_t>(request.accelerator)].id;
  out.year = (sites.span.first + t0).year();
  out.years = request.years;
  out.accelerators = load / (chain.device_power(params, request.accelerator, t0) * (1.0 + request.beside));
  out.device = economics.device_carbon(chain, params, request.accelerator, t0);

  const double rate = economics.cost_of_capital(params, t0) * year;  // per year
  const double life_it = economics.life_it(params, t0) / year;
  const double life_building = economics.life_building(params, t0) / year;
  const double it_capex =
      out.accelerators * (economics.accelerator_price(params, t0) + economics.server_network(params, t0));

  for (std::size_t k = 0; k < sites.types.size(); ++k) {
    const auto& type = sites.types[k];
    if (type.cooling->water_side && !site.has_water()) {
      out.without_water.push_back(type.id);
      continue;
    }
    SiteTypeYear y;
    y.type = type.id;
    y.name = type.name;
    for (int m = 0; m < 12; ++m) {
      const SiteMonth sm = sites.month(params, static_cast<int>(k), request.location, t0 + m);
      y.pue[static_cast<std::size_t>(m)] = sm.pue;
      y.energy += load * sm.pue * month;
      y.water += load * month * sm.water;
      y.chiller_hours += sm.cooling.chiller_hours / 12.0;
      y.over_design += sm.cooling.over_design / 12.0;
    }
    y.pue_annual = y.energy / (load * year);
    y.co2_operational = y.energy * grid.carbon_intensity(params, t0);
    const double building_carbon =
        economics.building_carbon(params, t0) * load * type.building_carbon_ratio(params, t0);
    y.co2_embodied = building_carbon + out.accelerators * out.device.total();
    y.co2_embodied_yearly =
        out.accelerators * out.device.total() / (economics.service_life(params, t0) / year) +
        building_carbon / life_building;

    const double building = economics.land_build_cost(params, t0) * type.capex_ratio(params, t0) * load;
    y.capex = building + it_capex;
    y.opex = y.energy * grid.price(params, t0) + economics.maintenance_rate(params, t0) * year * y.capex +
             economics.staff_per_mw(params, t0) * load * economics.staff_cost(params, t0) * year;
    // Present value over the horizon: the building now, the IT hardware now
    // and at each refresh, the operating cost at each year's end.
    y.tco = building + y.opex * annuity_value(rate, request.years);
    for (double at = 0.0; at < request.years; at += life_it) y.tco += it_capex / std::pow(1.0 + rate, at);
    const double yearly = building * capital_recovery(rate, life_building) +
                          it_capex * capital_recovery(rate, life_it) + y.opex;
    y.usd_per_gpu_hour = yearly / (out.accelerators * year / hour);
    y.failures =
        out.accelerators * economics.failure_rate(params, t0) * year * type.failure_factor(params, t0);
    out.types.push_back(std::move(y));
  }
  return out;
}

Expected<SiteTypeYear> own_type_year(const SiteModel& sites, const Economics& economics, const supply::Chain& chain,
                                     std::span<const double> params, const CompareRequest& request, int t) {
  if (chain.span.size() < 12) {
    return make_error(ErrorCode::bad_value, "the cost of an accelerator-hour needs a span of a whole year", "span",
                      "at least 12 months");
  }
  if (request.location < 0 || static_cast<std::size_t>(request.location) >= sites.sites.size()) {
    return make_error(ErrorCode::missing, "the cost of an accelerator-hour needs a site to price it at", "sites",
                      "a scenario with sites");
  }
  const int january = std::clamp(t - (chain.span.first + t).month() + 1, 0, chain.span.size() - 12);
  const auto year = compare_site_types(sites, economics, chain, params, request, january);
  const auto& site = sites.sites[static_cast<std::size_t>(request.location)];
  const auto& type_id = sites.types[static_cast<std::size_t>(site.type)].id;
  auto own = std::find_if(year.types.begin(), year.types.end(), [&](const auto& y) { return y.type == type_id; });
  if (own == year.types.end()) {
    return make_error(ErrorCode::missing, fmt::format("{} cannot run as {} at its location", site.id, type_id),
                      "site." + site.id + ".site_type", "a site type its climate supports");
  }
  return *own;
}

namespace {

constexpr std::array kFigures = {
    Figure{"pue_annual", &SiteTypeYear::pue_annual},
    Figure{"energy", &SiteTypeYear::energy},
    Figure{"water", &SiteTypeYear::water},
    Figure{"co2_operational", &SiteTypeYear::co2_operational},
    Figure{"co2_embodied", &SiteTypeYear::co2_embodied},
    Figure{"co2_embodied_yearly", &SiteTypeYear::co2_embodied_yearly},
    Figure{"capex", &SiteTypeYear::capex},
    Figure{"opex", &SiteTypeYear::opex},
    Figure{"tco", &SiteTypeYear::tco},
    Figure{"usd_per_gpu_hour", &SiteTypeYear::usd_per_gpu_hour},
    Figure{"failures", &SiteTypeYear::failures},
};

}  // namespace

std::span<const Figure> site_figures() {
  return kFigures;
}

std::vector<SiteTypeBands> compare_bands(const SiteModel& sites, const Economics& economics,
                                         const supply::Chain& chain, const Series& non_accelerator_it,
                                         const data::Sampler& sampler, std::size_t parameters,
                                         CompareRequest request, int t0, std::uint64_t seed, int samples) {
  std::vector<double> draw(parameters);
  // values[type][figure][sample]; the twelve monthly PUEs after the figures
  constexpr std::size_t kMonths = 12;
  std::vector<std::vector<std::vector<double>>> values;
  for (int i = 0; i < samples; ++i) {
    sampler.draw(seed, static_cast<std::uint64_t>(i), draw);
    request.beside = non_accelerator_it(draw, t0);
    const Comparison c = compare_site_types(sites, economics, chain, draw, request, t0);
    values.resize(c.types.size(), std::vector<std::vector<double>>(kFigures.size() + kMonths));
    for (std::size_t k = 0; k < c.types.size(); ++k) {
      for (std::size_t f = 0; f < kFigures.size(); ++f)
        values[k][f].push_back(c.types[k].*kFigures[f].member);
      for (std::size_t m = 0; m < kMonths; ++m) values[k][kFigures.size() + m].push_back(c.types[k].pue[m]);
    }
  }
  std::vector<SiteTypeBands> out(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    const auto band = [&](std::size_t f) {
      return Band{data::quantile(values[k][f], 0.05), data::quantile(values[k][f], 0.95)};
    };
    for (std::size_t f = 0; f < kFigures.size(); ++f) out[k].figures.push_back(band(f));
    for (std::size_t m = 0; m < kMonths; ++m) out[k].pue[m] = band(kFigures.size() + m);
  }
  return out;
}

}  // namespace w2t::sites
