#include "io/infer_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/number_format.hpp"

namespace w2t::io {

nlohmann::json point_json(const workload::Point& p) {
  const auto& l = p.layout;
  return {{"tokens_per_s_per_accelerator", p.tokens_per_s_per_accelerator},
          {"tokens_per_s_per_user", p.tokens_per_s_per_user},
          {"ttft_s", p.ttft},
          {"step_s", p.step},
          {"bound", p.bound},
          {"kv_share", p.kv_share},
          {"config",
           {{"tensor_parallel", l.tp},
            {"expert_parallel", p.expert_parallel},
            {"pipeline_parallel", l.pp},
            {"data_parallel_attention", l.dp},
            {"accelerators", l.accelerators()},
            {"disaggregated", l.disaggregated},
            {"prefill_per_decode", p.prefill_per_decode},
            {"batch", l.batch}}}};
}

nlohmann::json infer_json(const workload::InferAnswer& a) {
  nlohmann::json pareto = nlohmann::json::array();
  for (const auto& p : a.front.pareto) pareto.push_back(point_json(p));
  nlohmann::json doc = {{"model", a.model},
                        {"accelerator", a.accelerator},
                        {"precision", {{"weights", a.precision}, {"kv_cache", a.kv_precision}}},
                        {"traffic",
                         {{"input_tokens", a.traffic.input},
                          {"output_tokens", a.traffic.output},
                          {"prefix_hit", a.traffic.prefix_hit}}},
                        {"layouts_evaluated", a.front.evaluated},
                        {"layouts_feasible", a.front.feasible},
                        {"fastest_tokens_per_s_per_user", a.front.fastest_user},
                        {"pareto", pareto}};
  if (a.tokens_per_user_target > 0.0) doc["targets"]["tokens_per_s_per_user"] = a.tokens_per_user_target;
  if (a.ttft_target > 0.0) doc["targets"]["ttft_s"] = a.ttft_target;
  if (a.at_target) {
    doc["at_target"] = point_json(*a.at_target);
    doc["at_target"]["limited_by"] = a.limited_by;
  }
  if (a.fleet) {
    const auto& f = *a.fleet;
    doc["fleet"] = {{"input_tokens_per_day", f.input_tokens_per_day},
                    {"output_tokens_per_day", f.output_tokens_per_day},
                    {"requests_per_day", f.requests_per_day},
                    {"accelerators_busy", f.accelerators_busy},
                    {"accelerators_mean", f.accelerators_mean},
                    {"accelerators_peak", f.accelerators_peak},
                    {"energy_wh_per_request", f.energy_wh_per_request},
                    {"usd_per_million_output_tokens", f.usd_per_million_output_tokens},
                    {"cost_is", "the operator's cost: the fleet at its site's $/accelerator-hour, not a price"},
                    {"site", f.site},
                    {"pue", f.pue},
                    {"usd_per_accelerator_hour", f.usd_per_accelerator_hour},
                    {"energy_boundary", f.boundary},
                    {"energy_not_counted", f.not_counted}};
  }
  return doc;
}

std::string infer_text(const workload::InferAnswer& a) {
  std::string out = fmt::format(
      "{} on {} ({} weights, {} KV cache): {} input, {} output tokens, {:.0f}% prefix hits\n"
      "{} layouts and batches tried, {} fit; fastest per user {:.0f} tokens/s\n\n",
      a.model, a.accelerator, a.precision, a.kv_precision, a.traffic.input, a.traffic.output,
      100.0 * a.traffic.prefix_hit, a.front.evaluated, a.front.feasible, a.front.fastest_user);
  out += "The front: output tokens/s per accelerator against tokens/s per user\n";
  out += fmt::format("  {:>10} {:>12} {:>9} {:>4} {:>4} {:>4} {:>5} {:>7} {:>6}  {}\n", "per user", "per accel.",
                     "TTFT ms", "TP", "EP", "PP", "accel", "batch", "disagg", "bound");
  const auto row = [](const workload::Point& p) {
    const auto& l = p.layout;
    return fmt::format("  {:>10.1f} {:>12.0f} {:>9.0f} {:>4} {:>4} {:>4} {:>5} {:>7.0f} {:>6}  {}\n",
                       p.tokens_per_s_per_user, p.tokens_per_s_per_accelerator, 1000.0 * p.ttft, l.tp, p.expert_parallel, l.pp,
                       l.accelerators(), l.batch, l.disaggregated ? "yes" : "no", p.bound);
  };
  // At most 16 rows, spread along the front.
  const std::size_t n = a.front.pareto.size();
  const std::size_t stride = std::max<std::size_t>(1, (n + 15) / 16);
  for (std::size_t i = 0; i < n; i += stride) out += row(a.front.pareto[i]);
  if (n > 0 && (n - 1) % stride != 0) out += row(a.front.pareto.back());
  if (a.at_target) {
    out += fmt::format("\nAt the target ({:.0f} tokens/s per user{}): {:.0f} output tokens/s per accelerator, "
                       "limited by {}\n",
                       a.tokens_per_user_target,
                       a.ttft_target > 0.0 ? fmt::format(", TTFT within {:.0f} ms", 1000.0 * a.ttft_target) : "",
                       a.at_target->tokens_per_s_per_accelerator, a.limited_by);
    out += row(*a.at_target);
  }
  if (a.fleet) {
    const auto& f = *a.fleet;
    out += fmt::format(
        "\nA day of {} input and {} output tokens ({} requests) at {}:\n"
        "  accelerators busy on average {}, serving on average {}, at the diurnal peak {}\n"
        "  {:.3f} Wh per request ({}; not counted: {})\n"
        "  ${:.3f} per million output tokens: the operator's cost at ${:.2f} per accelerator-hour, not a price\n",
        human(f.input_tokens_per_day), human(f.output_tokens_per_day), human(f.requests_per_day), f.site,
        human(f.accelerators_busy), human(f.accelerators_mean), human(f.accelerators_peak), f.energy_wh_per_request,
        fmt::format("{}", fmt::join(f.boundary, ", ")), fmt::format("{}", fmt::join(f.not_counted, ", ")),
        f.usd_per_million_output_tokens, f.usd_per_accelerator_hour);
  }
  return out;
}

}  // namespace w2t::io
