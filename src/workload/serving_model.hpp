// How fast a model serves on an accelerator (docs/model.md, "Serving"): the
// time of a decode step and of a prefill from their operators — weights and
// KV cache read, FLOPs, and the collectives of tensor, expert and pipeline
// parallelism over the scale-up domain and the network — and from them the
// trade-off between tokens/s per accelerator and tokens/s per user, searched
// over layouts and batch sizes (the Pareto front).
//
// A step takes max(compute, memory) plus the share of its collectives that
// does not overlap, plus a fixed overhead; all rates are peak × achieved
// efficiency, from the data. Everything is SI: bytes, FLOP, seconds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workload/architecture.hpp"

namespace w2t::workload {

struct Hardware {
  std::string id;
  double flops = 0.0;                  // peak dense FLOP/s at the serving precision
  double attention_flops = 0.0;        // peak dense FLOP/s of attention, which engines run in BF16
  double hbm = 0.0, hbm_bandwidth = 0.0;  // bytes, bytes/s
  double domain = 1.0;                 // accelerators in one scale-up domain
  double scale_up = 0.0, scale_out = 0.0;  // bytes/s each direction, per accelerator
  double compute_efficiency = 1.0, bandwidth_efficiency = 1.0, network_efficiency = 1.0;  // achieved over peak
};

// How the model is served: precisions and the techniques' parameters (the
// data's serving.*; Inference::technique fills them).
struct Technique {
  double weight_bytes = 1.0, kv_bytes = 1.0;  // per parameter, per cached element
  double activation_bytes = 2.0;              // per element of a hidden state, sent or stored (BF16)
  double activation_passes = 0.0;             // reads and writes of a token's hidden state per layer
  double overlap = 0.0;                       // share of collectives hidden behind compute
  double step_overhead = 0.0;                 // s per decode step
  double collective_latency = 0.0;            // s per collective
  double imbalance = 1.0;                     // busiest expert's tokens over the mean
  double acceptance = 0.0;                    // draft tokens accepted (0 without MTP)
  double memory_reserve = 0.0;                // share of HBM kept free
  double max_sequences = 1e9;                 // sequences an engine decodes at once, per accelerator
  double kv_transfer_overhead = 0.0;          // s per request handed from prefill to decode
};

// One kind of request.
struct Traffic {
  double input = 1024.0, output = 256.0;  // tokens per request
  double prefix_hit = 0.0;                // share of input tokens found in the prefix cache
};

struct Layout {
  int tp = 1;   // tensor parallel (attention and dense layers)
  int dp = 1;   // data-parallel attention groups sharing one expert-parallel group (MoE)
  int pp = 1;   // pipeline stages
  bool disaggregated = false;  // prefill and decode on separate instances
  double batch = 1.0;          // sequences decoding at once on one instance

  [[nodiscard]] int accelerators() const { return tp * dp * pp; }
  [[nodiscard]] int ep() const { return tp * dp; }  // a mixture of experts spreads them over a stage
};

struct Point {
  Layout layout;
  int expert_parallel = 1;                    // accelerators a layer's experts are spread over (1: dense)
  double tokens_per_s_per_accelerator = 0.0;  // output tokens, counting prefill's accelerator-time
  double tokens_per_s_per_user = 0.0;         // output tokens while decoding
  double ttft = 0.0;                          // s
  double step = 0.0;                          // s per decode step
  double prefill = 0.0;                       // s of one request's prefill on one instance
  double prefill_per_decode = 0.0;            // prefill accelerators per decode accelerator (disaggregated)
  double kv_share = 0.0;                      // the batch's KV cache over the HBM left for it
  std::string bound;                          // compute | hbm_bandwidth | network | overhead: the step's largest term
};

// The point of one layout and batch, or nothing when it does not fit (the
// weights and the batch's KV cache beyond the HBM, a layout the model
// cannot be split into).
std::optional<Point> evaluate(const Architecture& m, const Hardware& hw, const Technique& tech,
                              const Traffic& traffic, const Layout& layout);

// The weights one accelerator of the layout holds, bytes.
double weights_per_accelerator(const Architecture& m, const Technique& tech, const Layout& layout);

struct Front {
  std::vector<Point> pareto;  // by tokens/s per user, rising; throughput falling
  std::vector<Point> points;  // every feasible point (the targets may pick one off the front)
  int evaluated = 0;          // layouts and batches tried
  int feasible = 0;
  double fastest_user = 0.0;  // the highest tokens/s per user of any point: the physical floor
};

// Every layout the hardware allows (tensor parallel within the domain,
// pipeline stages, attention groups for MoE, both serving modes) at
// batches from 1 to the memory's limit.
Front search(const Architecture& m, const Hardware& hw, const Technique& tech, const Traffic& traffic,
             int max_accelerators = 1024);

// The highest throughput of any point whose speed per user and time to
// first token meet the targets; nothing when none does.
std::optional<Point> best_at(const Front& front, double tokens_per_user, double ttft);

}  // namespace w2t::workload
