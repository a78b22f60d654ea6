#include "io/run_report.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"
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

}  // namespace

std::vector<std::pair<MonthRange, supply::Binding>> binding_spans(const model::Run& r, int buyer) {
  std::vector<std::pair<MonthRange, supply::Binding>> out;
  const auto& s = r.state;
  for (int t = 0; t < s.months; ++t) {
    const Month m = r.chain.span.first + t;
    const auto binding = s.binding[s.tb(t, buyer)];
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
  for (int b = 0; b < r.state.buyers; ++b) {
    const auto& buyer = c.buyers[static_cast<std::size_t>(b)];
    out += fmt::format("\nWhat binds {}'s supply ({}):\n", buyer.id, buyer.rule->name);
    for (const auto& [range, binding] : binding_spans(r, b)) {
      const std::string months =
          range.first == range.last ? range.first.str() : fmt::format("{}..{}", range.first.str(), range.last.str());
      out += fmt::format("  {:<16} {}\n", months + ":", c.describe(binding));
    }
  }
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
  nlohmann::json binding = nlohmann::json::array();
  for (int b = 0; b < r.state.buyers; ++b) {
    for (const auto& [range, which] : binding_spans(r, b)) {
      binding.push_back({{"buyer", c.buyers[static_cast<std::size_t>(b)].id},
                         {"first", range.first.str()},
                         {"last", range.last.str()},
                         {"stage", supply::to_string(which.stage)},
                         {"what", c.describe(which)}});
    }
  }
  return {{"scenario", world.scenario.id},
          {"months", c.span.size()},
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
