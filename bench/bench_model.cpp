// One evaluation of the monthly model on the default scenario: the unit of
// work Monte Carlo, sweeps and the dashboard repeat; the supply chain alone,
// and with the sites. Counts heap allocations per evaluation (the target is
// zero after warm-up).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "model/run.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

// Runs `evaluate` on the default scenario's run (after one warm-up call) and
// reports evaluations per second and heap allocations per evaluation.
template <typename Evaluate>
void measure(benchmark::State& state, Evaluate&& evaluate) {
  w2t::Diagnostics diag;
  auto world = w2t::scenario::load_world({}, {}, diag);
  auto run = w2t::model::run(world);
  if (!diag.empty() || !run.ok()) {
    state.SkipWithError("default scenario did not load");
    return;
  }
  evaluate(*run);  // warm-up
  const long before = g_allocations.load();
  for (auto _ : state) evaluate(*run);
  state.counters["allocs_per_eval"] =
      static_cast<double>(g_allocations.load() - before) / static_cast<double>(state.iterations());
  state.counters["evals_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_EvaluateSupplyChain(benchmark::State& state) {
  measure(state, [](w2t::model::Run& r) {
    r.chain.evaluate(r.params, r.state);
    benchmark::DoNotOptimize(r.state.built.data());
  });
}
BENCHMARK(BM_EvaluateSupplyChain)->Unit(benchmark::kMicrosecond);

// The whole monthly model: the supply chain, then deployment to sites with
// their energy, water, carbon and money.
void BM_EvaluateModel(benchmark::State& state) {
  measure(state, [](w2t::model::Run& r) {
    w2t::model::evaluate(r, r.params);
    benchmark::DoNotOptimize(r.sites.energy.data());
  });
}
BENCHMARK(BM_EvaluateModel)->Unit(benchmark::kMicrosecond);

}  // namespace
