#include "sites/site.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/registry.hpp"
#include "core/suggest.hpp"

namespace w2t::sites {
namespace {

int index_of(const auto& plans, std::string_view id) {
  auto it = std::find_if(plans.begin(), plans.end(), [&](const auto& p) { return p.id == id; });
  return it == plans.end() ? -1 : static_cast<int>(it - plans.begin());
}

Error error_at_attribute(const data::Dataset& ds, const std::string& path, ErrorCode code,
                         std::string message, std::string expected) {
  Error e = make_error(code, std::move(message), path, std::move(expected));
  if (const auto* a = ds.attribute(path)) e.where = a->where;
  return e;
}

// The largest (or smallest) value a parameter can take: its high (low).
double bound_of(const data::Dataset& ds, const std::string& path, bool high) {
  const auto* p = ds.describing(path);
  if (p == nullptr) return 0.0;
  return p->unit.from_si(high ? p->high : p->low);
}

Expected<SiteTypePlan> compile_type(const data::Dataset& ds, const std::string& id, MonthRange span) {
  const std::string base = "site_type." + id + ".";
  supply::SeriesReader read(ds, span, "site model");
  SiteTypePlan t;
  t.id = id;
  t.name = ds.text_or(base + "name", id);
  t.repair = ds.text_or(base + "repair", "on_site");
  const std::string cooling = ds.text_or(base + "cooling", "");
  t.cooling = find_cooling(cooling);
  if (t.cooling == nullptr) {
    Error e = unknown_name(cooling_technologies(), "cooling model", cooling, base + "cooling");
    if (const auto* a = ds.attribute(base + "cooling")) e.where = a->where;
    return e;
  }
  t.power_loss = read.need(base + "power_loss");
  t.other_load = read.need(base + "other_load");
  t.liquid_fraction = read.need(base + "liquid_fraction");
  t.free_approach = read.need(base + "free_cooling_approach");
  // A share of the heat that can be non-zero needs its supply temperature.
  if (bound_of(ds, base + "liquid_fraction", true) > 0.0) {
    t.liquid_supply = read.need(base + "liquid_supply_temperature");
  }
  if (bound_of(ds, base + "liquid_fraction", false) < 1.0) {
    t.air_supply = read.need(base + "air_supply_temperature");
  }
  t.chiller_efficiency = read.optional(base + "chiller_efficiency");
  if (!t.chiller_efficiency.empty()) t.condenser_approach = read.need(base + "condenser_approach");
  t.fan_power = read.optional(base + "fan_power");
  t.heat_rejection_power = read.optional(base + "heat_rejection_power");
  t.raw_water_head = read.optional(base + "raw_water_head");
  if (!t.raw_water_head.empty()) {
    t.raw_water_rise = read.need(base + "raw_water_rise");
    t.pump_efficiency = read.need(base + "pump_efficiency");
  }
  t.evaporative_share = read.optional(base + "evaporative_share");
  t.cycles_of_concentration = read.optional(base + "cycles_of_concentration");
  t.capex_ratio = read.need(base + "capex_ratio");
  t.building_carbon_ratio = read.need(base + "building_carbon_ratio");
  t.failure_factor = read.need(base + "failure_rate_factor");
  t.published_pue = read.optional(base + "published_pue");
  t.published_wue = read.optional(base + "published_wue");
  if (read.error()) return *read.error();
  return t;
}

// A site cannot deliver power before its construction starts, nor be
// energised before it: the first point of its power schedule above zero and
// its first_power must not come before construction_start.
std::optional<Error> check_schedule(const data::Dataset& ds, const std::string& base) {
  const auto* start_attr = ds.attribute(base + "construction_start");
  if (start_attr == nullptr) return std::nullopt;
  const auto start = parse_month(start_attr->value());
  if (!start) return std::nullopt;
  if (const auto* first = ds.attribute(base + "first_power")) {
    if (auto m = parse_month(first->value()); m && *m < *start) {
      return error_at_attribute(
          ds, base + "first_power", ErrorCode::bad_value,
          fmt::format("first power {} comes before construction starts ({})", m->str(), start->str()),
          fmt::format("a month from {} on", start->str()));
    }
  }
  auto it = ds.schedules.find(base + "power_capacity");
  if (it == ds.schedules.end()) return std::nullopt;
  for (const auto& [month, id] : it->second.points) {
    const auto& p = ds.parameter(id);
    if (month < *start && p.value > 0.0) {
      Error e = make_error(ErrorCode::bad_value,
                           fmt::format("{} {} of power in {}, before construction starts ({})",
                                       p.unit.from_si(p.value), p.unit.symbol, month.str(), start->str()),
                           p.path, fmt::format("no power before {}", start->str()));
      e.where = p.where;
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace

Expected<SiteModel> SiteModel::compile(const scenario::World& world, MonthRange span) {
  const auto& ds = world.dataset;
  SiteModel m;
  m.span = span;
  supply::SeriesReader read(ds, span, "site model");
  m.water.latent_heat = read.need("world.water_latent_heat");
  m.water.heat_capacity = read.need("world.water_heat_capacity");
  m.water.density = read.need("world.water_density");
  m.water.gravity = read.need("world.gravity");
  if (read.error()) return *read.error();

  if (auto it = ds.entities.find("site_type"); it != ds.entities.end()) {
    for (const auto& id : it->second) {
      auto t = compile_type(ds, id, span);
      if (!t) return t.error();
      m.types.push_back(std::move(*t));
    }
  }
  if (auto it = ds.entities.find("grid"); it != ds.entities.end()) {
    for (const auto& id : it->second) {
      GridPlan g;
      g.id = id;
      g.name = ds.text_or("grid." + id + ".name", id);
      g.carbon_intensity = read.need("grid." + id + ".carbon_intensity");
      g.price = read.need("grid." + id + ".price");
      m.grids.push_back(std::move(g));
    }
  }
  const auto& site_ids = world.scenario.sites;
  for (const auto& id : site_ids) {
    const std::string base = "site." + id + ".";
    SitePlan s;
    s.id = id;
    s.name = ds.text_or(base + "name", id);
    s.country = ds.text_or(base + "country", "");
    std::string type = ds.text_or(base + "site_type", "");
    std::optional<SourceLocation> chosen_at;  // where the scenario builds it as another type
    for (const auto& other : world.scenario.site_types) {
      if (other.site != id) continue;
      type = other.type;
      chosen_at = other.where;
    }
    s.type = m.type_index(type);
    s.grid = index_of(m.grids, ds.text_or(base + "grid", ""));
    s.power_capacity = read.need(base + "power_capacity");
    s.air_temperature = read.optional(base + "air_temperature");
    s.water_temperature = read.optional(base + "water_temperature");
    if (!s.air_temperature.empty()) s.air_spread = read.need(base + "air_temperature_spread");
    if (!s.water_temperature.empty()) s.water_spread = read.need(base + "water_temperature_spread");
    if (s.type < 0 || s.grid < 0) continue;  // reported by the loader's reference checks
    if (auto e = check_schedule(ds, base); e) return *e;
    const bool water_side = m.types[static_cast<std::size_t>(s.type)].cooling->water_side;
    const auto missing_climate = [&](std::string message, std::string field) {
      Error e = error_at_attribute(ds, base + "site_type", ErrorCode::missing, std::move(message),
                                   fmt::format("{}{}: normals by calendar month", base, field));
      if (chosen_at) {
        e.where = *chosen_at;
        e.path = "site_types." + id;
      }
      return e;
    };
    if (water_side && s.water_temperature.empty()) {
      return missing_climate(fmt::format("a {} site needs the water temperature at its intake",
                                         m.types[static_cast<std::size_t>(s.type)].id),
                             "water_temperature");
    }
    if (!water_side && s.air_temperature.empty()) {
      return missing_climate("a land site needs the air temperature for its cooling", "air_temperature");
    }
    m.sites.push_back(std::move(s));
  }
  if (read.error()) return *read.error();
  return m;
}

int SiteModel::type_index(std::string_view id) const {
  return index_of(types, id);
}
int SiteModel::site_index(std::string_view id) const {
  return index_of(sites, id);
}

Expected<int> SiteModel::find(const std::string& id, const std::string& option, int fallback) const {
  std::vector<std::string> ids;
  for (const auto& s : sites) ids.push_back(s.id);
  if (ids.empty()) return make_error(ErrorCode::missing, "the scenario has no sites", "sites", "a list of site ids");
  if (id.empty()) return fallback;
  const int site = site_index(id);
  if (site < 0) {
    return make_error(ErrorCode::bad_reference,
                      fmt::format("unknown {} '{}'{}", option.substr(2), id, did_you_mean(id, ids)), option,
                      fmt::format("a site of the scenario: {}", join(ids)));
  }
  return site;
}

CoolingDesign SiteModel::design(std::span<const double> params, int type, int t) const {
  const auto& st = types[static_cast<std::size_t>(type)];
  CoolingDesign d;
  d.liquid_fraction = st.liquid_fraction(params, t);
  d.liquid_supply = st.liquid_supply.or_else(params, t, 0.0);
  d.air_supply = st.air_supply.or_else(params, t, 0.0);
  d.free_approach = st.free_approach(params, t);
  d.chiller_efficiency = st.chiller_efficiency.or_else(params, t, 0.0);
  d.condenser_approach = st.condenser_approach.or_else(params, t, 0.0);
  d.fan_power = st.fan_power.or_else(params, t, 0.0);
  d.heat_rejection_power = st.heat_rejection_power.or_else(params, t, 0.0);
  // Pumping raw water: flow = heat / (c_p rise), power = rho g head flow / efficiency.
  if (!st.raw_water_head.empty()) {
    d.raw_water_pumping =
        water.gravity(params, t) * st.raw_water_head(params, t) /
        (water.heat_capacity(params, t) * st.raw_water_rise(params, t) * st.pump_efficiency(params, t));
  }
  d.evaporative_share = st.evaporative_share.or_else(params, t, 0.0);
  d.cycles_of_concentration = st.cycles_of_concentration.or_else(params, t, 0.0);
  d.latent_heat = water.latent_heat(params, t);
  d.water_density = water.density(params, t);
  return d;
}

SiteMonth SiteModel::month(std::span<const double> params, int type, int site, int t) const {
  const auto& st = types[static_cast<std::size_t>(type)];
  const auto& s = sites[static_cast<std::size_t>(site)];
  const Climate ambient = st.cooling->water_side
                              ? Climate{s.water_temperature(params, t), s.water_spread(params, t)}
                              : Climate{s.air_temperature(params, t), s.air_spread(params, t)};
  SiteMonth out;
  out.cooling = st.cooling->model(design(params, type, t), ambient);
  out.pue = 1.0 + st.power_loss(params, t) + st.other_load(params, t) + out.cooling.power;
  out.water = out.cooling.water;
  return out;
}

}  // namespace w2t::sites
