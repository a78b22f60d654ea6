// w2t infer: the serving front of one model on one accelerator, the point
// that meets the latency targets, and the fleet a day of traffic needs.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "core/unit.hpp"
#include "io/infer_report.hpp"
#include "sites/compare.hpp"
#include "supply/need.hpp"
#include "workload/inference.hpp"

namespace w2t::cli {
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

// What limits the point at the target: the batch's cap, then the step's largest term.
std::string limit_of(const workload::Point& p, const workload::Front& front, double per_user) {
  if (p.kv_share > 0.95) return "kv_capacity";
  for (const auto& q : front.points) {
    const bool bigger = q.layout.tp == p.layout.tp && q.layout.dp == p.layout.dp && q.layout.pp == p.layout.pp &&
                        q.layout.disaggregated == p.layout.disaggregated && q.layout.batch > p.layout.batch;
    if (bigger && q.tokens_per_s_per_user < per_user) return fmt::format("latency (the step is {}-bound)", p.bound);
  }
  return p.bound;
}

}  // namespace

int run_infer(const InferOptions& o) {
  int code = kExitOk;
  auto compiled = compile(o.common, code);
  if (!compiled) return code;
  const auto& world = compiled->world;
  const auto& chain = compiled->chain;
  const auto& params = compiled->params;
  auto workloads = workload::Workloads::compile(world, chain);
  if (!workloads) return bad_input(workloads.error());
  auto inference = workload::Inference::compile(world, chain);
  if (!inference) return bad_input(inference.error());
  auto january = january_of(chain.span, o.year);
  if (!january) return bad_input(january.error());
  const int t = *january;
  auto k = inference->find_model(o.model, "--model");
  if (!k) return bad_input(k.error());
  auto a = supply::find_accelerator(chain, o.accelerator, "--accelerator");
  if (!a) return bad_input(a.error());
  auto shape = inference->models[static_cast<std::size_t>(*k)].architecture(params, t);
  if (!shape) return bad_input(shape.error());
  io::InferAnswer answer;
  answer.model = o.model;
  answer.accelerator = chain.accelerators[static_cast<std::size_t>(*a)].id;
  answer.precision = o.precision.empty() ? inference->serving.precision : o.precision;
  answer.kv_precision = o.kv_precision.empty() ? "fp8" : o.kv_precision;
  auto hw = inference->hardware(chain, *workloads, params, *a, answer.precision, t);
  if (!hw) return bad_input(hw.error());
  auto tech = inference->technique(params, answer.precision, answer.kv_precision, t);
  if (!tech) return bad_input(tech.error());
  answer.traffic = {o.input, o.output, o.prefix_hit >= 0.0 ? o.prefix_hit : inference->serving.prefix_hit(params, t)};
  answer.front = workload::search(*shape, *hw, *tech, answer.traffic);
  if (answer.front.pareto.empty()) {
    const workload::Layout whole{static_cast<int>(hw->domain), 1, 1, false, 1.0};
    return bad_input(make_error(
        ErrorCode::bad_value,
        fmt::format("{} does not fit any layout on {}: {:.0f} GB of weights per accelerator on a whole {} "
                    "domain, {:.0f} GB of HBM",
                    o.model, answer.accelerator, workload::weights_per_accelerator(*shape, *tech, whole) / 1e9,
                    hw->domain, hw->hbm / 1e9),
        "--model", "fewer bytes per weight (--precision fp4) or an accelerator with more HBM"));
  }
  answer.tokens_per_user_target = o.tokens_per_user > 0.0 ? o.tokens_per_user : o.tpot_ms > 0.0 ? 1000.0 / o.tpot_ms : 0.0;
  answer.ttft_target = o.ttft_ms / 1000.0;
  if (answer.tokens_per_user_target > 0.0 || answer.ttft_target > 0.0) {
    answer.at_target = workload::best_at(answer.front, answer.tokens_per_user_target,
                                         answer.ttft_target > 0.0 ? answer.ttft_target : 1e300);
    if (!answer.at_target) {
      return bad_input(make_error(
          ErrorCode::bad_value,
          fmt::format("no layout of {} on {} reaches {:.0f} tokens/s per user{}: the physical floor is {:.0f} "
                      "tokens/s per user",
                      o.model, answer.accelerator, answer.tokens_per_user_target,
                      answer.ttft_target > 0.0 ? fmt::format(" within {:.0f} ms to the first token", o.ttft_ms) : "",
                      answer.front.fastest_user),
          o.tpot_ms > 0.0 ? "--tpot" : o.tokens_per_user > 0.0 ? "--tokens-per-user" : "--ttft",
          fmt::format("at most {:.0f} tokens/s per user", answer.front.fastest_user)));
    }
    answer.limited_by = limit_of(*answer.at_target, answer.front, answer.tokens_per_user_target);
  }
  if (!o.input_per_day.empty() || !o.output_per_day.empty()) {
    if (o.input_per_day.empty() || o.output_per_day.empty()) {
      return bad_input(make_error(ErrorCode::missing, "a day of traffic needs its input and its output tokens",
                                  o.input_per_day.empty() ? "--input-tokens-per-day" : "--output-tokens-per-day",
                                  "both --input-tokens-per-day and --output-tokens-per-day"));
    }
    auto in = tokens(o.input_per_day, "--input-tokens-per-day");
    if (!in) return bad_input(in.error());
    auto out = tokens(o.output_per_day, "--output-tokens-per-day");
    if (!out) return bad_input(out.error());
    const auto& point = answer.at_target ? *answer.at_target : answer.front.pareto.back();
    auto site = find_site(compiled->deployment.sites, o.site, "--site", 0);
    if (!site) return bad_input(site.error());
    io::ServingFleet f;
    f.input_tokens_per_day = *in;
    f.output_tokens_per_day = *out;
    f.requests_per_day = *out / o.output;
    const double day = parse_unit("day")->scale;
    const double u = inference->serving.fleet_utilisation(params, t);
    f.accelerators_busy = *out / day / point.tokens_per_s_per_accelerator;
    f.accelerators_mean = f.accelerators_busy / u;
    f.accelerators_peak = f.accelerators_mean * inference->serving.peak_to_mean(params, t);
    const auto& deployment = compiled->deployment;
    sites::CompareRequest where;
    where.beside = deployment.non_accelerator_it(params, t);
    const double power = chain.device_power(params, *a, t);
    where.load = std::max(1.0, f.accelerators_peak) * power * (1.0 + where.beside);
    where.location = *site;
    where.accelerator = *a;
    auto own = sites::own_type_year(deployment.sites, deployment.economics, chain, params, where, t);
    if (!own) return bad_input(own.error());
    f.site = deployment.sites.sites[static_cast<std::size_t>(*site)].id;
    f.pue = own->pue_annual;
    f.usd_per_accelerator_hour = own->usd_per_gpu_hour;
    // A day's energy: busy accelerators at full power, the rest of the fleet
    // kept for the peak at idle power; host and network beside them; the site's PUE.
    const double idle = inference->serving.idle_power(params, t);
    const double accelerator_seconds = f.accelerators_busy * day;
    const double idle_seconds = std::max(0.0, f.accelerators_peak * day - accelerator_seconds);
    const double energy = (accelerator_seconds + idle * idle_seconds) * power * (1.0 + where.beside) * f.pue;
    f.energy_wh_per_request = parse_unit("Wh")->from_si(energy / f.requests_per_day);
    const double hours = f.accelerators_peak * day / parse_unit("h")->scale;
    f.usd_per_million_output_tokens = hours * f.usd_per_accelerator_hour / (*out / 1e6);
    f.boundary = {"accelerators busy at their rated power", "the rest of the peak fleet at idle power",
                  "host CPUs, memory and network beside them (non-accelerator IT)", "cooling and power losses (PUE)"};
    f.not_counted = {"training", "embodied carbon", "clients and the internet"};
    answer.fleet = f;
  }
  const auto doc = io::infer_json(answer);
  if (auto e = unreadable(doc, world)) return bad_input(*e);
  if (o.common.format == "json") {
    fmt::print("{}\n", doc.dump(2));
  } else {
    fmt::print("{}", io::infer_text(answer));
  }
  return kExitOk;
}

}  // namespace w2t::cli
