// Stages 1-3: fabs -> wafer starts -> finished wafers -> dies -> HBM stacks.
#include <algorithm>
#include <cmath>

#include "supply/chain.hpp"

namespace w2t::supply {
namespace {

int months_of(double seconds, double month_seconds) {
  return static_cast<int>(std::lround(seconds / month_seconds));
}

}  // namespace

void Chain::evaluate(std::span<const double> params, State& s) const {
  for (auto* v : {&s.pool, &s.demand_backlog}) std::fill(v->begin(), v->end(), 0.0);
  prepare(params, s);
  start_wafers(params, s);
  stack_wafers(params, s);
  for (int t = 0; t < s.months; ++t) allocate(params, t, s);
}

// The per-month tables of one evaluation. A product or device whose
// series do not vary over the span is computed once.
void Chain::prepare(std::span<const double> params, State& s) const {
  for (int p = 0; p < s.products; ++p) {
    const auto& pr = products[static_cast<std::size_t>(p)];
    const int computed = pr.varies ? s.months : 1;
    for (int t = 0; t < computed; ++t) {
      const auto i = s.tp(t, p);
      const WaferYield y = wafer_yield(*this, params, p, t);
      s.gross_per_wafer[i] = y.gross_dies;
      s.die_yield[i] = y.die_yield;
      s.bits_per_die[i] = y.bits_per_die;
      s.stacks_per_die[i] = y.stacks_per_die;
      s.cycle_months[i] = months_of(pr.cycle_time(params, t), month_seconds);
      if (pr.hbm) s.stacking_months[i] = months_of(pr.stacking_time(params, t), month_seconds);
    }
    const auto repeat = [&](auto& table) {
      const auto months = table.begin() + static_cast<std::ptrdiff_t>(s.tp(0, p));
      std::fill(months + computed, months + s.months, months[0]);
    };
    for (auto* table : {&s.gross_per_wafer, &s.die_yield, &s.bits_per_die, &s.stacks_per_die}) {
      repeat(*table);
    }
    repeat(s.cycle_months);
    repeat(s.stacking_months);
  }
  // What one attempt at each accelerator takes, with the memory wafers
  // behind it from the tables above.
  const auto yield_of = [&s](int p, int t) {
    const auto i = s.tp(t, p);
    return WaferYield{s.gross_per_wafer[i], s.die_yield[i], s.bits_per_die[i], s.stacks_per_die[i]};
  };
  for (int a = 0; a < s.accelerators; ++a) {
    const auto& acc = accelerators[static_cast<std::size_t>(a)];
    const int computed = acc.varies ? s.months : 1;
    for (int t = 0; t < computed; ++t) {
      DeviceUse& u = s.device[s.ta(t, a)];
      u = device_use(*this, params, a, t);
      const WaferYield host = acc.host_product >= 0 ? yield_of(acc.host_product, t) : WaferYield{};
      u.wafers = memory_wafers(u, yield_of(acc.product, t), acc.host_product >= 0 ? &host : nullptr).total();
    }
    const DeviceUse first = s.device[s.ta(0, a)];
    for (int t = computed; t < s.months; ++t) s.device[s.ta(t, a)] = first;
  }
}

// Wafer starts by maker and product, the wafers finished a fab cycle later,
// and the dies and bits of the products that need no stacking: none of it
// depends on what happens downstream, so every month is done at once.
void Chain::start_wafers(std::span<const double> params, State& s) const {
  const auto M = static_cast<std::size_t>(s.makers);
  double* const capacity = s.start_capacity.data();  // [maker][t]
  const auto months = static_cast<std::size_t>(s.months);
  for (std::size_t m = 0; m < M; ++m) {
    const std::span<double> row(capacity + m * months, months);
    makers[m].capacity.fill(params, row);
    for (double& c : row) c *= month_seconds;
  }
  // New fabs add capacity after their build lead time, over their ramp.
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
      capacity[s.tm(t, f.maker)] += f.capacity(params, t) * month_seconds * std::min(1.0, (t - online + 1) / ramp);
    }
  }

  for (auto* v : {&s.gross_dies, &s.good_dies, &s.scrap_dies, &s.bits_made}) std::fill(v->begin(), v->end(), 0.0);
  for (int m = 0; m < s.makers; ++m) {
    for (const auto& mix : makers[static_cast<std::size_t>(m)].mix) {
      const int p = mix.product;
      // [t]: the starts and finished wafers of (m, p).
      double* const starts = &s.wafer_starts[s.mp(0, m, p)];
      double* const finished = &s.finished_wafers[s.mp(0, m, p)];
      mix.share.fill(params, std::span(starts, months));
      const double* const maker_capacity = &capacity[s.tm(0, m)];
      for (int t = 0; t < s.months; ++t) starts[t] *= maker_capacity[t];
      // Before the span, starts are taken as in its first month (a steady
      // state). A cycle time that does not vary shifts the whole series.
      const int* const cycle = &s.cycle_months[s.tp(0, p)];
      if (products[static_cast<std::size_t>(p)].varies) {
        for (int t = 0; t < s.months; ++t) finished[t] = starts[std::max(0, t - cycle[t])];
      } else {
        const int shift = std::clamp(cycle[0], 0, s.months);
        std::fill(finished, finished + shift, starts[0]);
        std::copy(starts, starts + (s.months - shift), finished + shift);
      }
      if (products[static_cast<std::size_t>(p)].hbm) continue;
      for (int t = 0; t < s.months; ++t) {
        const auto i = s.tp(t, p);
        const double gross = finished[t] * s.gross_per_wafer[i];
        const double good = gross * s.die_yield[i];
        s.gross_dies[i] += gross;
        s.good_dies[i] += good;
        s.scrap_dies[i] += gross - good;
        s.bits_made[i] += good * s.bits_per_die[i];
      }
    }
  }
}

// HBM wafers go through each maker's TSV lines, this month's wafers first
// (the current product priorities), then what waited; the rest waits.
// Stacks are ready a stacking time later. Nothing downstream feeds back, so
// each maker's months run in one pass.
void Chain::stack_wafers(std::span<const double> params, State& s) const {
  std::fill(s.stacks_made.begin(), s.stacks_made.end(), 0.0);
  std::fill(s.tsv_binding.begin(), s.tsv_binding.end(), std::int16_t{-1});
  for (int m = 0; m < s.makers; ++m) {
    const auto& maker = makers[static_cast<std::size_t>(m)];
    for (int t = 0; t < s.months; ++t) {
      // HBM wafers waiting at the end of the month before, in all.
      const double hbm_backlog = t > 0 ? s.tsv_backlog[s.tm(t - 1, m)] : 0.0;
      double hbm_finished = 0.0;
      for (const int p : maker.hbm) hbm_finished += s.finished_wafers[s.mp(t, m, p)];
      const double tsv = maker.tsv.or_else(params, t, 0.0) * month_seconds;
      const double current_share = hbm_finished > tsv ? tsv / hbm_finished : 1.0;
      const double spare = std::max(0.0, tsv - hbm_finished);
      const double backlog_share = hbm_backlog > spare ? spare / hbm_backlog : 1.0;
      const double processed = std::min(hbm_finished, tsv) + std::min(hbm_backlog, spare);
      s.tsv_processed[s.tm(t, m)] = processed;
      s.tsv_backlog[s.tm(t, m)] = hbm_finished + hbm_backlog - processed;
      const double yield_factor = maker.yield_factor.or_else(params, t, 1.0);

      for (const int p : maker.hbm) {
        const auto i = s.tp(t, p);
        const auto mpt = s.mp(t, m, p);
        const double finished = s.finished_wafers[mpt];
        const double waiting = t > 0 ? s.wafer_backlog[mpt - 1] : 0.0;  // of this product
        if (finished == 0.0 && waiting == 0.0) {  // not (or no longer) made here
          s.wafer_backlog[mpt] = 0.0;
          continue;
        }
        const double from_backlog = waiting * backlog_share;
        const double backlog = waiting + finished * (1.0 - current_share) - from_backlog;
        s.wafer_backlog[mpt] = backlog;
        const double wafers = finished * current_share + from_backlog;
        // The maker whose TSV lines hold back most of this product's wafers.
        auto& who = s.tsv_binding[i];
        if (backlog > 0.0 && (who < 0 || backlog > s.wafer_backlog[s.mp(t, who, p)])) who = static_cast<std::int16_t>(m);
        const double gross = wafers * s.gross_per_wafer[i];
        const double good = gross * std::min(1.0, s.die_yield[i] * yield_factor);
        s.gross_dies[i] += gross;
        s.good_dies[i] += good;
        s.scrap_dies[i] += gross - good;
        const double made = good * s.stacks_per_die[i];
        const int ready = t + s.stacking_months[i];
        double* const stacks = &s.stacks_made[s.tp(0, p)];
        if (ready < s.months) stacks[ready] += made;
        // The first month's output also stands for what the months before
        // the span delivered.
        if (t == 0) {
          for (int k = 0; k < std::min(ready, s.months); ++k) stacks[k] += made;
        }
      }
    }
  }
}

}  // namespace w2t::supply
