// Inference: the decode rules by hand, bad segments, and MLPerf's published
// throughput (docs/validation.md, "Inference").
#include <gtest/gtest.h>

#include <string>

#include "model/run.hpp"
#include "within.hpp"
#include "workload/inference.hpp"

namespace w2t {
namespace {

using test::within;

// The default world plus one segment served by `model`, with the given lengths and targets.
struct Served {
  scenario::World world;
  model::Run run;
  workload::Workloads workloads;
  workload::Inference inference;
};

Served serve_world(const std::string& segment_yaml) {
  Served s;
  Diagnostics diag;
  const std::string scenario =
      "scenario: inference-test\nextends: stargate-2025\nparameters:\n"
      "  sources:\n    test-src: {title: \"Test\", publisher: \"wafer2token tests\", date: 2026-01}\n"
      "  demand:\n    test_segment:\n      name: Test segment\n      region: US\n" +
      segment_yaml;
  s.world = scenario::load_world({"inference-test.yaml", scenario}, {}, diag);
  EXPECT_TRUE(diag.empty()) << (diag.empty() ? "" : diag.errors().front().format());
  auto r = model::run(s.world);
  EXPECT_TRUE(r.ok());
  s.run = std::move(*r);
  s.workloads = *workload::Workloads::compile(s.world, s.run.chain);
  auto inf = workload::Inference::compile(s.world, s.run.chain);
  EXPECT_TRUE(inf.ok()) << inf.error().format();
  s.inference = std::move(*inf);
  return s;
}

const std::string kMlperfLike =
    "      model: llama2_70b\n"
    "      prompts_per_day: {value: 1e8, unit: prompt/day, source: test-src, confidence: E}\n"
    "      input_tokens_per_prompt: {value: 1024, unit: token/prompt, source: test-src, confidence: E}\n"
    "      output_tokens_per_prompt: {value: 256, unit: token/prompt, source: test-src, confidence: E}\n"
    "      peak_to_mean: {value: 1, unit: \"1\", source: test-src, confidence: E}\n"
    "      ttft_target: {value: 2000, unit: ms, source: test-src, confidence: E}\n"
    "      tpot_target: {value: 200, unit: ms, source: test-src, confidence: E}\n";

Expected<workload::ServedSegment> serve(const Served& s, const std::string& accelerator) {
  int a = 0;
  for (std::size_t i = 0; i < s.run.chain.accelerators.size(); ++i) {
    if (s.run.chain.accelerators[i].id == accelerator) a = static_cast<int>(i);
  }
  int k = 0;
  for (std::size_t i = 0; i < s.inference.segments.size(); ++i) {
    if (s.inference.segments[i].id == "test_segment") k = static_cast<int>(i);
  }
  const int t = Month(2026, 1) - s.run.chain.span.first;
  return s.inference.serve(s.run.chain, s.workloads, s.run.deployment, s.run.params, k, a, 0, t);
}

// FACTS §9: at batch 1, decode is bandwidth-bound: tokens/s = HBM bandwidth / bytes of weights read.
// Llama 70B in FP8 (70 GB) on an 8-GPU H100 domain at 70% of 8 x 3.35 TB/s: 268 tokens/s.
TEST(Inference, BatchOneDecodeIsBandwidthOverWeights) {
  const auto s = serve_world(kMlperfLike);
  auto served = serve(s, "h100");
  ASSERT_TRUE(served.ok()) << served.error().format();
  EXPECT_NEAR(1.0 / served->fastest_step, 8 * 3.35e12 * 0.7 / 70e9, 0.5);
  EXPECT_GE(served->batch, 1.0);
  // Over the day: every query's accelerator time, spread over 86,400 s.
  EXPECT_NEAR(served->accelerators_mean, 1e8 * served->accelerator_seconds_per_query / 86400.0,
              1e-9 * served->accelerators_mean);
  EXPECT_DOUBLE_EQ(served->tokens_per_day, 1e8 * (1024 + 256));
}

// MLPerf Inference (mlperf-2025-inference-throughput, S; FACTS §9): 8 x B200 on Llama 2 70B
// ~103k tokens/s, ~12.9k per GPU. The model's decode rate per B200 at a batch the KV cache
// and a relaxed latency allow is a roofline: within ±50%.
TEST(Inference, MlperfLlama70bOnB200) {
  const auto s = serve_world(kMlperfLike);
  auto served = serve(s, "b200");
  ASSERT_TRUE(served.ok()) << served.error().format();
  EXPECT_TRUE(within(served->decode_tokens_per_second, 12.9e3, 0.5));
}

TEST(Inference, ALatencyTargetBelowThePhysicalMinimum) {
  std::string yaml = kMlperfLike;
  yaml.replace(yaml.find("value: 200, unit: ms"), 20, "value: 1, unit: ms  ");
  const auto s = serve_world(yaml);
  auto served = serve(s, "h100");
  ASSERT_FALSE(served.ok());
  EXPECT_NE(served.error().format().find("below the physical minimum of 3.7 ms"), std::string::npos)
      << served.error().format();
}

TEST(Inference, AModelThatDoesNotFitOneDomain) {
  std::string yaml = kMlperfLike;
  yaml.replace(yaml.find("model: llama2_70b"), 17, "model: frontier_moe");
  const auto s = serve_world(yaml);
  auto served = serve(s, "h100");  // 1.8 TB of FP8 weights against 8 x 80 GB
  ASSERT_FALSE(served.ok());
  EXPECT_NE(served.error().format().find("does not fit one h100 domain: 1800 GB of weights, 640 GB"),
            std::string::npos)
      << served.error().format();
}

}  // namespace
}  // namespace w2t
