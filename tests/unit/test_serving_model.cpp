// The serving model's physics (workload/serving_model.hpp) on shapes and
// hardware written out here from their published configs and datasheets,
// so that each expectation can be checked by hand.
#include <gtest/gtest.h>

#include "workload/serving_model.hpp"

namespace w2t::workload {
namespace {

// Llama 2 70B (config.json: 80 layers, hidden 8192, 64 heads, 8 KV heads,
// FFN 28672, vocab 32000).
Architecture llama2_70b() {
  Architecture m;
  m.id = "llama2_70b";
  m.total = 69e9;
  m.layers = 80;
  m.hidden = 8192;
  m.heads = 64;
  m.kv_heads = 8;
  m.head_dim = 128;
  m.vocab = 32000;
  m.intermediate = 28672;
  return m;
}

// DeepSeek-V3 (config.json: 61 layers, 3 dense, 256 routed experts of width
// 2048, 8 per token, 1 shared, MLA latent 512 + rope 64, one MTP module).
Architecture deepseek_v3() {
  Architecture m;
  m.id = "deepseek_v3";
  m.total = 671e9;
  m.layers = 61;
  m.hidden = 7168;
  m.heads = 128;
  m.kv_heads = 128;
  m.head_dim = 192;
  m.vocab = 129280;
  m.intermediate = 18432;
  m.dense_layers = 3;
  m.experts = 256;
  m.experts_per_token = 8;
  m.shared_experts = 1;
  m.expert_width = 2048;
  m.attention = Attention::mla;
  m.kv_latent = 512;
  m.rope_dim = 64;
  m.draft_tokens = 1;
  return m;
}

// H100 SXM (datasheet: 1,979 TFLOP/s dense FP8, 80 GB at 3.35 TB/s, NVLink
// 450 GB/s each way in an 8-GPU domain, one 400 Gb/s NIC per GPU).
Hardware h100() {
  Hardware h;
  h.id = "h100";
  h.flops = 1.979e15;
  h.attention_flops = 0.989e15;
  h.hbm = 80e9;
  h.hbm_bandwidth = 3.35e12;
  h.domain = 8;
  h.scale_up = 450e9;
  h.scale_out = 50e9;
  h.compute_efficiency = 0.5;
  h.bandwidth_efficiency = 0.65;
  h.network_efficiency = 0.8;
  return h;
}

Technique fp8() {
  Technique t;
  t.overlap = 0.5;
  t.step_overhead = 1e-3;
  t.collective_latency = 1e-5;
  t.imbalance = 1.3;
  t.acceptance = 0.85;
  t.memory_reserve = 0.1;
  t.kv_transfer_overhead = 5e-3;
  return t;
}

TEST(ServingModel, ShapesAddUpToThePublishedCounts) {
  const auto dense = llama2_70b();
  // Attention is what the total leaves: 80 x 8192 x 128 x (2 x 64 + 2 x 8) = 12.1e9 for GQA projections.
  EXPECT_NEAR(dense.attention_params(), 12.1e9, 0.6e9);
  EXPECT_NEAR(dense.active_params(), 68.7e9, 1e9);  // all but the input embedding
  const auto moe = deepseek_v3();
  EXPECT_NEAR(moe.routed_params(), 58 * 256 * 3 * 7168 * 2048.0, 1.0);
  EXPECT_NEAR(moe.active_params(), 37e9, 3e9);  // the published 37B active (with the LM head)
  // KV per token: GQA 2 x 8 x 128 x 80 = 163,840 elements; MLA (512 + 64) x 61 = 35,136.
  EXPECT_DOUBLE_EQ(dense.kv_elements(1.0), 163840.0);
  EXPECT_DOUBLE_EQ(moe.kv_elements(1.0), 35136.0);
}

TEST(ServingModel, TheFrontTradesThroughputForSpeed) {
  const auto front = search(llama2_70b(), h100(), fp8(), {1024, 256, 0});
  ASSERT_GE(front.pareto.size(), 10U);
  EXPECT_GE(front.evaluated, 1000);
  for (std::size_t i = 1; i < front.pareto.size(); ++i) {
    EXPECT_GT(front.pareto[i].tokens_per_s_per_user, front.pareto[i - 1].tokens_per_s_per_user);
    EXPECT_LT(front.pareto[i].tokens_per_s_per_accelerator, front.pareto[i - 1].tokens_per_s_per_accelerator);
  }
  // The fastest a user can be served: weights over bandwidth at batch 1 on
  // a whole domain, 70 GB / 8 / (3.35 TB/s x 0.65) = 4.0 ms, plus the overhead
  // and the tensor-parallel collectives: under 250 tokens/s.
  EXPECT_LT(front.fastest_user, 250.0);
  EXPECT_GT(front.fastest_user, 100.0);
}

TEST(ServingModel, ABatchBeyondTheMemoryDoesNotFit) {
  // One H100: 68.7 GB of FP8 weights in 72 GB usable leave 3.3 GB, at
  // 1,152 tokens x 163,840 B = 189 MB a sequence: 17 sequences, not 32.
  Layout one{1, 1, 1, false, 1.0};
  EXPECT_TRUE(evaluate(llama2_70b(), h100(), fp8(), {1024, 256, 0}, one));
  one.batch = 16.0;
  EXPECT_TRUE(evaluate(llama2_70b(), h100(), fp8(), {1024, 256, 0}, one));
  one.batch = 32.0;
  EXPECT_FALSE(evaluate(llama2_70b(), h100(), fp8(), {1024, 256, 0}, one));
  Layout eight{8, 1, 1, false, 64.0};
  auto p = evaluate(llama2_70b(), h100(), fp8(), {1024, 256, 0}, eight);
  ASSERT_TRUE(p);
  eight.batch = 1e6;
  EXPECT_FALSE(evaluate(llama2_70b(), h100(), fp8(), {1024, 256, 0}, eight));
}

TEST(ServingModel, AModelBeyondOneDomainIsServedAcrossNodes) {
  // 671 GB of FP8 weights do not fit 8 x 80 GB: the front must span nodes.
  const auto front = search(deepseek_v3(), h100(), fp8(), {2048, 512, 0.5});
  ASSERT_FALSE(front.pareto.empty());
  for (const auto& p : front.pareto) EXPECT_GT(p.layout.accelerators(), 8);
}

TEST(ServingModel, TheTargetPicksTheBestPointThatMeetsIt) {
  const auto front = search(llama2_70b(), h100(), fp8(), {1024, 256, 0});
  auto at = best_at(front, 50.0, 1.0);
  ASSERT_TRUE(at);
  EXPECT_GE(at->tokens_per_s_per_user, 50.0);
  EXPECT_LE(at->ttft, 1.0);
  for (const auto& p : front.points) {
    if (p.tokens_per_s_per_user >= 50.0 && p.ttft <= 1.0) {
      EXPECT_LE(p.tokens_per_s_per_accelerator, at->tokens_per_s_per_accelerator);
    }
  }
  EXPECT_FALSE(best_at(front, 10.0 * front.fastest_user, 1.0));
}

TEST(ServingModel, PrefixHitsAndDraftTokensHelp) {
  const Layout l{8, 1, 1, false, 128.0};
  auto cold = evaluate(llama2_70b(), h100(), fp8(), {4096, 256, 0.0}, l);
  auto warm = evaluate(llama2_70b(), h100(), fp8(), {4096, 256, 0.8}, l);
  ASSERT_TRUE(cold && warm);
  EXPECT_GT(warm->tokens_per_s_per_accelerator, cold->tokens_per_s_per_accelerator);
  EXPECT_LT(warm->ttft, cold->ttft);
  auto moe = deepseek_v3();
  const Layout wide{1, 32, 1, true, 1024.0};
  auto with = evaluate(moe, h100(), fp8(), {2048, 512, 0.5}, wide);
  moe.draft_tokens = 0;
  auto without = evaluate(moe, h100(), fp8(), {2048, 512, 0.5}, wide);
  ASSERT_TRUE(with && without);
  EXPECT_GT(with->tokens_per_s_per_user, without->tokens_per_s_per_user);
}

}  // namespace
}  // namespace w2t::workload
