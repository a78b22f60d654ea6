// Stages 1-3: fabs -> wafer starts -> finished wafers -> dies -> HBM stacks.
#include <algorithm>
#include <cmath>

#include "supply/chain.hpp"
#include "supply/geometry.hpp"

namespace w2t::supply {
namespace {

int months_of(double seconds, double month_seconds) {
  return static_cast<int>(std::lround(seconds / month_seconds));
}

}  // namespace

void Chain::evaluate(std::span<const double> params, State& s) const {
  std::fill(s.stacks_made.begin(), s.stacks_made.end(), 0.0);
  for (auto* v : {&s.pool, &s.demand_backlog, &s.wafer_backlog}) std::fill(v->begin(), v->end(), 0.0);
  prepare(params, s);
  for (int t = 0; t < s.months; ++t) {
    make_memory(params, t, s);
    allocate(params, t, s);
  }
}

// The per-month tables of one evaluation. A product whose geometry and
// yields do not vary over the span is computed once.
void Chain::prepare(std::span<const double> params, State& s) const {
  for (int p = 0; p < s.products; ++p) {
    const auto& pr = products[static_cast<std::size_t>(p)];
    for (int t = 0; t < s.months; ++t) {
      const auto i = s.tp(t, p);
      if (t > 0 && !pr.varies) {
        const auto prev = s.tp(t - 1, p);
        s.gross_per_wafer[i] = s.gross_per_wafer[prev];
        s.die_yield[i] = s.die_yield[prev];
        s.bits_per_die[i] = s.bits_per_die[prev];
        s.stacks_per_die[i] = s.stacks_per_die[prev];
        s.wafers_per_stack[i] = s.wafers_per_stack[prev];
        s.cycle_months[i] = s.cycle_months[prev];
        s.stacking_months[i] = s.stacking_months[prev];
        continue;
      }
      const double usable = wafer_diameter(params, t) - 2.0 * edge_exclusion(params, t);
      s.gross_per_wafer[i] = gross_dies_per_wafer(usable, pr.die_area(params, t));
      s.die_yield[i] = pr.die_yield(params, t);
      s.bits_per_die[i] = pr.die_capacity(params, t);
      s.cycle_months[i] = months_of(pr.cycle_time(params, t), month_seconds);
      if (pr.hbm) {
        const double h = pr.stack_height(params, t);
        s.stacks_per_die[i] = stack_yield(pr.layer_yield(params, t), h) / h;
        s.wafers_per_stack[i] = 1.0 / (s.stacks_per_die[i] * s.gross_per_wafer[i] * s.die_yield[i]);
        s.stacking_months[i] = months_of(pr.stacking_time(params, t), month_seconds);
      }
    }
  }
  // What one attempt at each accelerator takes. The memory wafers behind it
  // are wafers_per_device() times the package yield, from the tables above.
  for (int a = 0; a < s.accelerators; ++a) {
    const auto& acc = accelerators[static_cast<std::size_t>(a)];
    for (int t = 0; t < s.months; ++t) {
      DeviceUse& u = s.device[s.ta(t, a)];
      if (t > 0 && !acc.varies) {
        u = s.device[s.ta(t - 1, a)];
        continue;
      }
      u.stacks = acc.stacks(params, t);
      u.bits = acc.host_product >= 0 ? acc.host_memory(params, t) : 0.0;
      u.interposers = 1.0 / acc.per_interposer(params, t);
      u.yield = acc.package_yield(params, t);
      u.power = device_power(params, a, t);
      u.wafers = u.stacks * s.wafers_per_stack[s.tp(t, acc.product)];
      if (acc.host_product >= 0) {
        const auto host = s.tp(t, acc.host_product);
        u.wafers += u.bits / (s.gross_per_wafer[host] * s.die_yield[host] * s.bits_per_die[host]);
      }
    }
  }

  // New fabs add capacity after their build lead time, over their ramp.
  std::fill(s.fab_capacity.begin(), s.fab_capacity.end(), 0.0);
  for (const auto& f : fabs) {
    const bool varies = f.lead_time.varies() || f.ramp_time.varies();
    int online = 0;
    double ramp = 1.0;
    for (int t = 0; t < s.months; ++t) {
      if (t == 0 || varies) {
        online = f.construction_start + months_of(f.lead_time(params, t), month_seconds);
        ramp = std::max(1.0, f.ramp_time.or_else(params, t, 0.0) / month_seconds);
      }
      if (t < online) continue;
      s.fab_capacity[s.tm(t, f.maker)] +=
          f.capacity(params, t) * month_seconds * std::min(1.0, (t - online + 1) / ramp);
    }
  }
}

void Chain::make_memory(std::span<const double> params, int t, State& s) const {
  for (int p = 0; p < s.products; ++p) {
    s.gross_dies[s.tp(t, p)] = s.good_dies[s.tp(t, p)] = s.scrap_dies[s.tp(t, p)] = s.bits_made[s.tp(t, p)] = 0.0;
    s.tsv_binding[s.tp(t, p)] = -1;
  }
  for (int m = 0; m < s.makers; ++m) {
    const auto& maker = makers[static_cast<std::size_t>(m)];
    const double capacity = maker.capacity(params, t) * month_seconds + s.fab_capacity[s.tm(t, m)];
    for (const auto& [p, share] : maker.mix) s.wafer_starts[s.mp(t, m, p)] = capacity * share(params, t);

    // Wafers finish a fab cycle after they start; before the span, starts
    // are taken as in its first month (a steady state).
    double hbm_finished = 0.0;
    double hbm_backlog = 0.0;
    for (const auto& [p, share] : maker.mix) {
      const int started = std::max(0, t - s.cycle_months[s.tp(t, p)]);
      s.finished_wafers[s.mp(t, m, p)] = s.wafer_starts[s.mp(started, m, p)];
      if (products[static_cast<std::size_t>(p)].hbm) {
        hbm_finished += s.finished_wafers[s.mp(t, m, p)];
        hbm_backlog += s.wafer_backlog[static_cast<std::size_t>(m * s.products + p)];
      }
    }
    // HBM wafers go through the maker's TSV lines: this month's wafers first
    // (the current product priorities), then what waited; the rest waits.
    const double tsv = maker.tsv.or_else(params, t, 0.0) * month_seconds;
    const double current_share = hbm_finished > tsv ? tsv / hbm_finished : 1.0;
    const double spare = std::max(0.0, tsv - hbm_finished);
    const double backlog_share = hbm_backlog > spare ? spare / hbm_backlog : 1.0;
    s.tsv_processed[s.tm(t, m)] = std::min(hbm_finished, tsv) + std::min(hbm_backlog, spare);
    s.tsv_backlog[s.tm(t, m)] = hbm_finished + hbm_backlog - s.tsv_processed[s.tm(t, m)];
    const double yield_factor = maker.yield_factor.or_else(params, t, 1.0);

    for (const auto& [p, share] : maker.mix) {
      const auto& pr = products[static_cast<std::size_t>(p)];
      const auto i = s.tp(t, p);
      double wafers = s.finished_wafers[s.mp(t, m, p)];
      double yield = s.die_yield[i];
      if (pr.hbm) {
        double& backlog = s.wafer_backlog[static_cast<std::size_t>(m * s.products + p)];
        const double from_backlog = backlog * backlog_share;
        backlog += wafers * (1.0 - current_share) - from_backlog;
        wafers = wafers * current_share + from_backlog;
        yield = std::min(1.0, yield * yield_factor);
        // The maker whose TSV lines hold back most of this product's wafers.
        auto& who = s.tsv_binding[i];
        if (backlog > 0.0 && (who < 0 || backlog > s.wafer_backlog[static_cast<std::size_t>(who * s.products + p)])) {
          who = static_cast<std::int16_t>(m);
        }
      }
      if (wafers <= 0.0) continue;
      const double gross = wafers * s.gross_per_wafer[i];
      const double good = gross * yield;
      s.gross_dies[i] += gross;
      s.good_dies[i] += good;
      s.scrap_dies[i] += gross - good;
      if (pr.hbm) {
        // Stacks are ready a stacking time later; the first month's output
        // also stands for what the months before the span delivered.
        const double made = good * s.stacks_per_die[i];
        const int ready = t + s.stacking_months[i];
        for (int k = t == 0 ? 0 : ready; k <= ready && k < s.months; ++k) s.stacks_made[s.tp(k, p)] += made;
      } else {
        s.bits_made[i] += good * s.bits_per_die[i];
      }
    }
  }
}

}  // namespace w2t::supply
