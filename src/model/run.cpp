#include "model/run.hpp"

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
  const auto starts = out.metric("wafer_starts", "wafer/month");
  const auto finished = out.metric("finished_wafers", "wafer/month");
  const auto tsv = out.metric("tsv_wafers_processed", "wafer/month");
  const auto tsv_backlog = out.metric("tsv_backlog", "wafer");
  const auto good = out.metric("good_dies", "die/month");
  const auto scrap = out.metric("scrap_dies", "die/month");
  const auto stacks = out.metric("stacks_made", "stack/month");
  const auto demanded = out.metric("demanded", "GPU/month");
  const auto built = out.metric("built", "GPU/month");
  const auto interposers = out.metric("interposer_wafers_used", "wafer/month");
  const std::string buyer = c.priority_buyer.empty() ? "priority" : c.priority_buyer;
  const auto priority = out.entity(buyer);
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
      if (pr.hbm) out.add(t, stacking, product, stacks, s.stacks_made[s.tp(t, p)]);
    }
    for (int a = 0; a < s.accelerators; ++a) {
      // Entities "buyer:accelerator", e.g. "openai:gb300", "rest_of_market:h200".
      const std::string& id = c.accelerators[static_cast<std::size_t>(a)].id;
      if (s.priority_demand[s.ta(t, a)] > 0.0 || s.priority_built[s.ta(t, a)] > 0.0) {
        const auto acc = out.entity(buyer + ":" + id);
        out.add(t, packages, acc, demanded, s.priority_demand[s.ta(t, a)]);
        out.add(t, packages, acc, built, s.priority_built[s.ta(t, a)]);
      }
      if (s.market_built[s.ta(t, a)] > 0.0) {
        out.add(t, packages, out.entity("rest_of_market:" + id), built, s.market_built[s.ta(t, a)]);
      }
    }
    out.add(t, packages, priority, interposers, s.packaging_used[static_cast<std::size_t>(t)]);
  }
}

}  // namespace w2t::model
