// Loading and resolving the embedded dataset, and parsing quantities: the
// fixed cost every w2t command pays before the model runs.
#include <benchmark/benchmark.h>

#include "core/unit.hpp"
#include "scenario/scenario.hpp"

namespace {

void BM_ParseQuantity(benchmark::State& state) {
  for (auto _ : state) {
    auto q = w2t::parse_quantity("11.7 M$/MW");
    benchmark::DoNotOptimize(q);
  }
}
BENCHMARK(BM_ParseQuantity);

void BM_LoadDefaultWorld(benchmark::State& state) {
  for (auto _ : state) {
    w2t::Diagnostics diag;
    auto world = w2t::scenario::load_world({}, {}, diag);
    benchmark::DoNotOptimize(world);
  }
}
BENCHMARK(BM_LoadDefaultWorld)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
