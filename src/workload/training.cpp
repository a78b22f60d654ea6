#include "workload/training.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/suggest.hpp"
#include "core/unit.hpp"
#include "sites/compare.hpp"

namespace w2t::workload {
namespace {

constexpr std::array kPrecisions = {"bf16", "fp8", "fp4"};

}  // namespace

Expected<Workloads> Workloads::compile(const scenario::World& world, const supply::Chain& chain) {
  supply::SeriesReader read(world.dataset, chain.span, "workload model");
  Workloads w;
  w.mfu = read.need("training.mfu");
  w.bytes_per_parameter = read.need("training.bytes_per_parameter");
  w.activation_reserve = read.need("training.activation_reserve");
  for (const auto& acc : chain.accelerators) {
    const std::string base = "accelerator." + acc.id + ".";
    AcceleratorPerformance p;
    for (const char* precision : kPrecisions) {
      Series s = read.optional(base + "flops_" + precision);
      if (!s.empty()) p.peak.emplace_back(precision, std::move(s));
    }
    p.hbm_capacity = read.need(base + "hbm_capacity");
    p.hbm_bandwidth = read.need(base + "hbm_bandwidth");
    p.domain = read.optional(base + "scale_up_domain");
    p.scale_up = read.optional(base + "scale_up_bandwidth");
    p.scale_out = read.optional(base + "scale_out_bandwidth");
    p.prefill_efficiency = read.optional(base + "prefill_efficiency");
    p.decode_bandwidth_efficiency = read.optional(base + "decode_bandwidth_efficiency");
    p.network_efficiency = read.optional(base + "network_efficiency");
    w.accelerators.push_back(std::move(p));
  }
  if (read.error()) return *read.error();
  return w;
}

Expected<double> Workloads::peak(const supply::Chain& chain, std::span<const double> params, int a,
                                 const std::string& precision, int t) const {
  const auto& perf = accelerators[static_cast<std::size_t>(a)];
  for (const auto& [name, series] : perf.peak) {
    if (name == precision) return series(params, t);
  }
  std::vector<std::string> known;
  for (const auto& entry : perf.peak) known.push_back(entry.first);
  const auto& id = chain.accelerators[static_cast<std::size_t>(a)].id;
  if (known.empty()) {
    return make_error(ErrorCode::missing, fmt::format("{} has no peak FLOP/s in the data", id),
                      "accelerator." + id + ".flops_" + precision, "flops_bf16, flops_fp8 or flops_fp4");
  }
  return make_error(ErrorCode::bad_value,
                    fmt::format("{} has no {} peak{}", id, precision, did_you_mean(precision, known)),
                    "--precision", fmt::format("one of: {}", join(known)));
}

Expected<TrainingRun> Workloads::train(const supply::Chain& chain, const sites::Deployment& deployment,
                                       std::span<const double> params, const TrainingRequest& request) const {
  const int a = request.accelerator;
  const int t = request.t;
  auto peak_flops = peak(chain, params, a, request.precision, t);
  if (!peak_flops) return peak_flops.error();
  TrainingRun run;
  run.peak = *peak_flops;
  run.mfu = request.mfu > 0.0 ? request.mfu : mfu(params, t);
  const double active = request.active_parameters > 0.0 ? request.active_parameters : request.parameters;
  run.flops = 6.0 * active * request.tokens;
  run.seconds = run.flops / (request.count * run.peak * run.mfu);
  run.accelerator_seconds = request.count * run.seconds;

  // The training state is sharded over every accelerator of the cluster; the
  // activations get the reserve.
  const auto& perf = accelerators[static_cast<std::size_t>(a)];
  run.memory_per_accelerator = bytes_per_parameter(params, t) * request.parameters / request.count;
  run.usable_memory = perf.hbm_capacity(params, t) * (1.0 - activation_reserve(params, t));

  // The site's own type for a year at the cluster's power: PUE, grid and the
  // cost of an accelerator-hour (w2t sites).
  sites::CompareRequest where;
  where.beside = deployment.non_accelerator_it(params, t);
  where.load = request.count * chain.device_power(params, a, t) * (1.0 + where.beside);
  where.location = request.site;
  where.accelerator = a;
  auto own = sites::own_type_year(deployment.sites, deployment.economics, chain, params, where, t);
  if (!own) return own.error();
  run.energy = where.load * run.seconds * own->pue_annual;
  run.co2 = run.energy * own->co2_operational / own->energy;
  run.cost = own->usd_per_gpu_hour * run.accelerator_seconds / parse_unit("h")->scale;
  return run;
}

}  // namespace w2t::workload
