#include "workload/inference.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/suggest.hpp"
#include "core/unit.hpp"
#include "sites/compare.hpp"

namespace w2t::workload {
namespace {

double gigabytes(double bits) {
  return parse_unit("GB")->from_si(bits);
}
double milliseconds(double seconds) {
  return parse_unit("ms")->from_si(seconds);
}

}  // namespace

Expected<Inference> Inference::compile(const scenario::World& world, const supply::Chain& chain) {
  const auto& ds = world.dataset;
  supply::SeriesReader read(ds, chain.span, "inference model");
  Inference inf;
  inf.day = parse_unit("day")->scale;
  inf.serving.precision = ds.text_or("serving.precision", "fp8");
  inf.serving.weight_bytes = read.need("serving.weight_bytes");
  inf.serving.kv_bytes = read.need("serving.kv_bytes");
  inf.serving.bandwidth_efficiency = read.need("serving.bandwidth_efficiency");
  inf.serving.compute_efficiency = read.need("serving.compute_efficiency");
  inf.serving.network_efficiency = read.need("serving.network_efficiency");
  inf.serving.comm_overlap = read.need("serving.comm_overlap");
  inf.serving.step_overhead = read.need("serving.step_overhead");
  inf.serving.collective_latency = read.need("serving.collective_latency");
  inf.serving.activation_passes = read.need("serving.activation_passes");
  inf.serving.max_sequences = read.need("serving.max_sequences_per_accelerator");
  inf.serving.routing_imbalance = read.need("serving.routing_imbalance");
  inf.serving.mtp_acceptance = read.need("serving.mtp_acceptance");
  inf.serving.prefix_hit = read.need("serving.prefix_hit");
  inf.serving.memory_reserve = read.need("serving.memory_reserve");
  inf.serving.fleet_utilisation = read.need("serving.fleet_utilisation");
  inf.serving.peak_to_mean = read.need("serving.peak_to_mean");
  inf.serving.idle_power = read.need("serving.idle_power");
  inf.serving.kv_transfer_overhead = read.need("serving.kv_transfer_overhead");
  if (auto it = ds.entities.find("model"); it != ds.entities.end()) {
    for (const auto& id : it->second) {
      const std::string base = "model." + id + ".";
      ModelPlan m;
      m.id = id;
      m.name = ds.text_or(base + "name", id);
      m.total = read.need(base + "total_parameters");
      m.active = read.optional(base + "active_parameters");
      m.layers = read.optional(base + "layers");
      m.kv_heads = read.optional(base + "kv_heads");
      m.head_dim = read.optional(base + "head_dim");
      m.attention = ds.text_or(base + "attention", "");
      m.hidden = read.optional(base + "hidden_size");
      m.heads = read.optional(base + "attention_heads");
      m.vocab = read.optional(base + "vocab_size");
      m.intermediate = read.optional(base + "intermediate_size");
      m.dense_layers = read.optional(base + "dense_layers");
      m.experts = read.optional(base + "experts");
      m.experts_per_token = read.optional(base + "experts_per_token");
      m.shared_experts = read.optional(base + "shared_experts");
      m.expert_width = read.optional(base + "moe_intermediate_size");
      m.kv_latent = read.optional(base + "kv_lora_rank");
      m.rope_dim = read.optional(base + "qk_rope_head_dim");
      m.window = read.optional(base + "sliding_window");
      m.window_layers = read.optional(base + "sliding_layers");
      m.draft_tokens = read.optional(base + "mtp_layers");
      inf.models.push_back(std::move(m));
    }
  }
  const auto model_index = [&](const std::string& id) {
    auto it = std::find_if(inf.models.begin(), inf.models.end(), [&](const auto& m) { return m.id == id; });
    return it == inf.models.end() ? -1 : static_cast<int>(it - inf.models.begin());
  };
  const std::string fallback = ds.text_or("serving.default_model", "");
  if (auto it = ds.entities.find("demand"); it != ds.entities.end()) {
    for (const auto& id : it->second) {
      const std::string base = "demand." + id + ".";
      SegmentPlan s;
      s.id = id;
      s.name = ds.text_or(base + "name", id);
      s.region = ds.text_or(base + "region", "");
      s.model = model_index(ds.text_or(base + "model", fallback));
      if (s.model < 0) {
        return make_error(ErrorCode::missing, "a demand segment needs a model that serves it", base + "model",
                          "a model id here, or serving.default_model");
      }
      const auto& m = inf.models[static_cast<std::size_t>(s.model)];
      if (m.layers.empty() || m.kv_heads.empty() || m.head_dim.empty()) {
        return make_error(ErrorCode::missing, fmt::format("serving {} needs its KV-cache shape", m.id),
                          "model." + m.id + ".layers", "layers, kv_heads and head_dim");
      }
      s.users = read.optional(base + "users");
      s.prompts_per_user_per_day = read.optional(base + "prompts_per_user_per_day");
      s.prompts_per_day = read.optional(base + "prompts_per_day");
      s.tokens_per_minute = read.optional(base + "tokens_per_minute");
      s.input_tokens = read.need(base + "input_tokens_per_prompt");
      s.output_tokens = read.need(base + "output_tokens_per_prompt");
      s.peak_to_mean = read.need(base + "peak_to_mean");
      s.ttft = read.need(base + "ttft_target");
      s.tpot = read.need(base + "tpot_target");
      inf.segments.push_back(std::move(s));
    }
  }
  if (read.error()) return *read.error();
  return inf;
}

Expected<Architecture> ModelPlan::architecture(std::span<const double> params, int t) const {
  const auto need = [&](const Series& s, const char* field) -> Expected<double> {
    if (s.empty()) {
      return make_error(ErrorCode::missing, fmt::format("serving {} needs its {}", id, field),
                        fmt::format("model.{}.{}", id, field),
                        "the architecture fields of its published config (docs/model.md, \"Serving\")");
    }
    return s(params, t);
  };
  Architecture a;
  a.id = id;
  a.total = total(params, t);
  const std::pair<double*, std::pair<const Series*, const char*>> required[] = {
      {&a.layers, {&layers, "layers"}},       {&a.hidden, {&hidden, "hidden_size"}},
      {&a.heads, {&heads, "attention_heads"}}, {&a.head_dim, {&head_dim, "head_dim"}},
      {&a.vocab, {&vocab, "vocab_size"}}};
  for (const auto& [out, field] : required) {
    auto v = need(*field.first, field.second);
    if (!v) return v.error();
    *out = *v;
  }
  a.attention = attention == "mla" ? Attention::mla : attention == "mha" ? Attention::mha : Attention::gqa;
  a.kv_heads = kv_heads.or_else(params, t, a.heads);
  a.experts = experts.or_else(params, t, 0.0);
  const bool moe = a.experts > 0.0;
  if (moe) {
    for (const auto& [s, field] : {std::pair{&experts_per_token, "experts_per_token"},
                                   std::pair{&expert_width, "moe_intermediate_size"}}) {
      if (auto v = need(*s, field); !v) return v.error();
    }
    a.experts_per_token = experts_per_token(params, t);
    a.expert_width = expert_width(params, t);
    a.shared_experts = shared_experts.or_else(params, t, 0.0);
    a.dense_layers = dense_layers.or_else(params, t, 0.0);
  }
  if (!moe || a.dense_layers > 0.0) {
    auto v = need(intermediate, "intermediate_size");
    if (!v) return v.error();
    a.intermediate = *v;
  }
  if (a.attention == Attention::mla) {
    auto v = need(kv_latent, "kv_lora_rank");
    if (!v) return v.error();
    a.kv_latent = *v;
    a.rope_dim = rope_dim.or_else(params, t, 0.0);
  }
  a.window = window.or_else(params, t, 0.0);
  a.window_layers = a.window > 0.0 ? window_layers.or_else(params, t, 0.0) : 0.0;
  a.draft_tokens = draft_tokens.or_else(params, t, 0.0);
  return a;
}

Expected<int> Inference::find_model(const std::string& id, const std::string& option) const {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < models.size(); ++i) {
    if (models[i].id == id) return static_cast<int>(i);
    ids.push_back(models[i].id);
  }
  return make_error(ErrorCode::bad_reference, fmt::format("no model '{}'{}", shown(id), did_you_mean(id, ids)),
                    option, fmt::format("one of: {}", join(ids)));
}

Expected<Hardware> Inference::hardware(const supply::Chain& chain, const Workloads& workloads,
                                       std::span<const double> params, int a, const std::string& precision,
                                       int t) const {
  const auto& perf = workloads.accelerators[static_cast<std::size_t>(a)];
  const auto& id = chain.accelerators[static_cast<std::size_t>(a)].id;
  auto peak = workloads.peak(chain, params, a, precision, t);
  if (!peak) return peak.error();
  const double byte = parse_unit("B")->scale;  // the series are in bits (SI)
  Hardware hw;
  hw.id = id;
  hw.flops = *peak;
  // Attention (FlashAttention, FlashMLA) runs in BF16 whatever the weights' precision.
  auto bf16 = workloads.peak(chain, params, a, "bf16", t);
  hw.attention_flops = bf16 ? std::min(*bf16, *peak) : *peak;
  hw.hbm = perf.hbm_capacity(params, t) / byte;
  hw.hbm_bandwidth = perf.hbm_bandwidth(params, t) / byte;
  hw.domain = perf.domain.or_else(params, t, 1.0);
  if (perf.scale_out.empty()) {
    return make_error(ErrorCode::missing, fmt::format("serving on {} needs its network bandwidth", id),
                      "accelerator." + id + ".scale_out_bandwidth", "the NIC bandwidth per accelerator, Gb/s");
  }
  hw.scale_out = perf.scale_out(params, t) / byte;
  hw.scale_up = perf.scale_up.empty() ? hw.scale_out : perf.scale_up(params, t) / byte;
  hw.compute_efficiency = perf.prefill_efficiency.or_else(params, t, serving.compute_efficiency(params, t));
  hw.bandwidth_efficiency =
      perf.decode_bandwidth_efficiency.or_else(params, t, serving.bandwidth_efficiency(params, t));
  hw.network_efficiency = perf.network_efficiency.or_else(params, t, serving.network_efficiency(params, t));
  return hw;
}

Expected<Technique> Inference::technique(std::span<const double> params, const std::string& weights,
                                         const std::string& kv, int t) const {
  // Bytes per element of each format, by definition (FP4's block scales aside).
  const auto bytes = [](const std::string& format, const char* option) -> Expected<double> {
    if (format == "bf16") return 2.0;
    if (format == "fp8") return 1.0;
    if (format == "fp4") return 0.5;
    return make_error(ErrorCode::bad_value, fmt::format("unknown precision '{}'", shown(format)), option,
                      "bf16, fp8 or fp4");
  };
  auto w = bytes(weights, "--precision");
  if (!w) return w.error();
  auto k = bytes(kv, "--kv-precision");
  if (!k) return k.error();
  Technique tech;
  tech.weight_bytes = *w;
  tech.kv_bytes = *k;
  tech.overlap = serving.comm_overlap(params, t);
  tech.step_overhead = serving.step_overhead(params, t);
  tech.collective_latency = serving.collective_latency(params, t);
  tech.activation_passes = serving.activation_passes(params, t);
  tech.max_sequences = serving.max_sequences(params, t);
  tech.imbalance = serving.routing_imbalance(params, t);
  tech.acceptance = serving.mtp_acceptance(params, t);
  tech.memory_reserve = serving.memory_reserve(params, t);
  tech.kv_transfer_overhead = serving.kv_transfer_overhead(params, t);
  return tech;
}

int Inference::site_for(const sites::SiteModel& sites, int k) const {
  const auto& region = segments[static_cast<std::size_t>(k)].region;
  for (std::size_t s = 0; s < sites.sites.size(); ++s) {
    if (sites.sites[s].country == region) return static_cast<int>(s);
  }
  return 0;
}

Expected<Replica> Inference::replica(const supply::Chain& chain, const Workloads& workloads,
                                     std::span<const double> params, int k, int a, int t) const {
  const auto& seg = segments[static_cast<std::size_t>(k)];
  const auto& model = models[static_cast<std::size_t>(seg.model)];
  const auto& perf = workloads.accelerators[static_cast<std::size_t>(a)];
  const auto& acc_id = chain.accelerators[static_cast<std::size_t>(a)].id;
  auto peak = workloads.peak(chain, params, a, serving.precision, t);
  if (!peak) return peak.error();

  // One serving instance is one scale-up domain.
  Replica r;
  r.domain = perf.domain.or_else(params, t, 1.0);
  r.memory = r.domain * perf.hbm_capacity(params, t);
  r.bandwidth = r.domain * perf.hbm_bandwidth(params, t) * serving.bandwidth_efficiency(params, t);
  r.compute = r.domain * *peak * serving.compute_efficiency(params, t);
  const double total = model.total(params, t);
  r.active = model.active.or_else(params, t, total);
  r.weights = total * serving.weight_bytes(params, t);
  r.weights_read = r.active * serving.weight_bytes(params, t);  // per decode step
  if (r.weights > r.memory) {
    return make_error(
        ErrorCode::bad_value,
        fmt::format("{} does not fit one {} domain: {:.0f} GB of weights, {:.0f} GB of HBM in {:g} "
                    "accelerators",
                    model.id, acc_id, gigabytes(r.weights), gigabytes(r.memory), r.domain),
        "demand." + seg.id, "a smaller model, fewer bytes per weight, or a larger domain");
  }
  r.kv_per_token = 2.0 * model.layers(params, t) * model.kv_heads(params, t) * model.head_dim(params, t) *
                   serving.kv_bytes(params, t);
  return r;
}

Expected<ServedSegment> Inference::size(const supply::Chain& chain, const Workloads& workloads,
                                        std::span<const double> params, int k, int a, int t) const {
  const auto& seg = segments[static_cast<std::size_t>(k)];
  const auto& model = models[static_cast<std::size_t>(seg.model)];
  const auto& acc_id = chain.accelerators[static_cast<std::size_t>(a)].id;
  const auto path = [&seg] { return "demand." + seg.id; };  // for errors only: no allocation otherwise
  auto shape = replica(chain, workloads, params, k, a, t);
  if (!shape) return shape.error();
  const Replica& r = *shape;
  const double domain = r.domain, memory = r.memory, bandwidth = r.bandwidth, compute = r.compute;
  const double active = r.active, weights = r.weights, weights_read = r.weights_read;
  const double input = seg.input_tokens(params, t);
  const double output = seg.output_tokens(params, t);
  const double kv_sequence =
      r.kv_per_token * (input + output / 2.0);  // a sequence's mean cache while decoding

  // Decode: the batch meets the time per output token and fits its KV cache.
  const double tpot = seg.tpot(params, t);
  const double fastest_step = weights_read / bandwidth;
  if (fastest_step > tpot) {
    return make_error(
        ErrorCode::bad_value,
        fmt::format("a {:.0f} ms per output token target is below the physical minimum of {:.1f} ms "
                    "for {} on {} (active weights over HBM bandwidth)",
                    milliseconds(tpot), milliseconds(fastest_step), model.id, acc_id),
        path() + ".tpot_target", fmt::format("at least {:.1f} ms", milliseconds(fastest_step)));
  }
  ServedSegment out;
  out.fastest_step = fastest_step;
  const double by_kv = (memory - weights) / kv_sequence;
  const double by_latency = (tpot * bandwidth - weights_read) / kv_sequence;
  const double by_compute = tpot * compute / (2.0 * active);
  out.batch = std::min({by_kv, by_latency, by_compute});
  out.batch_limit = out.batch == by_kv ? "kv_cache" : out.batch == by_latency ? "latency" : "compute";
  if (out.batch < 1.0) {
    return make_error(ErrorCode::bad_value,
                      fmt::format("one request's KV cache ({:.1f} GB) does not fit beside {} on a {} domain",
                                  gigabytes(kv_sequence), model.id, acc_id),
                      path(), "shorter prompts or a larger domain");
  }
  const double step = r.step(out.batch, out.batch * kv_sequence);
  out.decode_tokens_per_second = out.batch / step / domain;
  out.prefill_tokens_per_second = compute / (2.0 * active) / domain;
  const double first_token = r.prefill(input);
  if (first_token > seg.ttft(params, t)) {
    return make_error(
        ErrorCode::bad_value,
        fmt::format("prefill of {:.0f} tokens takes {:.0f} ms on one {} domain, over the {:.0f} ms "
                    "time-to-first-token target",
                    input, milliseconds(first_token), acc_id, milliseconds(seg.ttft(params, t))),
        path() + ".ttft_target", fmt::format("at least {:.0f} ms", milliseconds(first_token)));
  }
  out.accelerator_seconds_per_query =
      input / out.prefill_tokens_per_second + output / out.decode_tokens_per_second;

  // Demand: prompts a day from users, a stated count, or an API token rate.
  if (!seg.users.empty() && !seg.prompts_per_user_per_day.empty()) {
    out.queries_per_day = seg.users(params, t) * seg.prompts_per_user_per_day(params, t) * day;
  } else if (!seg.prompts_per_day.empty()) {
    out.queries_per_day = seg.prompts_per_day(params, t) * day;
  } else if (!seg.tokens_per_minute.empty()) {
    out.queries_per_day = seg.tokens_per_minute(params, t) * day / (input + output);
  }
  if (!(out.queries_per_day > 0.0)) {
    return make_error(ErrorCode::bad_value, fmt::format("segment {} has no demand", seg.id), path(),
                      "users and prompts_per_user_per_day, prompts_per_day or tokens_per_minute above zero");
  }
  out.tokens_per_day = out.queries_per_day * (input + output);
  out.accelerators_mean = out.queries_per_day * out.accelerator_seconds_per_query / day;
  out.accelerators_peak = out.accelerators_mean * seg.peak_to_mean(params, t);
  out.tokens_per_second = (input + output) / out.accelerator_seconds_per_query;
  return out;
}

Expected<ServedSegment> Inference::serve(const supply::Chain& chain, const Workloads& workloads,
                                         const sites::Deployment& deployment, std::span<const double> params,
                                         int k, int a, int site, int t) const {
  auto sized = size(chain, workloads, params, k, a, t);
  if (!sized) return sized.error();
  ServedSegment out = *sized;
  // Money, energy and carbon at the site: its own type for a year.
  sites::CompareRequest where;
  where.beside = deployment.non_accelerator_it(params, t);
  const double slot = chain.device_power(params, a, t) * (1.0 + where.beside);
  where.load = std::max(1.0, out.accelerators_peak) * slot;
  where.location = site;
  where.accelerator = a;
  auto own = sites::own_type_year(deployment.sites, deployment.economics, chain, params, where, t);
  if (!own) return own.error();
  const double hour = parse_unit("h")->scale;
  const double tokens_per_day_in_millions = out.tokens_per_day / 1e6;
  out.usd_per_million_tokens =
      out.accelerators_peak * own->usd_per_gpu_hour * (day / hour) / tokens_per_day_in_millions;
  out.energy_per_query = out.accelerator_seconds_per_query * slot * own->pue_annual;
  out.co2_per_query = out.energy_per_query * own->co2_operational / own->energy;
  return out;
}

}  // namespace w2t::workload
