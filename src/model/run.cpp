#include "model/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/unit.hpp"

namespace w2t::model {

Expected<Run> run(const scenario::World& world) {
  auto chain = supply::Chain::compile(world);
  if (!chain) return chain.error();
  auto deployment = sites::Deployment::compile(world, *chain);
  if (!deployment) return deployment.error();
  auto demand = workload::DemandPlan::compile(world, *chain, *deployment);
  if (!demand) return demand.error();
  Run r{std::move(*chain), std::move(*deployment), std::move(*demand), world.dataset.values(), {}, {}, {}, {}};
  r.state = r.chain.make_state();
  r.sites = r.deployment.make_state(r.chain);
  r.demanded = r.demand.make_state(r.chain);
  evaluate(r, r.params);
  fill_timeline(r, r.timeline);
  if (auto e = check_finite(world, r)) return *e;
  return r;
}

std::optional<Error> check_finite(const scenario::World& world, const Run& r) {
  const auto& tl = r.timeline;
  const auto bad = std::find_if(tl.rows.begin(), tl.rows.end(), [](const Row& row) { return !std::isfinite(row.value); });
  if (bad == tl.rows.end()) return std::nullopt;
  const std::string changed = scenario::changes(world.scenario.overrides);
  return make_error(ErrorCode::bad_value,
                    fmt::format("the model's {} of {} in {} is not a finite number ({}){}", tl.metrics[bad->metric].name,
                                tl.entities[bad->entity], (tl.span.first + bad->month).str(), bad->value,
                                changed.empty() ? "" : fmt::format("; the parameters changed: {}", changed)),
                    changed.empty() ? tl.metrics[bad->metric].name : world.scenario.overrides.front().path,
                    "parameters whose combination the model can evaluate");
}

void evaluate(Run& r, std::span<const double> params) {
  r.chain.evaluate(params, r.state);
  r.deployment.evaluate(r.chain, r.state, params, r.sites);
  r.demand.evaluate(r.chain, r.deployment, r.sites, params, r.demanded);
}

namespace {

void fill_sites(const Run& r, Timeline& out) {
  const auto& d = r.sites;
  const auto stage = out.stage("sites");
  const auto capacity = out.metric("it_power_capacity", "MW");
  const auto used = out.metric("it_power_installed", "MW");
  const auto installed = out.metric("accelerators_installed", "GPU");
  const auto pue = out.metric("pue", "1");
  const auto energy = out.metric("energy", "MWh");
  const auto water = out.metric("water", "m^3");
  const auto co2_operational = out.metric("co2e_operational", "t");
  const auto co2_embodied = out.metric("co2e_embodied", "t");
  const auto capex = out.metric("capex", "$");
  const auto opex = out.metric("opex", "$");
  const auto depreciation = out.metric("depreciation", "$");
  const auto released = out.metric("investment_released", "$");
  const auto finance = out.stage("finance");
  const auto waiting = out.metric("accelerators_waiting", "GPU");
  const auto deployment = out.stage("deployment");
  const Unit megawatt = *parse_unit("MW");
  const Unit megawatt_hour = *parse_unit("MWh");
  const Unit tonne = *parse_unit("t");
  std::vector<std::uint16_t> site_ids;
  for (const auto& site : r.deployment.sites.sites) site_ids.push_back(out.entity(site.id));
  for (int t = 0; t < d.months; ++t) {
    for (int s = 0; s < d.sites; ++s) {
      const auto i = d.st(t, s);
      const auto who = site_ids[static_cast<std::size_t>(s)];
      out.add(t, stage, who, capacity, megawatt.from_si(d.capacity[i]));
      out.add(t, stage, who, used, megawatt.from_si(d.it_power[i]));
      out.add(t, stage, who, installed, d.installed[d.st(t, s)]);
      out.add(t, stage, who, pue, d.pue[i]);
      out.add(t, stage, who, energy, megawatt_hour.from_si(d.energy[i]));
      out.add(t, stage, who, water, d.water[i]);
      out.add(t, stage, who, co2_operational, tonne.from_si(d.co2_operational[i]));
      out.add(t, stage, who, co2_embodied, tonne.from_si(d.co2_embodied[i]));
      out.add(t, stage, who, capex, d.capex[i]);
      out.add(t, stage, who, opex, d.opex[i]);
      out.add(t, stage, who, depreciation, d.depreciation[i]);
    }
    for (std::size_t k = 0; k < r.deployment.deals.size(); ++k) {
      out.add(t, finance, out.entity(r.deployment.deals[k].id), released,
              d.released[static_cast<std::size_t>(t) * r.deployment.deals.size() + k]);
    }
    for (int b = 0; b < d.buyers; ++b) {
      if (r.deployment.buyer_sites[static_cast<std::size_t>(b)].empty()) continue;
      out.add(t, deployment, out.entity(r.chain.buyers[static_cast<std::size_t>(b)].id), waiting, d.waiting[d.tb(t, b)]);
    }
  }
}

void fill_demand(const Run& r, Timeline& out) {
  const auto& d = r.demanded;
  const auto stage = out.stage("demand");
  const auto needed = out.metric("it_power_needed", "MW");
  const auto serving = out.metric("it_power_serving", "MW");
  const auto gap = out.metric("demand_gap", "1");
  const auto demanded = out.metric("tokens_demanded", "token/day");
  const auto served = out.metric("tokens_served", "token/day");
  const Unit megawatt = *parse_unit("MW");
  const Unit per_day = *parse_unit("token/day");
  for (int g = 0; g < d.regions; ++g) {
    const auto who = out.entity(r.demand.regions[static_cast<std::size_t>(g)].id);
    for (int t = 0; t < d.months; ++t) {
      const auto i = d.rt(g, t);
      out.add(t, stage, who, needed, megawatt.from_si(d.needed[i]));
      out.add(t, stage, who, serving, megawatt.from_si(d.serving[i]));
      if (d.serving[i] > 0.0) out.add(t, stage, who, gap, d.needed[i] / d.serving[i] - 1.0);
      out.add(t, stage, who, demanded, per_day.from_si(d.tokens_demanded[i]));
      out.add(t, stage, who, served, per_day.from_si(d.tokens_served[i]));
    }
  }
}

}  // namespace

void fill_timeline(const Run& r, Timeline& out) {
  const auto& c = r.chain;
  const auto& s = r.state;
  out.span = c.span;
  out.rows.clear();
  const auto fab = out.stage("fab");
  const auto dies = out.stage("dies");
  const auto stacking = out.stage("hbm_stacking");
  const auto packages = out.stage("packages");
  const auto packaging = out.stage("packaging");
  const auto bottleneck = out.stage("bottleneck");
  const auto starts = out.metric("wafer_starts", "wafer/month");
  const auto finished = out.metric("finished_wafers", "wafer/month");
  const auto tsv = out.metric("tsv_wafers_processed", "wafer/month");
  const auto tsv_backlog = out.metric("tsv_backlog", "wafer");
  const auto good = out.metric("good_dies", "die/month");
  const auto scrap = out.metric("scrap_dies", "die/month");
  const auto stacks = out.metric("stacks_made", "stack/month");
  const auto inventory = out.metric("stack_inventory", "stack");
  const auto demanded = out.metric("demanded", "GPU/month");
  const auto built = out.metric("built", "GPU/month");
  const auto interposers_used = out.metric("interposer_wafers_used", "wafer/month");
  const auto interposers_capacity = out.metric("interposer_wafers_capacity", "wafer/month");
  std::array<std::uint16_t, supply::kStages> slack{};
  for (std::size_t k = 0; k < supply::kStages; ++k) {
    slack[k] = out.metric(std::string("slack_") + supply::to_string(static_cast<supply::Stage>(k)), "1");
  }
  const auto cowos = out.entity("cowos");
  for (int t = 0; t < s.months; ++t) {
    for (int m = 0; m < s.makers; ++m) {
      const auto maker = out.entity(c.makers[static_cast<std::size_t>(m)].id);
      double total_starts = 0.0;
      double total_finished = 0.0;
      for (int p = 0; p < s.products; ++p) {
        total_starts += s.wafer_starts[s.mp(t, m, p)];
        total_finished += s.finished_wafers[s.mp(t, m, p)];
      }
      out.add(t, fab, maker, starts, total_starts);
      out.add(t, fab, maker, finished, total_finished);
      out.add(t, stacking, maker, tsv, s.tsv_processed[s.tm(t, m)]);
      out.add(t, stacking, maker, tsv_backlog, s.tsv_backlog[s.tm(t, m)]);
    }
    for (int p = 0; p < s.products; ++p) {
      const auto& pr = c.products[static_cast<std::size_t>(p)];
      const auto product = out.entity(pr.id);
      out.add(t, dies, product, good, s.good_dies[s.tp(t, p)]);
      out.add(t, dies, product, scrap, s.scrap_dies[s.tp(t, p)]);
      if (pr.hbm) {
        out.add(t, stacking, product, stacks, s.stacks_made[s.tp(t, p)]);
        out.add(t, stacking, product, inventory, s.stack_inventory[s.tp(t, p)]);
      }
    }
    for (int b = 0; b < s.buyers; ++b) {
      // Entities "buyer:accelerator", e.g. "openai:gb300", "rest_of_market:h200".
      const std::string& buyer = c.buyers[static_cast<std::size_t>(b)].id;
      for (int a = 0; a < s.accelerators; ++a) {
        const double asked = s.demand[s.tba(t, b, a)];
        const double got = s.built[s.tba(t, b, a)];
        if (asked <= 0.0 && got <= 0.0) continue;
        const auto acc = out.entity(buyer + ":" + c.accelerators[static_cast<std::size_t>(a)].id);
        if (!c.buyers[static_cast<std::size_t>(b)].open_ended()) out.add(t, packages, acc, demanded, asked);
        out.add(t, packages, acc, built, got);
      }
      // How far each stage was from binding this buyer (0 = binding).
      const auto who = out.entity(buyer);
      for (std::size_t k = 0; k < supply::kStages; ++k) {
        const double x = s.slack[s.tb(t, b) * supply::kStages + k];
        if (std::isfinite(x)) out.add(t, bottleneck, who, slack[k], x);
      }
    }
    out.add(t, packaging, cowos, interposers_used, s.packaging_used[static_cast<std::size_t>(t)]);
    out.add(t, packaging, cowos, interposers_capacity, s.packaging_capacity[static_cast<std::size_t>(t)]);
  }
  fill_sites(r, out);
  fill_demand(r, out);
}

}  // namespace w2t::model
