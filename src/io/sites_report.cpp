#include "io/sites_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>
#include <stdexcept>

#include "core/number_format.hpp"
#include "core/suggest.hpp"
#include "core/unit.hpp"

namespace w2t::io {
namespace {

// An SI value in a display unit ("" keeps it as it is).
double in(double si, std::string_view unit) {
  return unit.empty() ? si : parse_unit(unit)->from_si(si);
}

// How each banded figure appears in JSON: its key and display unit.
struct Column {
  std::string_view figure, key, unit;
};
constexpr std::array kColumns = {
    Column{"pue_annual", "pue_annual", ""},
    Column{"energy", "energy_mwh_per_year", "MWh"},
    Column{"water", "water_m3_per_year", ""},
    Column{"co2_operational", "co2e_operational_t_per_year", "t"},
    Column{"co2_embodied", "co2e_embodied_t", "t"},
    Column{"co2_embodied_yearly", "co2e_embodied_t_per_year", "t"},
    Column{"capex", "capex_usd", ""},
    Column{"opex", "opex_usd_per_year", ""},
    Column{"tco", "tco_10y_usd", ""},
    Column{"usd_per_gpu_hour", "usd_per_gpu_hour", ""},
    Column{"failures", "failures_per_year", ""},
};

const sites::Figure& figure(std::string_view name, std::size_t& index) {
  const auto figures = sites::site_figures();
  for (index = 0; index < figures.size(); ++index) {
    if (figures[index].name == name) return figures[index];
  }
  throw std::logic_error("no site figure named " +
                         std::string(name));  // a bug: kColumns and the figures differ
}

}  // namespace

nlohmann::json sites_json(const sites::Comparison& c, std::span<const sites::SiteTypeBands> bands) {
  nlohmann::json types = nlohmann::json::array();
  for (std::size_t k = 0; k < c.types.size(); ++k) {
    const auto& y = c.types[k];
    nlohmann::json t = {{"type", y.type},
                        {"name", y.name},
                        {"pue_by_month", y.pue},
                        {"chiller_hours_share", y.chiller_hours},
                        {"over_design_hours_share", y.over_design}};
    for (const auto& col : kColumns) {
      std::size_t f = 0;
      t[col.key] = in(y.*figure(col.figure, f).member, col.unit);
      if (!bands.empty()) {
        const auto& b = bands[k].figures[f];
        t[std::string(col.key) + "_range"] = {in(b.p5, col.unit), in(b.p95, col.unit)};
      }
    }
    if (!bands.empty()) {
      nlohmann::json months = nlohmann::json::array();
      for (const auto& b : bands[k].pue) months.push_back({b.p5, b.p95});
      t["pue_by_month_range"] = std::move(months);
    }
    types.push_back(std::move(t));
  }
  return {
      {"load_mw", in(c.load, "MW")},
      {"location", c.location},
      {"location_name", c.location_name},
      {"grid", c.grid},
      {"year", c.year},
      {"tco_years", c.years},
      {"accelerator", c.accelerator},
      {"accelerators", c.accelerators},
      {"ranges", bands.empty() ? nlohmann::json(nullptr) : nlohmann::json("P5..P95 over parameter draws")},
      {"embodied_kg_per_accelerator",
       {{"logic", c.device.logic},
        {"packaging", c.device.packaging},
        {"hbm", c.device.hbm},
        {"host_memory", c.device.host},
        {"server_and_network", c.device.server},
        {"total", c.device.total()}}},
      {"site_types", std::move(types)},
      {"not_comparable", c.without_water}};
}

std::string sites_text(const sites::Comparison& c, std::span<const sites::SiteTypeBands> bands) {
  std::string out = fmt::format(
      "{} MW of IT at {} ({}, grid {}), {} {} accelerators; climate normals, {} prices{}\n\n",
      human(in(c.load, "MW")), c.location_name, c.location, c.grid, human(c.accelerators), c.accelerator,
      c.year, bands.empty() ? "" : "; P5..P95 over parameter draws below each figure");
  out += fmt::format("{:<28}", "");
  for (const auto& y : c.types) out += fmt::format("{:>16}", y.type);
  out += "\n";
  const auto cells = [&](std::string_view label, const std::function<std::string(std::size_t)>& cell) {
    out += fmt::format("{:<28}", label);
    for (std::size_t k = 0; k < c.types.size(); ++k) out += fmt::format("{:>16}", cell(k));
    out += "\n";
  };
  // A figure, and its band under it when there are bands; `show` formats a display value.
  const auto row = [&](std::string_view label, std::string_view name, std::string_view unit,
                       const std::function<std::string(double)>& show) {
    std::size_t f = 0;
    const auto member = figure(name, f).member;
    cells(label, [&](std::size_t k) { return show(in(c.types[k].*member, unit)); });
    if (bands.empty()) return;
    cells("", [&](std::size_t k) {
      const auto& b = bands[k].figures[f];
      return fmt::format("{}..{}", show(in(b.p5, unit)), show(in(b.p95, unit)));
    });
  };
  const auto fixed = [](int digits) {
    return [digits](double v) { return fmt::format("{:.{}f}", v, digits); };
  };
  const auto rounded = [](double v) { return human(v); };
  row("PUE, annual", "pue_annual", "", fixed(3));
  cells("PUE, best / worst month", [&](std::size_t k) {
    const auto [lo, hi] = std::minmax_element(c.types[k].pue.begin(), c.types[k].pue.end());
    return fmt::format("{:.2f}/{:.2f}", *lo, *hi);
  });
  cells("hours on chillers",
        [&](std::size_t k) { return fmt::format("{:.0f}%", 100.0 * c.types[k].chiller_hours); });
  row("energy, GWh/year", "energy", "GWh", rounded);
  row("water, m³/year", "water", "", rounded);
  row("CO2e operational, t/year", "co2_operational", "t", rounded);
  row("CO2e embodied, t", "co2_embodied", "t", rounded);
  row("  amortised, t/year", "co2_embodied_yearly", "t", rounded);
  row("capex, $", "capex", "", rounded);
  row("opex, $/year", "opex", "", rounded);
  row(fmt::format("TCO over {:g} years, $", c.years), "tco", "", rounded);
  row("$ per GPU-hour", "usd_per_gpu_hour", "", fixed(2));
  row("hardware failures/year", "failures", "", rounded);
  out += "\nPUE by month\n";
  static constexpr std::array kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    cells(fmt::format("  {}", kMonths[m]),
          [&](std::size_t k) { return fmt::format("{:.3f}", c.types[k].pue[m]); });
  }
  for (const auto& y : c.types) {
    if (y.over_design > 0.005) {
      out += fmt::format("\n{}: {:.0f}% of hours are warmer than its cooling holds without a chiller.\n",
                         y.type, 100.0 * y.over_design);
    }
  }
  if (!c.without_water.empty()) {
    out +=
        fmt::format("\nNot compared (no sea or river water at {}): {}\n", c.location, join(c.without_water));
  }
  out += fmt::format(
      "\nEmbodied carbon per accelerator: {:.0f} kg (logic {:.0f}, HBM {:.0f}, host memory {:.0f}, "
      "packaging {:.2f}, servers and network {:.0f})\n",
      c.device.total(), c.device.logic, c.device.hbm, c.device.host, c.device.packaging, c.device.server);
  return out;
}

}  // namespace w2t::io
