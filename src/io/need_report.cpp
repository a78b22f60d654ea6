#include "io/need_report.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"
#include "io/data_view.hpp"

namespace w2t::io {

nlohmann::json need_json(const supply::Need& n, const data::Dataset& ds, bool forward) {
  nlohmann::json assumptions = nlohmann::json::array();
  for (const auto& path : n.assumptions) {
    if (const auto* p = ds.get(path)) {
      assumptions.push_back(parameter_json(*p, ds));
    } else if (const auto* point = ds.describing(path)) {  // a schedule: its value this month
      auto j = parameter_json(*point, ds);
      j["path"] = path;
      j["value"] = point->unit.from_si(*ds.value_at(path, n.month));
      j["month"] = n.month.str();
      assumptions.push_back(std::move(j));
    }
  }
  nlohmann::json j = {{"accelerator", n.accelerator},
                      {"month", n.month.str()},
                      {"accelerators_per_month", n.devices_per_month},
                      {"dram_wafers_per_month", n.dram_wafers_per_month},
                      {"by_product", n.by_product},
                      {"by_maker", n.by_maker},
                      {"share_of_world_dram_capacity", n.share_of_world},
                      {"stacking_capacity_needed", n.stacking_needed},
                      {"packaging_capacity_needed", n.packaging_needed},
                      {"capacity",
                       {{"world_dram_wafers", n.world_capacity},
                        {"hbm_tsv_wafers", n.tsv_capacity},
                        {"interposer_wafers", n.packaging_capacity}}},
                      {"binding_stage", supply::to_string(n.binding)},
                      {"binding_ratio", n.binding_ratio},
                      {"reachable", n.binding_ratio <= 1.0},
                      {"assumptions", std::move(assumptions)}};
  if (forward) {
    j["accelerators_per_year"] = n.accelerators_per_year;
    j["gw_per_year"] = n.gw_per_year;
  }
  return j;
}

std::string need_text(const supply::Need& n, bool forward) {
  std::string out;
  if (forward) {
    out += fmt::format("{} memory wafers/month buy {} {} a year = {:.1f} GW of IT power a year ({})\n\n",
                       human(n.dram_wafers_per_month), human(n.accelerators_per_year), n.accelerator,
                       n.gw_per_year, n.month.str());
  } else {
    out += fmt::format("{} {} a month ({:.1f} GW/year of IT power) need, in {}:\n\n",
                       human(n.devices_per_month), n.accelerator, n.gw_per_year, n.month.str());
  }
  out += fmt::format("  DRAM wafers/month      {:>10}  = {:.1f}% of world DRAM capacity ({})\n",
                     human(n.dram_wafers_per_month), 100.0 * n.share_of_world, human(n.world_capacity));
  for (const auto& [product, wafers] : n.by_product)
    out += fmt::format("    {:<20} {:>10}\n", product, human(wafers));
  out += "  by maker (pro rata to capacity):\n";
  for (const auto& [maker, wafers] : n.by_maker)
    out += fmt::format("    {:<20} {:>10}\n", maker, human(wafers));
  out += fmt::format("  HBM TSV wafers/month   {:>10}  of {} available\n", human(n.stacking_needed),
                     human(n.tsv_capacity));
  out += fmt::format("  interposers/month      {:>10}  of {} available\n", human(n.packaging_needed),
                     human(n.packaging_capacity));
  if (n.binding_ratio > 1.0) {
    out += fmt::format("\nNot reachable: {} would need {:.3g}x its capacity.\n", supply::to_string(n.binding),
                       n.binding_ratio);
  } else {
    out += fmt::format("\nTightest stage: {} at {:.0f}% of its capacity.\n", supply::to_string(n.binding),
                       100.0 * n.binding_ratio);
  }
  return out;
}

}  // namespace w2t::io
