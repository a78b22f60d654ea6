#include "io/sites_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>

#include "core/number_format.hpp"
#include "core/suggest.hpp"
#include "core/unit.hpp"

namespace w2t::io {
namespace {

// An SI value in a display unit.
double in(double si, std::string_view unit) { return parse_unit(unit)->from_si(si); }

}  // namespace

nlohmann::json sites_json(const sites::Comparison& c) {
  nlohmann::json types = nlohmann::json::array();
  for (const auto& y : c.types) {
    types.push_back({{"type", y.type},
                     {"name", y.name},
                     {"pue_by_month", y.pue},
                     {"pue_annual", y.pue_annual},
                     {"chiller_hours_share", y.chiller_hours},
                     {"over_design_hours_share", y.over_design},
                     {"energy_mwh_per_year", in(y.energy, "MWh")},
                     {"water_m3_per_year", y.water},
                     {"co2e_operational_t_per_year", in(y.co2_operational, "t")},
                     {"co2e_embodied_t", in(y.co2_embodied, "t")},
                     {"capex_usd", y.capex},
                     {"opex_usd_per_year", y.opex},
                     {"tco_10y_usd", y.tco},
                     {"usd_per_gpu_hour", y.usd_per_gpu_hour},
                     {"failures_per_year", y.failures}});
  }
  return {{"load_mw", in(c.load, "MW")},
          {"location", c.location},
          {"location_name", c.location_name},
          {"grid", c.grid},
          {"year", c.year},
          {"tco_years", c.years},
          {"accelerator", c.accelerator},
          {"accelerators", c.accelerators},
          {"embodied_kg_per_accelerator", {{"logic", c.device.logic},
                                           {"packaging", c.device.packaging},
                                           {"hbm", c.device.hbm},
                                           {"host_memory", c.device.host},
                                           {"server_and_network", c.device.server},
                                           {"total", c.device.total()}}},
          {"site_types", std::move(types)},
          {"not_comparable", c.without_water}};
}

std::string sites_text(const sites::Comparison& c) {
  std::string out = fmt::format("{} MW of IT at {} ({}, grid {}), {} {} accelerators, {} climate normals\n\n",
                                human(in(c.load, "MW")), c.location_name, c.location, c.grid,
                                human(c.accelerators), c.accelerator, c.year);
  out += fmt::format("{:<28}", "");
  for (const auto& y : c.types) out += fmt::format("{:>15}", y.type);
  out += "\n";
  const auto row = [&](std::string_view label, const std::function<std::string(const sites::SiteTypeYear&)>& cell) {
    out += fmt::format("{:<28}", label);
    for (const auto& y : c.types) out += fmt::format("{:>15}", cell(y));
    out += "\n";
  };
  row("PUE, annual", [](const auto& y) { return fmt::format("{:.3f}", y.pue_annual); });
  row("PUE, best / worst month", [](const auto& y) {
    const auto [lo, hi] = std::minmax_element(y.pue.begin(), y.pue.end());
    return fmt::format("{:.2f}/{:.2f}", *lo, *hi);
  });
  row("hours on chillers", [](const auto& y) { return fmt::format("{:.0f}%", 100.0 * y.chiller_hours); });
  row("energy, GWh/year", [&](const auto& y) { return human(in(y.energy, "GWh")); });
  row("water, m³/year", [](const auto& y) { return human(y.water); });
  row("CO2e operational, t/year", [&](const auto& y) { return human(in(y.co2_operational, "t")); });
  row("CO2e embodied, t", [&](const auto& y) { return human(in(y.co2_embodied, "t")); });
  row("capex, $", [](const auto& y) { return human(y.capex); });
  row("opex, $/year", [](const auto& y) { return human(y.opex); });
  row(fmt::format("TCO over {:g} years, $", c.years), [](const auto& y) { return human(y.tco); });
  row("$ per GPU-hour", [](const auto& y) { return fmt::format("{:.2f}", y.usd_per_gpu_hour); });
  row("hardware failures/year", [](const auto& y) { return human(y.failures); });
  out += "\nPUE by month\n";
  static constexpr std::array kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    row(fmt::format("  {}", kMonths[m]), [m](const auto& y) { return fmt::format("{:.3f}", y.pue[m]); });
  }
  for (const auto& y : c.types) {
    if (y.over_design > 0.005) {
      out += fmt::format("\n{}: {:.0f}% of hours are warmer than its cooling holds without a chiller.\n", y.type,
                         100.0 * y.over_design);
    }
  }
  if (!c.without_water.empty()) {
    out += fmt::format("\nNot compared (no sea or river water at {}): {}\n", c.location, join(c.without_water));
  }
  out += fmt::format("\nEmbodied carbon per accelerator: {:.0f} kg (logic {:.0f}, HBM {:.0f}, host memory {:.0f}, "
                     "packaging {:.1f}, servers and network {:.0f})\n",
                     c.device.total(), c.device.logic, c.device.hbm, c.device.host, c.device.packaging, c.device.server);
  return out;
}

}  // namespace w2t::io
