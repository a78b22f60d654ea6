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
// each maker runs all its months at once: first its TSV lines, then each of
// its HBM products along its own row.
void Chain::stack_wafers(std::span<const double> params, State& s) const {
  std::fill(s.stacks_made.begin(), s.stacks_made.end(), 0.0);
  std::fill(s.tsv_binding.begin(), s.tsv_binding.end(), std::int16_t{-1});
  const auto months = static_cast<std::size_t>(s.months);
  double* const current = s.current_share.data();  // [t] share of this month's wafers processed
  double* const waited = s.backlog_share.data();   // [t] share of the wafers waiting processed
  double* const factor = s.yield_factor.data();    // [t] the maker's HBM yield factor
  for (int m = 0; m < s.makers; ++m) {
    const auto& maker = makers[static_cast<std::size_t>(m)];
    if (maker.hbm.empty()) continue;
    // The maker's TSV lines over the span: capacity, then the queue.
    double* const finished = s.hbm_finished.data();
    std::fill(finished, finished + months, 0.0);
    for (const int p : maker.hbm) {
      const double* const row = &s.finished_wafers[s.mp(0, m, p)];
      for (std::size_t t = 0; t < months; ++t) finished[t] += row[t];
    }
    if (maker.tsv.empty()) {
      std::fill(current, current + months, 0.0);
    } else {
      maker.tsv.fill(params, std::span(current, months));
    }
    double* const processed = &s.tsv_processed[s.tm(0, m)];
    double* const queue = &s.tsv_backlog[s.tm(0, m)];
    for (std::size_t t = 0; t < months; ++t) {
      const double tsv = current[t] * month_seconds;
      const double backlog = t > 0 ? queue[t - 1] : 0.0;  // HBM wafers waiting at the end of the month before
      const double spare = std::max(0.0, tsv - finished[t]);
      current[t] = finished[t] > tsv ? tsv / finished[t] : 1.0;
      waited[t] = backlog > spare ? spare / backlog : 1.0;
      processed[t] = std::min(finished[t], tsv) + std::min(backlog, spare);
      queue[t] = finished[t] + backlog - processed[t];
    }
    if (maker.yield_factor.empty()) {
      std::fill(factor, factor + months, 1.0);
    } else {
      maker.yield_factor.fill(params, std::span(factor, months));
    }

    for (const int p : maker.hbm) {
      const double* const wafers_in = &s.finished_wafers[s.mp(0, m, p)];
      double* const waiting = &s.wafer_backlog[s.mp(0, m, p)];
      const auto row = s.tp(0, p);
      for (int t = 0; t < s.months; ++t) {
        const double in = wafers_in[t];
        const double before = t > 0 ? waiting[t - 1] : 0.0;  // of this product
        if (in == 0.0 && before == 0.0) {  // not (or no longer) made here
          waiting[t] = 0.0;
          continue;
        }
        const double from_backlog = before * waited[t];
        waiting[t] = before + in * (1.0 - current[t]) - from_backlog;
        const double wafers = in * current[t] + from_backlog;
        const auto i = row + static_cast<std::size_t>(t);
        // The maker whose TSV lines hold back most of this product's wafers.
        auto& who = s.tsv_binding[i];
        if (waiting[t] > 0.0 && (who < 0 || waiting[t] > s.wafer_backlog[s.mp(t, who, p)])) {
          who = static_cast<std::int16_t>(m);
        }
        const double gross = wafers * s.gross_per_wafer[i];
        const double good = gross * std::min(1.0, s.die_yield[i] * factor[t]);
        s.gross_dies[i] += gross;
        s.good_dies[i] += good;
        s.scrap_dies[i] += gross - good;
        const double made = good * s.stacks_per_die[i];
        const int ready = t + s.stacking_months[i];
        double* const stacks = &s.stacks_made[row];
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
