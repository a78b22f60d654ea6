#include "workload/serving_query.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/unit.hpp"
#include "sites/compare.hpp"
#include "supply/need.hpp"

namespace w2t::workload {
namespace {

// A count of tokens such as "100B" or "2.5e10".
Expected<double> tokens(const std::string& text, const char* option) {
  auto q = parse_quantity(text);
  if (!q || q->has_unit || !(q->value > 0.0)) {
    return make_error(ErrorCode::bad_value, fmt::format("'{}' is not a count of tokens", text), option,
                      "a positive number such as 100B or 2.5e10");
  }
  return q->value;
}

// What limits the point at the target: the KV capacity, the latency target
// (the same layout's next batch is too slow), else the step's largest term.
std::string limit_of(const Point& p, const Front& front, double per_user) {
  if (p.kv_share > 0.95) return "kv_capacity";
  for (const auto& q : front.points) {
    const bool bigger = q.layout.tp == p.layout.tp && q.layout.dp == p.layout.dp && q.layout.pp == p.layout.pp &&
                        q.layout.disaggregated == p.layout.disaggregated && q.layout.batch > p.layout.batch;
    if (bigger && q.tokens_per_s_per_user < per_user) return fmt::format("latency (the step is {}-bound)", p.bound);
  }
  return p.bound;
}

// The fleet a day of traffic needs at `point`, at site `site`.
Expected<ServingFleet> size_fleet(const supply::Chain& chain, const sites::Deployment& deployment,
                                  const Inference& inference, std::span<const double> params, const InferQuestion& q,
                                  int a, int site, const Point& point) {
  auto in = tokens(q.input_per_day, "--input-tokens-per-day");
  if (!in) return in.error();
  auto out = tokens(q.output_per_day, "--output-tokens-per-day");
  if (!out) return out.error();
  const int t = q.t;
  ServingFleet f;
  f.input_tokens_per_day = *in;
  f.output_tokens_per_day = *out;
  f.requests_per_day = *out / q.output;
  const double day = parse_unit("day")->scale;
  const double u = inference.serving.fleet_utilisation(params, t);
  f.accelerators_busy = *out / day / point.tokens_per_s_per_accelerator;
  f.accelerators_mean = f.accelerators_busy / u;
  f.accelerators_peak = f.accelerators_mean * inference.serving.peak_to_mean(params, t);
  sites::CompareRequest where;
  where.beside = deployment.non_accelerator_it(params, t);
  const double power = chain.device_power(params, a, t);
  where.load = std::max(1.0, f.accelerators_peak) * power * (1.0 + where.beside);
  where.location = site;
  where.accelerator = a;
  auto own = sites::own_type_year(deployment.sites, deployment.economics, chain, params, where, t);
  if (!own) return own.error();
  f.site = deployment.sites.sites[static_cast<std::size_t>(site)].id;
  f.pue = own->pue_annual;
  f.usd_per_accelerator_hour = own->usd_per_gpu_hour;
  // A day's energy: busy accelerators at full power, the rest of the fleet
  // kept for the peak at idle power; host and network beside them; the site's PUE.
  const double idle = inference.serving.idle_power(params, t);
  const double busy_seconds = f.accelerators_busy * day;
  const double idle_seconds = std::max(0.0, f.accelerators_peak * day - busy_seconds);
  const double energy = (busy_seconds + idle * idle_seconds) * power * (1.0 + where.beside) * f.pue;
  f.energy_wh_per_request = parse_unit("Wh")->from_si(energy / f.requests_per_day);
  const double hours = f.accelerators_peak * day / parse_unit("h")->scale;
  f.usd_per_million_output_tokens = hours * f.usd_per_accelerator_hour / (*out / 1e6);
  f.boundary = {"accelerators busy at their rated power", "the rest of the peak fleet at idle power",
                "host CPUs, memory and network beside them (non-accelerator IT)", "cooling and power losses (PUE)"};
  f.not_counted = {"training", "embodied carbon", "clients and the internet"};
  return f;
}

}  // namespace

Expected<InferAnswer> infer(const supply::Chain& chain, const sites::Deployment& deployment,
                            const Workloads& workloads, const Inference& inference, std::span<const double> params,
                            const InferQuestion& q) {
  const int t = q.t;
  auto k = inference.find_model(q.model, "--model");
  if (!k) return k.error();
  auto a = supply::find_accelerator(chain, q.accelerator, "--accelerator");
  if (!a) return a.error();
  auto site = deployment.sites.find(q.site, "--site", 0);
  if (!site) return site.error();
  auto shape = inference.models[static_cast<std::size_t>(*k)].architecture(params, t);
  if (!shape) return shape.error();
  InferAnswer answer;
  answer.model = q.model;
  answer.accelerator = chain.accelerators[static_cast<std::size_t>(*a)].id;
  answer.precision = q.precision.empty() ? inference.serving.precision : q.precision;
  answer.kv_precision = q.kv_precision.empty() ? "fp8" : q.kv_precision;
  auto hw = inference.hardware(chain, workloads, params, *a, answer.precision, t);
  if (!hw) return hw.error();
  auto tech = inference.technique(params, answer.precision, answer.kv_precision, t);
  if (!tech) return tech.error();
  answer.traffic = {q.input, q.output, q.prefix_hit >= 0.0 ? q.prefix_hit : inference.serving.prefix_hit(params, t)};
  answer.front = search(*shape, *hw, *tech, answer.traffic);
  if (answer.front.pareto.empty()) {
    const Layout whole{static_cast<int>(hw->domain), 1, 1, false, 1.0};
    return make_error(
        ErrorCode::bad_value,
        fmt::format("{} does not fit any layout on {}: {:.0f} GB of weights per accelerator on a whole {} domain, "
                    "{:.0f} GB of HBM",
                    q.model, answer.accelerator, weights_per_accelerator(*shape, *tech, whole) / 1e9, hw->domain,
                    hw->hbm / 1e9),
        "--model", "fewer bytes per weight (--precision fp4) or an accelerator with more HBM");
  }
  answer.tokens_per_user_target = q.tokens_per_user > 0.0 ? q.tokens_per_user
                                  : q.tpot_ms > 0.0     ? 1000.0 / q.tpot_ms
                                                        : 0.0;
  answer.ttft_target = q.ttft_ms / 1000.0;
  if (answer.tokens_per_user_target > 0.0 || answer.ttft_target > 0.0) {
    answer.at_target =
        best_at(answer.front, answer.tokens_per_user_target, answer.ttft_target > 0.0 ? answer.ttft_target : 1e300);
    if (!answer.at_target) {
      return make_error(
          ErrorCode::bad_value,
          fmt::format("no layout of {} on {} reaches {:.0f} tokens/s per user{}: the physical floor is {:.0f} "
                      "tokens/s per user",
                      q.model, answer.accelerator, answer.tokens_per_user_target,
                      answer.ttft_target > 0.0 ? fmt::format(" within {:.0f} ms to the first token", q.ttft_ms) : "",
                      answer.front.fastest_user),
          q.tpot_ms > 0.0 ? "--tpot" : q.tokens_per_user > 0.0 ? "--tokens-per-user" : "--ttft",
          fmt::format("at most {:.0f} tokens/s per user", answer.front.fastest_user));
    }
    answer.limited_by = limit_of(*answer.at_target, answer.front, answer.tokens_per_user_target);
  }
  if (!q.input_per_day.empty() || !q.output_per_day.empty()) {
    if (q.input_per_day.empty() || q.output_per_day.empty()) {
      return make_error(ErrorCode::missing, "a day of traffic needs its input and its output tokens",
                        q.input_per_day.empty() ? "--input-tokens-per-day" : "--output-tokens-per-day",
                        "both --input-tokens-per-day and --output-tokens-per-day");
    }
    const auto& point = answer.at_target ? *answer.at_target : answer.front.pareto.back();
    auto f = size_fleet(chain, deployment, inference, params, q, *a, *site, point);
    if (!f) return f.error();
    answer.fleet = *f;
  }
  return answer;
}

}  // namespace w2t::workload
