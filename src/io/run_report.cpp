#include "io/run_report.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"

namespace w2t::io {
namespace {

struct YearTotals {
  int year = 0;
  double demanded = 0.0;
  double built = 0.0;
  double market = 0.0;
  double watts_built = 0.0;  // IT power of the priority buyer's accelerators built
};

std::vector<YearTotals> by_year(const model::Run& r) {
  std::vector<YearTotals> years;
  const auto& s = r.state;
  for (int t = 0; t < s.months; ++t) {
    const int year = (r.chain.span.first + t).year();
    if (years.empty() || years.back().year != year) years.push_back({year});
    auto& y = years.back();
    for (int a = 0; a < s.accelerators; ++a) {
      y.demanded += s.priority_demand[s.ta(t, a)];
      y.built += s.priority_built[s.ta(t, a)];
      y.market += s.market_built[s.ta(t, a)];
      y.watts_built += s.priority_built[s.ta(t, a)] * r.chain.device_power(r.params, a, t);
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

}  // namespace

std::vector<std::pair<MonthRange, supply::Stage>> binding_spans(const model::Run& r) {
  std::vector<std::pair<MonthRange, supply::Stage>> out;
  const auto& s = r.state;
  for (int t = 0; t < s.months; ++t) {
    const Month m = r.chain.span.first + t;
    const auto stage = s.priority_binding[static_cast<std::size_t>(t)];
    if (!out.empty() && out.back().second == stage) {
      out.back().first.last = m;
    } else {
      out.push_back({{m, m}, stage});
    }
  }
  return out;
}

std::string run_text(const scenario::World& world, const model::Run& r) {
  const auto& c = r.chain;
  std::string out = fmt::format("wafer2token — scenario '{}' ({}..{})\n", world.scenario.id, c.span.first.str(),
                                c.span.last.str());
  out += fmt::format("\nAccelerators for {} (priority buyer) and the rest of the market, by year:\n", c.priority_buyer);
  out += fmt::format("  {:<6} {:>12} {:>12} {:>10} {:>16}\n", "year", "demanded", "built", "GW (IT)", "rest of market");
  double cumulative = 0.0;
  for (const auto& y : by_year(r)) {
    cumulative += y.built;
    out += fmt::format("  {:<6} {:>12} {:>12} {:>10.1f} {:>16}\n", y.year, human(y.demanded), human(y.built),
                       y.watts_built / 1e9, human(y.market));
  }
  out += fmt::format("  cumulative for {}: {} accelerators\n", c.priority_buyer, human(cumulative));

  out += fmt::format("\nWhat binds {}'s supply:\n", c.priority_buyer);
  for (const auto& [range, stage] : binding_spans(r)) {
    out += fmt::format("  {}..{}: {}\n", range.first.str(), range.last.str(), supply::to_string(stage));
  }
  // The seed's headline question, with the first deal's accelerator.
  if (!c.deals.empty() && !c.contracts.empty()) {
    const int t = c.span.size() - 1;
    const double loi = c.contracts.front().wafers_up_to(r.params, t) * c.month_seconds;
    out += fmt::format("\nThe {} question ({}): {}\n", human(loi), (c.span.first + t).str(),
                       wafer_question(r, loi, c.deals.front().accelerator, t));
  }
  return out;
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
  nlohmann::json years = nlohmann::json::array();
  for (const auto& y : by_year(r)) {
    years.push_back({{"year", y.year}, {"demanded", y.demanded}, {"built", y.built},
                     {"gw_it_built", y.watts_built / 1e9}, {"rest_of_market_built", y.market}});
  }
  nlohmann::json binding = nlohmann::json::array();
  for (int t = 0; t < r.state.months; ++t) {
    binding.push_back({{"month", (r.chain.span.first + t).str()},
                       {"buyer", r.chain.priority_buyer},
                       {"stage", supply::to_string(r.state.priority_binding[static_cast<std::size_t>(t)])},
                       {"rest_of_market", supply::to_string(r.state.market_binding[static_cast<std::size_t>(t)])}});
  }
  return {{"scenario", world.scenario.id},
          {"months", r.chain.span.size()},
          {"summary", {{"by_year", std::move(years)}, {"binding", std::move(binding)}}},
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
