#include "io/run_report.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"
#include "core/unit.hpp"
#include "supply/allocation.hpp"

namespace w2t::io {
namespace {

struct BuyerYear {
  double demanded = 0.0;
  double built = 0.0;
  double watts_built = 0.0;  // IT power of the accelerators built
};

struct YearTotals {
  int year = 0;
  std::vector<BuyerYear> buyers;
};

std::vector<YearTotals> by_year(const model::Run& r) {
  std::vector<YearTotals> years;
  const auto& s = r.state;
  for (int t = 0; t < s.months; ++t) {
    const int year = (r.chain.span.first + t).year();
    if (years.empty() || years.back().year != year) {
      years.push_back({year, std::vector<BuyerYear>(static_cast<std::size_t>(s.buyers))});
    }
    for (int b = 0; b < s.buyers; ++b) {
      auto& y = years.back().buyers[static_cast<std::size_t>(b)];
      for (int a = 0; a < s.accelerators; ++a) {
        y.demanded += s.demand[s.tba(t, b, a)];
        y.built += s.built[s.tba(t, b, a)];
        y.watts_built += s.built[s.tba(t, b, a)] * r.chain.device_power(r.params, a, t);
      }
    }
  }
  return years;
}

// What a wafer supply of `wafers_per_month` buys of accelerator `a` in month t.
std::string wafer_question(const model::Run& r, double wafers_per_month, int a, int t) {
  const auto w = supply::wafers_per_device(r.chain, r.params, a, t);
  const double per_year = wafers_per_month * 12.0 / w.total();
  const double gw = per_year * r.chain.device_power(r.params, a, t) / 1e9;
  return fmt::format("{} wafers/month buy {} {} a year ({:.3f} wafers each: HBM {:.3f}, host {:.3f}) = {:.0f} GW of IT power a year",
                     human(wafers_per_month), human(per_year), r.chain.accelerators[static_cast<std::size_t>(a)].id,
                     w.total(), w.hbm, w.host, gw);
}

std::string year_table(const model::Run& r) {
  const auto& c = r.chain;
  std::string head = fmt::format("  {:<6}", "year");
  for (const auto& b : c.buyers) {
    if (b.open_ended()) {
      head += fmt::format(" {:>22}", b.id + " built");
    } else {
      head += fmt::format(" {:>16} {:>14} {:>9}", b.id + " demanded", b.id + " built", "GW (IT)");
    }
  }
  std::string out = "\nAccelerators built for each buyer, by year:\n" + head + "\n";
  std::vector<double> cumulative(c.buyers.size(), 0.0);
  for (const auto& y : by_year(r)) {
    out += fmt::format("  {:<6}", y.year);
    for (std::size_t b = 0; b < c.buyers.size(); ++b) {
      const auto& v = y.buyers[b];
      cumulative[b] += v.built;
      if (!c.buyers[b].open_ended()) {
        out += fmt::format(" {:>16} {:>14} {:>9.1f}", human(v.demanded), human(v.built), v.watts_built / 1e9);
      } else {
        out += fmt::format(" {:>22}", human(v.built));
      }
    }
    out += "\n";
  }
  out += "  cumulative:";
  for (std::size_t b = 0; b < c.buyers.size(); ++b) {
    out += fmt::format("{} {} {}", b == 0 ? "" : " ·", c.buyers[b].id, human(cumulative[b]));
  }
  return out + " accelerators\n";
}

// One site over the span: what is online at its end, and the sums.
struct SiteTotals {
  double it_power = 0.0;  // W installed at the span's end
  double accelerators = 0.0;
  double it_energy = 0.0, energy = 0.0, water = 0.0, co2_operational = 0.0, co2_embodied = 0.0, capex = 0.0,
         opex = 0.0, depreciation = 0.0;
  double gpu_seconds = 0.0;  // accelerators installed x time, over the span

  [[nodiscard]] double pue() const { return it_energy > 0.0 ? energy / it_energy : 0.0; }
  void add(const SiteTotals& o) {
    it_power += o.it_power;
    accelerators += o.accelerators;
    it_energy += o.it_energy;
    energy += o.energy;
    water += o.water;
    co2_operational += o.co2_operational;
    co2_embodied += o.co2_embodied;
    capex += o.capex;
    opex += o.opex;
    depreciation += o.depreciation;
    gpu_seconds += o.gpu_seconds;
  }
  // What an accelerator-hour of the installed fleet cost: depreciation and opex over the hours.
  [[nodiscard]] double per_gpu_second() const { return gpu_seconds > 0.0 ? (depreciation + opex) / gpu_seconds : 0.0; }
};

SiteTotals site_totals(const model::Run& r, int site) {
  const auto& d = r.sites;
  SiteTotals out;
  const int last = d.months - 1;
  out.it_power = d.it_power[d.st(last, site)];
  out.accelerators = d.installed[d.st(last, site)];
  for (int t = 0; t < d.months; ++t) {
    const auto i = d.st(t, site);
    out.it_energy += d.energy[i] / d.pue[i];
    out.energy += d.energy[i];
    out.water += d.water[i];
    out.co2_operational += d.co2_operational[i];
    out.co2_embodied += d.co2_embodied[i];
    out.capex += d.capex[i];
    out.opex += d.opex[i];
    out.depreciation += d.depreciation[i];
    out.gpu_seconds += d.installed[d.st(t, site)] * r.chain.month_seconds;
  }
  return out;
}

// Investment released by each deal by the span's end.
std::vector<std::pair<std::string, double>> released(const model::Run& r) {
  std::vector<std::pair<std::string, double>> out;
  const auto& deals = r.deployment.deals;
  const auto last = static_cast<std::size_t>(r.sites.months - 1);
  for (std::size_t k = 0; k < deals.size(); ++k) out.emplace_back(deals[k].id, r.sites.released[last * deals.size() + k]);
  return out;
}

SiteTotals all_sites(const model::Run& r) {
  SiteTotals all;
  for (int s = 0; s < r.sites.sites; ++s) all.add(site_totals(r, s));
  return all;
}

nlohmann::json totals_json(const SiteTotals& t) {
  const auto in = [](double si, std::string_view unit) { return parse_unit(unit)->from_si(si); };
  return {{"gw_online", in(t.it_power, "GW")},
          {"accelerators_installed", t.accelerators},
          {"energy_mwh", in(t.energy, "MWh")},
          {"water_m3", t.water},
          {"co2e_operational_t", in(t.co2_operational, "t")},
          {"co2e_embodied_t", in(t.co2_embodied, "t")},
          {"capex_usd", t.capex},
          {"opex_usd", t.opex},
          {"depreciation_usd", t.depreciation},
          {"usd_per_gw_it", t.it_power > 0.0 ? t.capex / in(t.it_power, "GW") : 0.0},
          {"usd_per_gpu_hour", t.per_gpu_second() * parse_unit("h")->scale}};
}

std::string sites_table(const model::Run& r) {
  const auto& sites = r.deployment.sites;
  if (sites.sites.empty()) return {};
  const auto in = [](double si, std::string_view unit) { return parse_unit(unit)->from_si(si); };
  std::string out = fmt::format("\nSites (power online at {}; energy, water, carbon and money over the span):\n",
                                (r.chain.span.first + (r.sites.months - 1)).str());
  out += fmt::format("  {:<16} {:<15} {:>8} {:>12} {:>6} {:>8} {:>10} {:>11} {:>9} {:>9}\n", "site", "type",
                     "GW (IT)", "accelerators", "PUE", "TWh", "water m³", "CO2e t", "capex $", "opex $");
  const auto line = [&](std::string_view site, std::string_view type, const SiteTotals& t) {
    const std::string pue = t.it_energy > 0.0 ? fmt::format("{:.3f}", t.pue()) : "-";  // nothing ran there
    out += fmt::format("  {:<16} {:<15} {:>8.2f} {:>12} {:>6} {:>8.1f} {:>10} {:>11} {:>9} {:>9}\n", site, type,
                       in(t.it_power, "GW"), human(t.accelerators), pue, in(t.energy, "TWh"), human(t.water),
                       human(in(t.co2_operational, "t")), human(t.capex), human(t.opex));
  };
  for (int s = 0; s < r.sites.sites; ++s) {
    const auto& site = sites.sites[static_cast<std::size_t>(s)];
    line(site.id, sites.types[static_cast<std::size_t>(site.type)].id, site_totals(r, s));
  }
  const SiteTotals all = all_sites(r);
  line("all sites", "", all);
  out += fmt::format("  CO2e embodied in the accelerators, servers and buildings installed: {} t\n",
                     human(in(all.co2_embodied, "t")));
  out += fmt::format("  money: capex {} ({} per GW of IT online), depreciation {} and opex {} over the span = ${:.2f} "
                     "per accelerator-hour\n",
                     human(all.capex), human(all.it_power > 0.0 ? all.capex / in(all.it_power, "GW") : 0.0),
                     human(all.depreciation), human(all.opex), all.per_gpu_second() * parse_unit("h")->scale);
  for (const auto& [deal, amount] : released(r)) {
    out += fmt::format("  {} released by {} for the GW online: ${}\n", deal,
                       (r.chain.span.first + (r.sites.months - 1)).str(), human(amount));
  }
  return out;
}

}  // namespace

std::vector<std::pair<MonthRange, supply::Binding>> binding_spans(const model::Run& r, int buyer, bool deployed) {
  std::vector<std::pair<MonthRange, supply::Binding>> out;
  const auto& s = r.state;
  for (int t = 0; t < s.months; ++t) {
    const Month m = r.chain.span.first + t;
    const auto binding = deployed ? r.sites.binding[r.sites.tb(t, buyer)] : s.binding[s.tb(t, buyer)];
    if (!out.empty() && out.back().second == binding) {
      out.back().first.last = m;
    } else {
      out.push_back({{m, m}, binding});
    }
  }
  return out;
}

std::string run_text(const scenario::World& world, const model::Run& r) {
  const auto& c = r.chain;
  std::string out = fmt::format("wafer2token — scenario '{}' ({}..{})\n", world.scenario.id, c.span.first.str(),
                                c.span.last.str());
  out += year_table(r);
  const auto spans = [&](int b, bool deployed) {
    for (const auto& [range, binding] : binding_spans(r, b, deployed)) {
      const std::string months =
          range.first == range.last ? range.first.str() : fmt::format("{}..{}", range.first.str(), range.last.str());
      out += fmt::format("  {:<16} {}\n", months + ":", c.describe(binding));
    }
  };
  for (int b = 0; b < r.state.buyers; ++b) {
    const auto& buyer = c.buyers[static_cast<std::size_t>(b)];
    out += fmt::format("\nWhat binds {}'s supply ({}):\n", buyer.id, buyer.rule->name);
    spans(b, false);
    if (r.deployment.buyer_sites[static_cast<std::size_t>(b)].empty()) continue;
    const int last = r.sites.months - 1;
    out += fmt::format("What binds {}'s switched-on capacity ({} accelerators waiting for a slot at {}):\n", buyer.id,
                       human(r.sites.waiting[r.sites.tb(last, b)]), (c.span.first + last).str());
    spans(b, true);
  }
  out += sites_table(r);
  // The seed's headline question, with the headline buyer's first deal.
  if (const int b = c.headline_buyer(); b >= 0 && !c.buyers[static_cast<std::size_t>(b)].contracts.empty()) {
    const int t = c.span.size() - 1;
    const double loi = c.buyers[static_cast<std::size_t>(b)].contracts.front().wafers_up_to(r.params, t) * c.month_seconds;
    out += fmt::format("\nThe {} question ({}): {}\n", human(loi), (c.span.first + t).str(),
                       wafer_question(r, loi, c.headline_accelerator(), t));
  }
  return out;
}

nlohmann::json run_json(const scenario::World& world, const model::Run& r) {
  const auto& tl = r.timeline;
  const auto& c = r.chain;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : tl.rows) {
    rows.push_back({{"month", (tl.span.first + row.month).str()},
                    {"stage", tl.stages[row.stage]},
                    {"entity", tl.entities[row.entity]},
                    {"metric", tl.metrics[row.metric].name},
                    {"value", row.value},
                    {"unit", tl.metrics[row.metric].unit}});
  }
  nlohmann::json years = nlohmann::json::array();
  for (const auto& y : by_year(r)) {
    nlohmann::json buyers = nlohmann::json::object();
    for (std::size_t b = 0; b < c.buyers.size(); ++b) {
      const auto& v = y.buyers[b];
      buyers[c.buyers[b].id] = {{"demanded", v.demanded}, {"built", v.built}, {"gw_it_built", v.watts_built / 1e9}};
    }
    years.push_back({{"year", y.year}, {"buyers", std::move(buyers)}});
  }
  const auto spans = [&](bool deployed) {
    nlohmann::json out = nlohmann::json::array();
    for (int b = 0; b < r.state.buyers; ++b) {
      if (deployed && r.deployment.buyer_sites[static_cast<std::size_t>(b)].empty()) continue;
      for (const auto& [range, which] : binding_spans(r, b, deployed)) {
        out.push_back({{"buyer", c.buyers[static_cast<std::size_t>(b)].id},
                       {"first", range.first.str()},
                       {"last", range.last.str()},
                       {"stage", supply::to_string(which.stage)},
                       {"what", c.describe(which)}});
      }
    }
    return out;
  };
  nlohmann::json summary = totals_json(all_sites(r));
  summary["by_year"] = std::move(years);
  summary["binding"] = spans(false);
  summary["deployment_binding"] = spans(true);
  nlohmann::json sites = nlohmann::json::object();
  for (int s = 0; s < r.sites.sites; ++s) {
    const auto& site = r.deployment.sites.sites[static_cast<std::size_t>(s)];
    auto j = totals_json(site_totals(r, s));
    j["site_type"] = r.deployment.sites.types[static_cast<std::size_t>(site.type)].id;
    sites[site.id] = std::move(j);
  }
  summary["sites"] = std::move(sites);
  nlohmann::json investment = nlohmann::json::object();
  double total_released = 0.0;
  for (const auto& [deal, amount] : released(r)) {
    investment[deal] = amount;
    total_released += amount;
  }
  summary["investment_released_usd"] = total_released;
  summary["investment_released_by_deal"] = std::move(investment);
  return {{"scenario", world.scenario.id},
          {"months", c.span.size()},
          {"summary", std::move(summary)},
          {"timeline", std::move(rows)}};
}

std::string timeline_csv(const model::Timeline& tl) {
  std::string out = "month,stage,entity,metric,value,unit\n";
  for (const auto& row : tl.rows) {
    out += fmt::format("{},{},{},{},{},{}\n", (tl.span.first + row.month).str(), tl.stages[row.stage],
                       tl.entities[row.entity], tl.metrics[row.metric].name, row.value, tl.metrics[row.metric].unit);
  }
  return out;
}

}  // namespace w2t::io
