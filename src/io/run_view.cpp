#include "io/run_view.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "io/run_report.hpp"

namespace w2t::io {
namespace {

// The Sankey under construction: nodes by name, links summed by pair.
class Flows {
 public:
  void node(const std::string& name, const std::string& label, int column) {
    if (index_.emplace(name, nodes_.size()).second)
      nodes_.push_back({{"name", name}, {"label", label}, {"column", column}});
  }
  void link(const std::string& from, const std::string& to, double value) {
    if (value > 0.0) links_[{from, to}] += value;
  }
  [[nodiscard]] nlohmann::json json() const {
    nlohmann::json links = nlohmann::json::array();
    for (const auto& [ends, value] : links_) {
      links.push_back({{"source", ends.first}, {"target", ends.second}, {"value", value}});
    }
    return {{"unit", "wafer"}, {"nodes", nodes_}, {"links", std::move(links)}};
  }

 private:
  std::map<std::string, std::size_t> index_;
  nlohmann::json nodes_ = nlohmann::json::array();
  std::map<std::pair<std::string, std::string>, double> links_;
};

}  // namespace

nlohmann::json wafer_flows(const model::Run& r) {
  const auto& c = r.chain;
  const auto& s = r.state;
  const int last = s.months - 1;
  Flows f;
  const auto maker_node = [&](int m) { return "maker:" + c.makers[static_cast<std::size_t>(m)].id; };
  const auto product_node = [&](int p) { return "product:" + c.products[static_cast<std::size_t>(p)].id; };
  const auto accelerator_node = [&](int a) {
    return "accelerator:" + c.accelerators[static_cast<std::size_t>(a)].id;
  };
  const auto buyer_node = [&](int b) { return "buyer:" + c.buyers[static_cast<std::size_t>(b)].id; };

  // Makers to products: wafer starts (the state counts them per month).
  std::vector<double> started(static_cast<std::size_t>(s.products), 0.0);
  for (int m = 0; m < s.makers; ++m) {
    f.node(maker_node(m), c.makers[static_cast<std::size_t>(m)].name, 0);
    for (int p = 0; p < s.products; ++p) {
      double wafers = 0.0;
      for (int t = 0; t < s.months; ++t) wafers += s.wafer_starts[s.mp(t, m, p)];
      if (wafers <= 0.0) continue;
      f.node(product_node(p), c.products[static_cast<std::size_t>(p)].name, 1);
      f.link(maker_node(m), product_node(p), wafers);
      started[static_cast<std::size_t>(p)] += wafers;
    }
  }
  // Products to accelerators to buyers: the wafers behind each good device built.
  std::vector<double> used(static_cast<std::size_t>(s.products), 0.0);
  std::vector<double> per_device_last(static_cast<std::size_t>(s.accelerators), 0.0);
  std::vector<double> buyer_wafers(static_cast<std::size_t>(s.buyers), 0.0);
  for (int a = 0; a < s.accelerators; ++a) {
    const auto& plan = c.accelerators[static_cast<std::size_t>(a)];
    per_device_last[static_cast<std::size_t>(a)] = supply::wafers_per_device(c, r.params, a, last).total();
    for (int t = 0; t < s.months; ++t) {
      double devices = 0.0;
      for (int b = 0; b < s.buyers; ++b) devices += s.built[s.tba(t, b, a)];
      if (devices <= 0.0) continue;
      const auto w = supply::wafers_per_device(c, r.params, a, t);
      f.node(accelerator_node(a), plan.id, 2);
      if (plan.product >= 0) {
        f.link(product_node(plan.product), accelerator_node(a), devices * w.hbm);
        used[static_cast<std::size_t>(plan.product)] += devices * w.hbm;
      }
      if (plan.host_product >= 0) {
        f.link(product_node(plan.host_product), accelerator_node(a), devices * w.host);
        used[static_cast<std::size_t>(plan.host_product)] += devices * w.host;
      }
      for (int b = 0; b < s.buyers; ++b) {
        const double wafers = s.built[s.tba(t, b, a)] * w.total();
        if (wafers <= 0.0) continue;
        f.node(buyer_node(b), c.buyers[static_cast<std::size_t>(b)].id, 3);
        f.link(accelerator_node(a), buyer_node(b), wafers);
        buyer_wafers[static_cast<std::size_t>(b)] += wafers;
      }
    }
  }
  f.node("sink:other", "stock, other uses and losses", 2);
  for (int p = 0; p < s.products; ++p) {
    const double rest = started[static_cast<std::size_t>(p)] - used[static_cast<std::size_t>(p)];
    if (rest > 0.0 && started[static_cast<std::size_t>(p)] > 0.0) f.link(product_node(p), "sink:other", rest);
  }
  // Buyers to sites: what is switched on at the span's end, at its devices'
  // wafers, split over the sites by the accelerators each has switched on.
  f.node("sink:on", "switched on at the scenario's sites", 4);
  f.node("sink:waiting", "elsewhere, or not yet switched on", 4);
  const auto& d = r.sites;
  double on_total = 0.0;
  for (int b = 0; b < s.buyers; ++b) {
    double on = 0.0;
    for (int a = 0; a < s.accelerators; ++a) {
      on += d.installed_by[(static_cast<std::size_t>(last) * s.buyers + b) * s.accelerators + a] *
            per_device_last[static_cast<std::size_t>(a)];
    }
    on = std::min(on, buyer_wafers[static_cast<std::size_t>(b)]);
    f.link(buyer_node(b), "sink:on", on);
    f.link(buyer_node(b), "sink:waiting", buyer_wafers[static_cast<std::size_t>(b)] - on);
    on_total += on;
  }
  double installed = 0.0;
  for (int site = 0; site < d.sites; ++site) installed += d.installed[d.st(last, site)];
  for (int site = 0; site < d.sites && installed > 0.0; ++site) {
    const auto& id = r.deployment.sites.sites[static_cast<std::size_t>(site)].id;
    const double share = d.installed[d.st(last, site)] / installed;
    if (share <= 0.0) continue;
    f.node("site:" + id, id, 5);
    f.link("sink:on", "site:" + id, on_total * share);
  }
  return f.json();
}

nlohmann::json run_view(const scenario::World& world, const model::Run& r) {
  const auto& tl = r.timeline;
  const auto months = static_cast<std::size_t>(tl.span.size());
  nlohmann::json month_names = nlohmann::json::array();
  for (std::size_t t = 0; t < months; ++t) month_names.push_back((tl.span.first + static_cast<int>(t)).str());
  // One column per (stage, entity, metric), in the timeline's order of first appearance.
  std::map<std::tuple<int, int, int>, std::size_t> column_of;
  std::vector<std::tuple<int, int, int>> keys;
  std::vector<std::vector<double>> columns;
  for (const auto& row : tl.rows) {
    const auto key = std::tuple<int, int, int>{row.stage, row.entity, row.metric};
    auto [it, added] = column_of.emplace(key, columns.size());
    if (added) {
      keys.push_back(key);
      columns.emplace_back(months, 0.0);
    }
    columns[it->second][static_cast<std::size_t>(row.month)] = row.value;
  }
  nlohmann::json series = nlohmann::json::array();
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const auto [stage, entity, metric] = keys[k];
    series.push_back({{"stage", tl.stages[static_cast<std::size_t>(stage)]},
                      {"entity", tl.entities[static_cast<std::size_t>(entity)]},
                      {"metric", tl.metrics[static_cast<std::size_t>(metric)].name},
                      {"unit", tl.metrics[static_cast<std::size_t>(metric)].unit},
                      {"values", std::move(columns[k])}});
  }
  return {{"scenario",
           {{"id", world.scenario.id},
            {"title", world.scenario.title},
            {"start", tl.span.first.str()},
            {"end", tl.span.last.str()}}},
          {"months", std::move(month_names)},
          {"summary", run_summary(r)},
          {"series", std::move(series)},
          {"flows", wafer_flows(r)}};
}

}  // namespace w2t::io
