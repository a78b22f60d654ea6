#include "io/run_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

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
  return fmt::format(
      "{} wafers/month buy {} {} a year ({:.3f} wafers each: HBM {:.3f}, host {:.3f}) = {:.0f} GW of IT "
      "power a year",
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
  [[nodiscard]] double per_gpu_second() const { return ratio(depreciation + opex, gpu_seconds); }
  [[nodiscard]] double per_gw() const { return ratio(capex, parse_unit("GW")->from_si(it_power)); }

  // A per-unit figure, 0 when there is nothing (or next to nothing) to divide by.
  static double ratio(double amount, double per) {
    const double r = per > 0.0 ? amount / per : 0.0;
    return std::isfinite(r) ? r : 0.0;
  }
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
  for (std::size_t k = 0; k < deals.size(); ++k)
    out.emplace_back(deals[k].id, r.sites.released[last * deals.size() + k]);
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
          {"usd_per_gw_it", t.per_gw()},
          {"usd_per_gpu_hour", t.per_gpu_second() * parse_unit("h")->scale}};
}

std::string sites_table(const model::Run& r) {
  const auto& sites = r.deployment.sites;
  if (sites.sites.empty()) return {};
  const auto in = [](double si, std::string_view unit) { return parse_unit(unit)->from_si(si); };
  std::string out =
      fmt::format("\nSites (power online at {}; energy, water, carbon and money over the span):\n",
                  (r.chain.span.first + (r.sites.months - 1)).str());
  out += fmt::format("  {:<16} {:<15} {:>8} {:>12} {:>6} {:>8} {:>10} {:>11} {:>9} {:>9}\n", "site", "type",
                     "GW (IT)", "accelerators", "PUE", "TWh", "water m³", "CO2e t", "capex $", "opex $");
  const auto line = [&](std::string_view site, std::string_view type, const SiteTotals& t) {
    const std::string pue = t.it_energy > 0.0 ? fmt::format("{:.3f}", t.pue()) : "-";  // nothing ran there
    out += fmt::format("  {:<16} {:<15} {:>8.2f} {:>12} {:>6} {:>8.1f} {:>10} {:>11} {:>9} {:>9}\n", site,
                       type, in(t.it_power, "GW"), human(t.accelerators), pue, in(t.energy, "TWh"),
                       human(t.water), human(in(t.co2_operational, "t")), human(t.capex), human(t.opex));
  };
  for (int s = 0; s < r.sites.sites; ++s) {
    const auto& site = sites.sites[static_cast<std::size_t>(s)];
    line(site.id, sites.types[static_cast<std::size_t>(site.type)].id, site_totals(r, s));
  }
  const SiteTotals all = all_sites(r);
  line("all sites", "", all);
  out += fmt::format("  CO2e embodied in the accelerators, servers and buildings installed: {} t\n",
                     human(in(all.co2_embodied, "t")));
  out += fmt::format(
      "  money: capex {} ({} per GW of IT online), depreciation {} and opex {} over the span = ${:.2f} "
      "per accelerator-hour\n",
      human(all.capex), human(all.per_gw()),
      human(all.depreciation), human(all.opex), all.per_gpu_second() * parse_unit("h")->scale);
  for (const auto& [deal, amount] : released(r)) {
    out += fmt::format("  {} released by {} for the GW online: ${}\n", deal,
                       (r.chain.span.first + (r.sites.months - 1)).str(), human(amount));
  }
  return out;
}

// Months in which a region's peak demand needed more IT power than served
// inference there, with the worst excess of the span (infinite: none served).
struct GapSpan {
  MonthRange months;
  double worst = 0.0;
};

std::vector<GapSpan> demand_gaps(const model::Run& r, int region) {
  const auto& d = r.demanded;
  std::vector<GapSpan> out;
  for (int t = 0; t < d.months; ++t) {
    const auto i = d.rt(region, t);
    if (d.needed[i] <= d.serving[i] * (1.0 + 1e-9) || d.needed[i] <= 0.0) continue;
    const double excess =
        d.serving[i] > 0.0 ? d.needed[i] / d.serving[i] - 1.0 : std::numeric_limits<double>::infinity();
    const Month m = r.chain.span.first + t;
    if (!out.empty() && out.back().months.last + 1 == m) {
      out.back().months.last = m;
      out.back().worst = std::max(out.back().worst, excess);
    } else {
      out.push_back({{m, m}, excess});
    }
  }
  return out;
}

std::string gap_text(double excess) {
  return std::isinf(excess) ? ": none in service" : fmt::format(" by {:.0f}% at worst", 100.0 * excess);
}

// What serving a token costs and emits, over the segments, weighted by their
// tokens: each segment at its region's site, in the span's first month.
struct TokenCost {
  double usd_per_million = 0.0;
  double kg_per_token = 0.0;
};

TokenCost token_cost(const model::Run& r) {
  const auto& demand = r.demand;
  TokenCost out;
  double tokens = 0.0;
  for (std::size_t k = 0; k < demand.inference.segments.size(); ++k) {
    const int site = demand.inference.site_for(r.deployment.sites, static_cast<int>(k));
    auto served = demand.inference.serve(r.chain, demand.workloads, r.deployment, r.params,
                                         static_cast<int>(k), demand.accelerator, site, 0);
    if (!served) continue;
    const double input_output = served->tokens_per_day / served->queries_per_day;
    tokens += served->tokens_per_day;
    out.usd_per_million += served->usd_per_million_tokens * served->tokens_per_day;
    out.kg_per_token += served->co2_per_query / input_output * served->tokens_per_day;
  }
  if (tokens > 0.0) {
    out.usd_per_million /= tokens;
    out.kg_per_token /= tokens;
  }
  return out;
}

std::string demand_table(const model::Run& r) {
  const auto& d = r.demanded;
  if (d.regions == 0) return {};
  const auto in = [](double si, std::string_view unit) { return parse_unit(unit)->from_si(si); };
  const int last = d.months - 1;
  std::string out = fmt::format(
      "\nInference demand against capacity (roofline on {}, {:.0f}% of installed IT serving inference):\n",
      r.chain.accelerators[static_cast<std::size_t>(r.demand.accelerator)].id,
      100.0 * r.demand.inference_share(r.params, last));
  for (int g = 0; g < d.regions; ++g) {
    const auto& region = r.demand.regions[static_cast<std::size_t>(g)];
    const auto i = d.rt(g, last);
    out += fmt::format(
        "  {:<8} {}: needs {:.1f} MW at peak, {:.1f} MW serving; {:.3g} of {:.3g} tokens/day served\n",
        region.id, (r.chain.span.first + last).str(), in(d.needed[i], "MW"), in(d.serving[i], "MW"),
        in(d.tokens_served[i], "token/day"), in(d.tokens_demanded[i], "token/day"));
    for (const auto& gap : demand_gaps(r, g)) {
      const std::string months = gap.months.first == gap.months.last
                                     ? gap.months.first.str()
                                     : fmt::format("{}..{}", gap.months.first.str(), gap.months.last.str());
      out += fmt::format("    {:<16} demand exceeds capacity in {}{}\n", months + ":", region.id,
                         gap_text(gap.worst));
    }
  }
  const TokenCost cost = token_cost(r);
  out += fmt::format(
      "  serving cost ${:.3f} per million tokens, {:.4f} g CO2e per 1k tokens (token-weighted, {})\n",
      cost.usd_per_million, in(cost.kg_per_token * 1000.0, "g"), r.chain.span.first.str());
  return out;
}

}  // namespace

std::vector<std::pair<MonthRange, supply::Binding>> binding_spans(const model::Run& r, int buyer,
                                                                  bool deployed) {
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
  std::string out = fmt::format("wafer2token — scenario '{}' ({}..{})\n", world.scenario.id,
                                c.span.first.str(), c.span.last.str());
  out += year_table(r);
  const auto spans = [&](int b, bool deployed) {
    for (const auto& [range, binding] : binding_spans(r, b, deployed)) {
      const std::string months = range.first == range.last
                                     ? range.first.str()
                                     : fmt::format("{}..{}", range.first.str(), range.last.str());
      out += fmt::format("  {:<16} {}\n", months + ":", c.describe(binding));
    }
  };
  for (int b = 0; b < r.state.buyers; ++b) {
    const auto& buyer = c.buyers[static_cast<std::size_t>(b)];
    out += fmt::format("\nWhat binds {}'s supply ({}):\n", buyer.id, buyer.rule->name);
    spans(b, false);
    if (r.deployment.buyer_sites[static_cast<std::size_t>(b)].empty()) continue;
    const int last = r.sites.months - 1;
    out += fmt::format("What binds {}'s switched-on capacity ({} accelerators waiting for a slot at {}):\n",
                       buyer.id, human(r.sites.waiting[r.sites.tb(last, b)]), (c.span.first + last).str());
    spans(b, true);
  }
  out += sites_table(r);
  out += demand_table(r);
  // The seed's headline question, with the headline buyer's first deal.
  if (const int b = c.headline_buyer(); b >= 0 && !c.buyers[static_cast<std::size_t>(b)].contracts.empty()) {
    const int t = c.span.size() - 1;
    const double loi =
        c.buyers[static_cast<std::size_t>(b)].contracts.front().wafers_up_to(r.params, t) * c.month_seconds;
    out += fmt::format("\nThe {} question ({}): {}\n", human(loi), (c.span.first + t).str(),
                       wafer_question(r, loi, c.headline_accelerator(), t));
  }
  return out;
}

nlohmann::json run_summary(const model::Run& r) {
  const auto& c = r.chain;
  nlohmann::json years = nlohmann::json::array();
  for (const auto& y : by_year(r)) {
    nlohmann::json buyers = nlohmann::json::object();
    for (std::size_t b = 0; b < c.buyers.size(); ++b) {
      const auto& v = y.buyers[b];
      buyers[c.buyers[b].id] = {
          {"demanded", v.demanded}, {"built", v.built}, {"gw_it_built", v.watts_built / 1e9}};
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
  // Inference demand against capacity: tokens at the span's end, gaps by region.
  {
    const auto& d = r.demanded;
    const int last = d.months - 1;
    const Unit per_day = *parse_unit("token/day");
    double demanded = 0.0;
    double served = 0.0;
    nlohmann::json regions = nlohmann::json::object();
    for (int g = 0; g < d.regions; ++g) {
      const auto i = d.rt(g, last);
      demanded += d.tokens_demanded[i];
      served += d.tokens_served[i];
      nlohmann::json gaps = nlohmann::json::array();
      for (const auto& gap : demand_gaps(r, g)) {
        gaps.push_back(
            {{"first", gap.months.first.str()},
             {"last", gap.months.last.str()},
             {"worst_excess", std::isinf(gap.worst) ? nlohmann::json(nullptr) : nlohmann::json(gap.worst)}});
      }
      regions[r.demand.regions[static_cast<std::size_t>(g)].id] = {
          {"tokens_per_day_demanded", per_day.from_si(d.tokens_demanded[i])},
          {"tokens_per_day_served", per_day.from_si(d.tokens_served[i])},
          {"it_power_needed_mw", parse_unit("MW")->from_si(d.needed[i])},
          {"it_power_serving_mw", parse_unit("MW")->from_si(d.serving[i])},
          {"demand_exceeds_capacity", std::move(gaps)}};
    }
    const TokenCost cost = token_cost(r);
    summary["tokens_per_day_demanded"] = per_day.from_si(demanded);
    summary["tokens_per_day_served"] = per_day.from_si(served);
    summary["usd_per_million_tokens"] = cost.usd_per_million;
    summary["gco2e_per_1k_tokens"] = parse_unit("g")->from_si(cost.kg_per_token * 1000.0);
    summary["regions"] = std::move(regions);
  }
  return summary;
}

nlohmann::json run_json(const scenario::World& world, const model::Run& r) {
  const auto& tl = r.timeline;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : tl.rows) {
    rows.push_back({{"month", (tl.span.first + row.month).str()},
                    {"stage", tl.stages[row.stage]},
                    {"entity", tl.entities[row.entity]},
                    {"metric", tl.metrics[row.metric].name},
                    {"value", row.value},
                    {"unit", tl.metrics[row.metric].unit}});
  }
  return {{"scenario", world.scenario.id},
          {"months", r.chain.span.size()},
          {"summary", run_summary(r)},
          {"timeline", std::move(rows)}};
}

std::string timeline_csv(const model::Timeline& tl) {
  std::string out = "month,stage,entity,metric,value,unit\n";
  for (const auto& row : tl.rows) {
    out += fmt::format("{},{},{},{},{},{}\n", (tl.span.first + row.month).str(), tl.stages[row.stage],
                       tl.entities[row.entity], tl.metrics[row.metric].name, row.value,
                       tl.metrics[row.metric].unit);
  }
  return out;
}

}  // namespace w2t::io
