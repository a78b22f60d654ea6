// The serving front (workload/serving_model.hpp): every layout and batch of
// a dense and a mixture-of-experts model on one accelerator, one core.
#include <benchmark/benchmark.h>

#include "workload/serving_model.hpp"

namespace {

using namespace w2t::workload;

// Shapes and hardware as in tests/unit/test_serving_model.cpp.
Architecture llama2_70b() {
  Architecture m;
  m.total = 69e9, m.layers = 80, m.hidden = 8192, m.heads = 64, m.kv_heads = 8, m.head_dim = 128;
  m.vocab = 32000, m.intermediate = 28672;
  return m;
}

Architecture deepseek_v3() {
  Architecture m;
  m.total = 671e9, m.layers = 61, m.hidden = 7168, m.heads = 128, m.kv_heads = 128, m.head_dim = 192;
  m.vocab = 129280, m.intermediate = 18432, m.dense_layers = 3, m.experts = 256, m.experts_per_token = 8;
  m.shared_experts = 1, m.expert_width = 2048, m.attention = Attention::mla, m.kv_latent = 512, m.rope_dim = 64;
  m.draft_tokens = 1;
  return m;
}

Hardware h100() {
  Hardware h;
  h.flops = 1.979e15, h.attention_flops = 0.989e15, h.hbm = 80e9, h.hbm_bandwidth = 3.35e12, h.domain = 8, h.scale_up = 450e9;
  h.scale_out = 50e9, h.compute_efficiency = 0.5, h.bandwidth_efficiency = 0.65, h.network_efficiency = 0.8;
  return h;
}

Technique technique() {
  Technique t;
  t.overlap = 0.5, t.step_overhead = 1e-3, t.collective_latency = 1e-5, t.imbalance = 1.3, t.acceptance = 0.85;
  t.memory_reserve = 0.1, t.kv_transfer_overhead = 5e-3;
  return t;
}

void run(benchmark::State& state, const Architecture& m) {
  const auto hw = h100();
  const auto tech = technique();
  int evaluated = 0;
  for (auto _ : state) {
    auto front = search(m, hw, tech, {2048, 256, 0.3});
    evaluated = front.evaluated;
    benchmark::DoNotOptimize(front);
  }
  state.counters["layouts"] = evaluated;
}

void BM_FrontDense(benchmark::State& state) { run(state, llama2_70b()); }
void BM_FrontMoE(benchmark::State& state) { run(state, deepseek_v3()); }

}  // namespace

BENCHMARK(BM_FrontDense)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrontMoE)->Unit(benchmark::kMillisecond);
