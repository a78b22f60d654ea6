#include "supply/need.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/suggest.hpp"

namespace w2t::supply {

Expected<Target> parse_target(const Chain& c, std::span<const double> params, std::string_view text,
                              int accelerator, bool as_accelerators) {
  Target target;
  target.text = std::string(text);
  target.month = c.span.size() - 1;
  std::string_view quantity = text;
  std::optional<Month> by;
  if (auto at = text.find(" by "); at != std::string_view::npos) {
    auto m = parse_month(text.substr(at + 4));
    if (!m) return m.error();
    by = *m;
    quantity = text.substr(0, at);
    if (*by < c.span.first) {
      return make_error(
          ErrorCode::bad_input,
          fmt::format("target month {} is before the scenario starts ({})", by->str(), c.span.first.str()),
          "--target", "a month inside the scenario's span");
    }
    target.month = std::min(*by - c.span.first, c.span.size() - 1);
  }
  auto q = parse_quantity(quantity);
  if (!q) return q.error();
  const double device_power = c.device_power(params, accelerator, target.month);
  const double si = q->si();
  if (si <= 0.0) {
    return make_error(ErrorCode::bad_value, fmt::format("target '{}' is not positive", text), "--target",
                      "a positive rate");
  }
  const Dimension d = q->unit.dimension;
  if (by) {
    const double months = *by - c.span.first + 1;
    if (d == dim::power) {
      target.devices_per_month = si / device_power / months;
    } else if (d.dimensionless() || d == dim::device) {
      target.devices_per_month = si / months;
    } else {
      return make_error(ErrorCode::bad_unit, fmt::format("'{}' is {}", quantity, describe(d)), "--target",
                        "a power (\"10 GW by 2029-12\") or a count of accelerators");
    }
  } else if (d == dim::power / dim::time) {
    target.devices_per_month = si * c.month_seconds / device_power;
  } else if (d == dim::none / dim::time || d == dim::device / dim::time) {
    target.devices_per_month = si * c.month_seconds;
  } else {
    return make_error(ErrorCode::bad_unit, fmt::format("'{}' is {}", quantity, describe(d)),
                      as_accelerators ? "--accelerators" : "--target",
                      "a rate such as \"1 GW/week\" or \"5M/year\", or \"10 GW by 2029-12\"");
  }
  return target;
}

Need need_for_devices(const Chain& c, std::span<const double> params, int a, double devices, int t) {
  const auto& acc = c.accelerators[static_cast<std::size_t>(a)];
  Need n;
  n.accelerator = acc.id;
  n.month = c.span.first + t;
  n.devices_per_month = devices;
  const auto w = wafers_per_device(c, params, a, t);
  const double hbm = devices * w.hbm;
  const double host = devices * w.host;
  n.dram_wafers_per_month = hbm + host;
  n.by_product[c.products[static_cast<std::size_t>(acc.product)].id] += hbm;
  if (acc.host_product >= 0) n.by_product[c.products[static_cast<std::size_t>(acc.host_product)].id] += host;

  // World capacities this month, and each maker's share of them.
  double dram = 0.0;
  for (const auto& m : c.makers) {
    dram += m.capacity(params, t) * c.month_seconds;
    n.tsv_capacity += m.tsv.or_else(params, t, 0.0) * c.month_seconds;
  }
  for (const auto& m : c.makers) {
    const double tsv = m.tsv.or_else(params, t, 0.0) * c.month_seconds;
    const double share_hbm = n.tsv_capacity > 0.0 ? tsv / n.tsv_capacity : 0.0;
    const double share_dram = m.capacity(params, t) * c.month_seconds / dram;
    n.by_maker[m.id] = hbm * share_hbm + host * share_dram;
  }
  n.world_capacity = c.world_capacity(params, t) * c.month_seconds;
  n.share_of_world = n.dram_wafers_per_month / n.world_capacity;
  n.stacking_needed = hbm;
  n.packaging_needed = devices / acc.package_yield(params, t) / acc.per_interposer(params, t);
  for (const auto& k : c.packaging) n.packaging_capacity += k(params, t) * c.month_seconds;

  const std::array<std::pair<Stage, double>, 3> ratios = {
      std::pair{Stage::dram_wafers, n.dram_wafers_per_month / n.world_capacity},
      std::pair{Stage::hbm_stacking, n.tsv_capacity > 0.0 ? hbm / n.tsv_capacity : 0.0},
      std::pair{Stage::packaging,
                n.packaging_capacity > 0.0 ? n.packaging_needed / n.packaging_capacity : 0.0}};
  auto worst = std::max_element(ratios.begin(), ratios.end(),
                                [](const auto& x, const auto& y) { return x.second < y.second; });
  n.binding = worst->second > 1.0 ? worst->first : Stage::demand;
  n.binding_ratio = worst->second;
  if (n.binding == Stage::demand) n.binding = worst->first;
  n.accelerators_per_year = devices * 12.0;
  n.gw_per_year = n.accelerators_per_year * c.device_power(params, a, t) / 1e9;
  const std::string base = "accelerator." + acc.id + ".";
  const std::string hbm_base = "product." + c.products[static_cast<std::size_t>(acc.product)].id + ".";
  n.assumptions = {base + "hbm_stacks",
                   base + "host_memory",
                   base + "package_yield",
                   base + "packages_per_interposer_wafer",
                   base + "tdp",
                   hbm_base + "die_capacity",
                   hbm_base + "die_area",
                   hbm_base + "die_yield",
                   hbm_base + "stack_height",
                   hbm_base + "stack_layer_yield",
                   "world.wafer_diameter",
                   "world.edge_exclusion",
                   "world.dram_wafer_capacity"};
  if (acc.host_product >= 0) {
    const std::string host_base =
        "product." + c.products[static_cast<std::size_t>(acc.host_product)].id + ".";
    for (const char* f : {"die_capacity", "die_area", "die_yield"}) n.assumptions.push_back(host_base + f);
  }
  return n;
}

Need need_for_wafers(const Chain& c, std::span<const double> params, int a, double wafers, int t) {
  return need_for_devices(c, params, a, wafers / wafers_per_device(c, params, a, t).total(), t);
}

Expected<int> find_accelerator(const Chain& chain, const std::string& id, std::string_view field) {
  if (id.empty()) return chain.headline_accelerator();
  std::vector<std::string> ids;
  for (const auto& acc : chain.accelerators) ids.push_back(acc.id);
  auto it = std::find(ids.begin(), ids.end(), id);
  if (it == ids.end()) {
    return make_error(ErrorCode::bad_reference,
                      fmt::format("unknown accelerator '{}'{}", id, did_you_mean(id, ids)),
                      std::string(field), fmt::format("one of: {}", join(ids)));
  }
  return static_cast<int>(it - ids.begin());
}

Expected<Need> answer(const Chain& chain, std::span<const double> params, int a, const NeedQuestion& q) {
  const int given = static_cast<int>(!q.target.empty()) + static_cast<int>(!q.accelerators.empty()) +
                    static_cast<int>(!q.wafers.empty());
  if (given != 1) {
    return make_error(ErrorCode::bad_input, "give exactly one question", "need",
                      "--target \"1 GW/week\", --accelerators 5M/year or --wafers 900k/month");
  }
  if (q.forward()) {
    // "900k/month" counts wafers: a bare count per time is read as wafers.
    std::string wafers = q.wafers;
    if (auto quantity = parse_quantity(wafers);
        quantity && quantity->unit.dimension == dim::none / dim::time) {
      wafers = fmt::format("{} wafer/{}", quantity->value,
                           quantity->unit.symbol.substr(quantity->unit.symbol.find('/') + 1));
    }
    auto rate = parse_si(wafers, *parse_unit("wafer/month"));
    if (!rate) {
      Error e = rate.error();
      e.path = "--wafers";
      return e;
    }
    if (*rate <= 0.0)
      return make_error(ErrorCode::bad_value, "the wafer supply must be positive", "--wafers");
    return need_for_wafers(chain, params, a, *rate * chain.month_seconds, chain.span.size() - 1);
  }
  auto target =
      parse_target(chain, params, q.target.empty() ? q.accelerators : q.target, a, q.target.empty());
  if (!target) return target.error();
  return need_for_devices(chain, params, a, target->devices_per_month, target->month);
}

}  // namespace w2t::supply
