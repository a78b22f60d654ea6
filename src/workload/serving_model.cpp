#include "workload/serving_model.hpp"

#include <algorithm>
#include <cmath>

namespace w2t::workload {
namespace {

// Expected distinct experts a step's tokens touch, each token choosing k of E.
double experts_touched(double experts, double k, double tokens) {
  return experts * (1.0 - std::pow(1.0 - k / experts, tokens));
}

// Bytes/s of an exchange among `group` accelerators: the share of peers
// within the scale-up domain over its links, the rest over the network.
double exchange_rate(const Hardware& hw, double group) {
  if (group <= hw.domain) return hw.scale_up * hw.network_efficiency;
  const double inside = (hw.domain - 1.0) / (group - 1.0);
  return hw.network_efficiency / (inside / hw.scale_up + (1.0 - inside) / hw.scale_out);
}

struct Terms {
  double compute = 0.0, memory = 0.0, network = 0.0;  // s
};

}  // namespace

double weights_per_accelerator(const Architecture& m, const Technique& tech, const Layout& l) {
  const double stage_share = 1.0 / l.pp;
  return tech.weight_bytes * stage_share * (m.always_params() / l.tp + m.routed_params() / l.ep());
}

std::optional<Point> evaluate(const Architecture& m, const Hardware& hw, const Technique& tech,
                              const Traffic& traffic, const Layout& layout) {
  const double tp = layout.tp, dp = layout.dp, pp = layout.pp, ep = layout.ep();
  const double n = layout.accelerators();
  if (tp > hw.domain || tp > m.heads || pp > m.layers || (!m.moe() && dp > 1.0) || layout.batch < 1.0 ||
      layout.batch > tech.max_sequences * n)
    return std::nullopt;
  const double usable = hw.hbm * (1.0 - tech.memory_reserve) - weights_per_accelerator(m, tech, layout);
  if (usable <= 0.0) return std::nullopt;
  // One sequence's KV cache on one accelerator of its group, at the mean
  // context while decoding: heads split over tensor parallel (a latent is
  // not split), layers over the stages.
  const double context = traffic.input + traffic.output / 2.0;
  const double kv_split = m.attention == Attention::mla ? 1.0 : std::min(tp, m.kv_heads);
  const double kv_sequence = m.kv_elements(context) * tech.kv_bytes / (pp * kv_split);
  const double kv = layout.batch / dp * kv_sequence;
  if (kv > usable) return std::nullopt;

  // A decode step: each stage takes its micro-batch through its layers.
  const double micro = std::min(pp, layout.batch);
  const double b = layout.batch / micro;          // sequences of a micro-batch
  const double tokens = b * (1.0 + m.draft_tokens);  // verified together
  const double moe_layers = m.moe_layers() / pp;
  const double layers = m.layers / pp;
  Terms step;
  {
    const double touched = m.moe() ? experts_touched(m.experts, m.experts_per_token, tokens) : 0.0;
    // Elementwise work (norms, residuals, rotary, activation functions) and
    // a mixture's permutes read and write each token's hidden state.
    const double passes = layers * tech.activation_passes + moe_layers * 4.0 * m.experts_per_token;
    const double bytes = tech.weight_bytes * (m.always_params() / (tp * pp) +
                                              moe_layers * touched / ep * m.expert_params()) +
                         b / dp * kv_sequence + tokens / dp * passes * m.hidden * tech.activation_bytes;
    step.memory = bytes / (hw.hbm_bandwidth * hw.bandwidth_efficiency);
    const double flops = 2.0 * m.always_params() / (tp * pp) * tokens / dp +
                         2.0 * tokens * m.experts_per_token * m.expert_params() * moe_layers / ep * tech.imbalance;
    const double scores = tokens / dp * m.attention_flops(context) / (pp * tp);
    step.compute = (flops / hw.flops + scores / hw.attention_flops) / hw.compute_efficiency;
    const double message = tokens / dp * m.hidden * tech.activation_bytes;
    if (tp > 1.0) {
      step.network += 2.0 * layers *
                      (2.0 * (tp - 1.0) / tp * message / (hw.scale_up * hw.network_efficiency) +
                       tech.collective_latency);
    }
    if (m.moe() && ep > 1.0) {
      const double sent = tokens / ep * m.experts_per_token * m.hidden * tech.activation_bytes * (ep - 1.0) / ep;
      step.network += moe_layers * 2.0 * (sent / exchange_rate(hw, ep) + tech.collective_latency);
    }
    if (pp > 1.0) step.network += message * dp / exchange_rate(hw, n) + tech.collective_latency;
  }
  const double stage = std::max(step.compute, step.memory) + (1.0 - tech.overlap) * step.network;
  Point p;
  p.layout = layout;
  p.expert_parallel = m.moe() ? layout.ep() : 1;
  p.kv_share = kv / usable;
  p.step = pp * stage + tech.step_overhead;
  const double largest = std::max({step.compute, step.memory, (1.0 - tech.overlap) * step.network,
                                   tech.step_overhead / pp});
  p.bound = largest == step.compute ? "compute"
            : largest == step.memory ? "hbm_bandwidth"
            : largest == tech.step_overhead / pp ? "overhead"
                                                 : "network";

  // Prefill of one request: its uncached input, attending to the cache.
  const double fresh = traffic.input * (1.0 - traffic.prefix_hit);
  const double prefill_context = traffic.input * traffic.prefix_hit + fresh / 2.0;
  const double rate = hw.flops * hw.compute_efficiency;
  // Attention scores at their own rate, as FLOPs at the serving precision's.
  const double dense_flops = 2.0 * m.always_params() * fresh +
                             fresh * m.attention_flops(prefill_context) * hw.flops / hw.attention_flops;
  const double expert_flops =
      2.0 * fresh * m.experts_per_token * m.expert_params() * m.moe_layers() * tech.imbalance;
  double prefill_network = 0.0;
  if (tp > 1.0) {
    prefill_network += 2.0 * m.layers * 2.0 * (tp - 1.0) / tp * fresh * m.hidden * tech.activation_bytes /
                       (hw.scale_up * hw.network_efficiency);
  }
  if (m.moe() && ep > 1.0) {
    prefill_network += m.moe_layers() * 2.0 * fresh / tp * m.experts_per_token * m.hidden *
                       tech.activation_bytes * (ep - 1.0) / ep / exchange_rate(hw, ep);
  }
  // Latency: one request through its attention group and the experts;
  // accelerator-time: the instance's work shared by all its accelerators.
  p.prefill = dense_flops / (tp * rate) + expert_flops / (ep * rate) + (1.0 - tech.overlap) * prefill_network;
  const double prefill_work = (dense_flops + expert_flops) / (n * rate) + (1.0 - tech.overlap) * prefill_network / dp;

  const double accepted = 1.0 + tech.acceptance * m.draft_tokens;
  if (layout.disaggregated) {
    const double requests = layout.batch * accepted / (p.step * traffic.output);  // per s, per decode instance
    p.prefill_per_decode = requests * prefill_work;
    p.tokens_per_s_per_user = accepted / p.step;
    p.tokens_per_s_per_accelerator = requests * traffic.output / (n * (1.0 + p.prefill_per_decode));
    const double kv_bytes = m.kv_elements(traffic.input) * tech.kv_bytes;
    p.ttft = p.prefill + kv_bytes / (hw.scale_out * hw.network_efficiency * tp * pp) + tech.kv_transfer_overhead;
  } else {
    // Chunked prefill shares the instance with decoding: the share of its
    // time spent on prefill f = g / (1 + g).
    const double g = layout.batch * accepted * prefill_work / (p.step * traffic.output);
    const double decoding = 1.0 / (1.0 + g);
    p.tokens_per_s_per_user = accepted * decoding / p.step;
    p.tokens_per_s_per_accelerator = layout.batch * p.tokens_per_s_per_user / n;
    p.ttft = p.prefill + p.step;
  }
  return p;
}

Front search(const Architecture& m, const Hardware& hw, const Technique& tech, const Traffic& traffic,
             int max_accelerators) {
  Front front;
  for (int tp = 1; tp <= hw.domain && tp <= m.heads && tp <= 64; tp *= 2) {
    for (int pp = 1; pp <= 8 && pp <= m.layers; pp *= 2) {
      for (int dp = 1; tp * dp * pp <= max_accelerators; dp *= 2) {
        if (!m.moe() && dp > 1) break;
        for (const bool disaggregated : {false, true}) {
          for (int i = 0; i <= 60; ++i) {  // batches 1 to 32,768, four a doubling
            Layout layout{tp, dp, pp, disaggregated, std::round(std::pow(2.0, i / 4.0))};
            ++front.evaluated;
            auto p = evaluate(m, hw, tech, traffic, layout);
            if (!p) break;  // larger batches do not fit either
            ++front.feasible;
            front.fastest_user = std::max(front.fastest_user, p->tokens_per_s_per_user);
            front.points.push_back(std::move(*p));
          }
        }
      }
    }
  }
  // Fastest per user first; a point stays when it beats every faster one.
  std::vector<Point> points = front.points;
  std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
    return a.tokens_per_s_per_user != b.tokens_per_s_per_user ? a.tokens_per_s_per_user > b.tokens_per_s_per_user
                                                               : a.tokens_per_s_per_accelerator > b.tokens_per_s_per_accelerator;
  });
  double best = 0.0;
  for (auto& p : points) {
    if (p.tokens_per_s_per_accelerator > best) {
      best = p.tokens_per_s_per_accelerator;
      front.pareto.push_back(std::move(p));
    }
  }
  std::reverse(front.pareto.begin(), front.pareto.end());
  return front;
}

std::optional<Point> best_at(const Front& front, double tokens_per_user, double ttft) {
  std::optional<Point> best;
  for (const auto& p : front.points) {
    if (p.tokens_per_s_per_user >= tokens_per_user && p.ttft <= ttft &&
        (!best || p.tokens_per_s_per_accelerator > best->tokens_per_s_per_accelerator)) {
      best = p;
    }
  }
  return best;
}

}  // namespace w2t::workload
