#include "io/demand_report.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"
#include "core/unit.hpp"

namespace w2t::io {
namespace {

double in(double si, std::string_view unit) {
  return parse_unit(unit)->from_si(si);
}

}  // namespace

nlohmann::json demand_json(const std::vector<SegmentRow>& rows) {
  nlohmann::json segments = nlohmann::json::array();
  for (const auto& r : rows) {
    const auto& s = r.served;
    segments.push_back({{"segment", r.id},
                        {"name", r.name},
                        {"model", r.model},
                        {"accelerator", r.accelerator},
                        {"site", r.site},
                        {"queries_per_day", s.queries_per_day},
                        {"tokens_per_day", s.tokens_per_day},
                        {"batch", s.batch},
                        {"batch_limited_by", s.batch_limit},
                        {"decode_tokens_per_second_per_accelerator", s.decode_tokens_per_second},
                        {"prefill_tokens_per_second_per_accelerator", s.prefill_tokens_per_second},
                        {"tokens_per_second_per_accelerator", s.tokens_per_second},
                        {"accelerators_needed_mean", s.accelerators_mean},
                        {"accelerators_needed_peak", s.accelerators_peak},
                        {"usd_per_million_tokens", s.usd_per_million_tokens},
                        {"wh_per_query", in(s.energy_per_query, "Wh")},
                        {"gco2e_per_query", in(s.co2_per_query, "g")}});
  }
  return {{"segments", std::move(segments)}};
}

std::string demand_text(const std::vector<SegmentRow>& rows) {
  std::string out;
  for (const auto& r : rows) {
    const auto& s = r.served;
    out += fmt::format("{} ({}) — {} on {} at {}\n", r.name, r.id, r.model, r.accelerator, r.site);
    out += fmt::format("  demand             {} queries/day, {} tokens/day\n", human(s.queries_per_day),
                       human(s.tokens_per_day));
    out += fmt::format(
        "  per accelerator    {} tokens/s (decode {} at batch {:.0f} per domain, {}-limited; prefill {})\n",
        human(s.tokens_per_second), human(s.decode_tokens_per_second), s.batch, s.batch_limit,
        human(s.prefill_tokens_per_second));
    out += fmt::format("  accelerators       {} at peak ({} on average)\n", human(s.accelerators_peak),
                       human(s.accelerators_mean));
    out += fmt::format(
        "  cost and footprint ${:.2f} per million tokens, {:.2f} Wh and {:.2f} g CO2e per query\n\n",
        s.usd_per_million_tokens, in(s.energy_per_query, "Wh"), in(s.co2_per_query, "g"));
  }
  return out;
}

}  // namespace w2t::io
