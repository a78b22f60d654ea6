#include "model/run.hpp"

#include <cmath>

namespace w2t::model {

Expected<Run> run(const scenario::World& world) {
  auto chain = supply::Chain::compile(world);
  if (!chain) return chain.error();
  Run r{std::move(*chain), world.dataset.values(), {}, {}};
  r.state = r.chain.make_state();
  r.chain.evaluate(r.params, r.state);
  fill_timeline(r.chain, r.state, r.timeline);
  return r;
}

void fill_timeline(const supply::Chain& c, const supply::State& s, Timeline& out) {
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
}

}  // namespace w2t::model
