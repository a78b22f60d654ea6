// Request-level serving of one demand segment for a day: requests arrive at
// a diurnal rate (Poisson within each hour), a router spreads them evenly at
// random over the replicas that are up, and each replica — one scale-up
// domain of the workload roofline (workload::Replica) — runs continuous
// batching: a request waits until its KV cache (its prompt and its own
// output) fits beside the batch's, its prefill stalls the decode of the
// batch, then it decodes one token a step with the batch, the step time set
// by the weights and caches read or the batch's FLOPs.
//
// Random routing splits a Poisson stream into independent Poisson streams,
// so replicas never interact: each is simulated on its own from stream
// (seed, replica), any subset of them gives unbiased latency percentiles,
// and they run in parallel with results independent of the split.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "core/quantile_sketch.hpp"
#include "model/run.hpp"
#include "ops/event.hpp"

namespace w2t::ops {

struct ServingPlan {
  std::string segment, model, accelerator;
  workload::Replica replica;
  double input_tokens = 0.0;   // per request
  double output_tokens = 0.0;  // mean per request (geometric)
  double ttft_target = 0.0;    // s
  double tpot_target = 0.0;    // s
  double requests_per_day = 0.0;
  double peak_to_mean = 1.0;  // the diurnal cycle: peak hour over the day's mean
  int replicas = 0;           // provisioned
  double replicas_up = 0.0;   // on average, with the fleet's failures (rack availability)
  Time horizon = kDay;        // arrivals for this long; requests in flight then still finish
};

struct ServingOutcome {
  QuantileSketch ttft{0.005}, tpot{0.005};  // seconds
  std::uint64_t requests = 0;
  std::uint64_t within_slo = 0;  // both targets met
  double batch_time = 0.0;       // sequences decoding x seconds, for the mean batch
  double busy_time = 0.0;        // seconds with a batch
  std::uint64_t events = 0;      // arrivals and completions

  void merge(const ServingOutcome& other);
};

// Plans the serving of the demand segment with most requests a day in month
// t (-1: the span's last) on the fleet's most installed accelerator, with
// the monthly model's peak sizing plus reliability.serving_headroom.
Expected<ServingPlan> plan_serving(const model::Run& run, const scenario::World& world, int month,
                                   double rack_availability);

// Simulates replicas [first, first + count) of the plan.
ServingOutcome serve(const ServingPlan& plan, int first, int count, std::uint64_t seed,
                     std::atomic<std::uint64_t>* replicas_done = nullptr,
                     const std::atomic<bool>* stop = nullptr);

}  // namespace w2t::ops
