// The discrete-event engine's throughput.
//
// Hold model: a queue of n pending events; each event handled schedules one
// more at an exponential delay, so the queue stays at n (the classic measure
// of event-set performance). Machine repair: the M/M/c//N model the peer
// comparison runs in other simulators (bench/peers/).
#include <benchmark/benchmark.h>

#include <pcg_random.hpp>
#include <random>

#include "ops/machine_repair.hpp"

namespace {

using namespace w2t::ops;

template <typename Queue>
void BM_Hold(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  Simulator<Queue> sim;
  sim.reserve(n, 0);
  pcg32 rng(1, 0);
  std::exponential_distribution<double> delay(1.0);
  const auto next = [&] { return static_cast<Time>(delay(rng) * 1e6) + 1; };
  for (std::uint32_t i = 0; i < n; ++i) sim.schedule_in(next(), 0, i);
  // About 100,000 events a step: n events fall due each simulated second.
  const Time step = static_cast<Time>(1e5 / n * 1e6) + 1;
  std::uint64_t events = 0;
  for (auto _ : state) {
    events += sim.run_until(sim.now() + step, [&](const Event& e) { sim.schedule_in(next(), 0, e.target); });
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

template <typename Queue>
void BM_MachineRepair(benchmark::State& state) {
  const MachineRepair m{static_cast<int>(state.range(0)), static_cast<int>(state.range(0) / 20 + 1), 0.01,
                        0.2};
  std::uint64_t events = 0;
  std::uint64_t replication = 0;
  for (auto _ : state) {
    const auto r = simulate<Queue>(m, 1000 * kHour, 1, replication++);
    events += r.events;
    benchmark::DoNotOptimize(r.availability);
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK_TEMPLATE(BM_Hold, BinaryHeapQueue)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK_TEMPLATE(BM_Hold, FourAryHeapQueue)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK_TEMPLATE(BM_MachineRepair, BinaryHeapQueue)->Arg(1000)->Arg(100000);
BENCHMARK_TEMPLATE(BM_MachineRepair, FourAryHeapQueue)->Arg(1000)->Arg(100000);
BENCHMARK_TEMPLATE(BM_Hold, CalendarQueue)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK_TEMPLATE(BM_MachineRepair, CalendarQueue)->Arg(1000)->Arg(100000);
