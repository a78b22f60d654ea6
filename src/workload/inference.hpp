// Inference (DESIGN stage 8): a demand segment — users, prompts, tokens,
// latency targets — served by a model on one accelerator at one site:
// tokens per second per accelerator, accelerators at peak, and what a
// million tokens and a query cost in money, energy and carbon
// (docs/model.md, "Inference").
//
// Prefill is compute-bound. Decode reads the active weights and every
// sequence's KV cache each step, so a batch of B sequences on one scale-up
// domain takes max(memory time, compute time) per step; B is the largest
// batch that meets the time-per-output-token target and whose KV cache fits
// beside the weights.
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "workload/architecture.hpp"
#include "workload/serving_model.hpp"
#include "workload/training.hpp"

namespace w2t::workload {

struct ModelPlan {
  std::string id, name;
  Series total, active, layers, kv_heads, head_dim;  // active empty: dense
  std::string attention;                             // mha | gqa | mla; "" when not given
  Series hidden, heads, vocab, intermediate, dense_layers, experts, experts_per_token, shared_experts,
      expert_width, kv_latent, rope_dim, window, window_layers, draft_tokens;

  // The shape in month t; an error names the first field serving needs
  // that the data does not give.
  [[nodiscard]] Expected<Architecture> architecture(std::span<const double> params, int t) const;
};

struct SegmentPlan {
  std::string id, name, region;
  int model = 0;
  Series users, prompts_per_user_per_day, prompts_per_day, tokens_per_minute;
  Series input_tokens, output_tokens, peak_to_mean, ttft, tpot;
};

struct Serving {
  std::string precision;
  Series weight_bytes, kv_bytes, bandwidth_efficiency, compute_efficiency;
  Series network_efficiency, comm_overlap, step_overhead, collective_latency, activation_passes, max_sequences, routing_imbalance, mtp_acceptance, prefix_hit,
      memory_reserve, fleet_utilisation, peak_to_mean, idle_power, kv_transfer_overhead;
};

// One serving instance of a model: a scale-up domain, its memory, achieved
// bandwidth and compute; what a decode step and a prefill take.
struct Replica {
  double domain = 1.0;                                  // accelerators
  double memory = 0.0, bandwidth = 0.0, compute = 0.0;  // B, B/s and FLOP/s achieved
  double weights = 0.0, weights_read = 0.0;             // B held, B read per decode step
  double active = 0.0;                                  // parameters per token
  double kv_per_token = 0.0;                            // B of KV cache per token of context

  // One decode step of `batch` sequences holding `kv_bytes` of cache: the
  // weights and the caches read, or the batch's FLOPs, whichever is longer.
  [[nodiscard]] double step(double batch, double kv_bytes) const {
    return std::max((weights_read + kv_bytes) / bandwidth, batch * 2.0 * active / compute);
  }
  // Prefill of `tokens` input tokens (compute-bound).
  [[nodiscard]] double prefill(double tokens) const { return tokens * 2.0 * active / compute; }
  // Bytes of HBM left for KV caches beside the weights.
  [[nodiscard]] double kv_capacity() const { return memory - weights; }
};

struct ServedSegment {
  double queries_per_day = 0.0;
  double tokens_per_day = 0.0;             // input and output
  double batch = 0.0;                      // sequences decoded together on one domain
  double fastest_step = 0.0;               // s per output token at batch 1: active weights over bandwidth
  std::string batch_limit;                 // latency | kv_cache | compute
  double decode_tokens_per_second = 0.0;   // per accelerator
  double prefill_tokens_per_second = 0.0;  // per accelerator
  double tokens_per_second = 0.0;          // per accelerator busy with the segment, input and output
  double accelerator_seconds_per_query = 0.0;
  double accelerators_mean = 0.0;
  double accelerators_peak = 0.0;
  double usd_per_million_tokens = 0.0;
  double energy_per_query = 0.0;  // J of facility energy
  double co2_per_query = 0.0;     // kg
};

struct Inference {
  std::vector<ModelPlan> models;
  std::vector<SegmentPlan> segments;
  Serving serving;
  double day = 0.0;  // seconds in a day, for the demand's daily figures

  static Expected<Inference> compile(const scenario::World& world, const supply::Chain& chain);

  // The replica serving segment k on accelerator a in month t; an error when
  // the model does not fit one domain.
  [[nodiscard]] Expected<Replica> replica(const supply::Chain& chain, const Workloads& workloads,
                                          std::span<const double> params, int k, int a, int t) const;
  // Segment k on accelerator a in month t: throughput and accelerators
  // (no money, energy or carbon). Errors: the model does not fit one domain,
  // a latency target below the physical minimum, no demand.
  [[nodiscard]] Expected<ServedSegment> size(const supply::Chain& chain, const Workloads& workloads,
                                             std::span<const double> params, int k, int a, int t) const;
  // size(), then money, energy and carbon at site `site`.
  [[nodiscard]] Expected<ServedSegment> serve(const supply::Chain& chain, const Workloads& workloads,
                                              const sites::Deployment& deployment,
                                              std::span<const double> params, int k, int a, int site,
                                              int t) const;
  // The serving model's view of accelerator a in month t at `precision`
  // (bf16, fp8, fp4): peak, memory, links and achieved efficiencies.
  [[nodiscard]] Expected<Hardware> hardware(const supply::Chain& chain, const Workloads& workloads,
                                            std::span<const double> params, int a, const std::string& precision,
                                            int t) const;
  // The techniques' parameters in month t, weights and KV cache at the
  // precisions given.
  [[nodiscard]] Expected<Technique> technique(std::span<const double> params, const std::string& weights,
                                              const std::string& kv, int t) const;
  // The model's index by id; an error suggests the nearest.
  [[nodiscard]] Expected<int> find_model(const std::string& id, const std::string& option) const;

  // The scenario's site for a segment's region: the first whose country it
  // names, else the first site.
  [[nodiscard]] int site_for(const sites::SiteModel& sites, int k) const;
};

}  // namespace w2t::workload
