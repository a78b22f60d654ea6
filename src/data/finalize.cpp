// Checks of the whole dataset: required fields, references, sources,
// formulas and physical bounds.
#include <fmt/format.h>

#include <cmath>

#include "core/suggest.hpp"
#include "data/loader.hpp"
#include "data/sampling.hpp"

namespace w2t::data {
namespace {

// " GW", or "" for a dimensionless field.
std::string unit_suffix(std::string_view unit) {
  return unit.empty() || unit == "1" ? std::string{} : fmt::format(" {}", unit);
}

std::string bound_text(const FieldSpec& f) {
  if (f.max == kInf) return fmt::format("a value >= {}{}", f.min, unit_suffix(f.unit));
  return fmt::format("a value in [{}, {}]{}", f.min, f.max, unit_suffix(f.unit));
}

}  // namespace

std::optional<Error> check_bounds(const Parameter& p, double base_value) {
  if (p.field == nullptr || p.field->kind == FieldKind::text) return std::nullopt;
  auto unit = parse_unit(p.field->unit);
  if (!unit) return std::nullopt;
  const double v = unit->from_si(base_value);
  // A rounding's worth of slack at each bound (of the bound, not the value:
  // an infinite value would otherwise have infinite slack).
  const auto slack = [](double bound) { return 1e-9 * std::max(1.0, std::abs(bound)); };
  if (!std::isfinite(base_value) || !std::isfinite(v) || v < p.field->min - slack(p.field->min) ||
      v > p.field->max + slack(p.field->max)) {
    return make_error(ErrorCode::bad_value,
                      fmt::format("{}{} is outside physical bounds", v, unit_suffix(p.field->unit)), p.path,
                      bound_text(*p.field));
  }
  return std::nullopt;
}

FormulaSet finalize(Dataset& ds, Diagnostics& diag) {
  auto error_here = [&](const SourceLocation& where, ErrorCode code, std::string path, std::string message,
                        std::string expected = {}) {
    Error e = make_error(code, std::move(message), std::move(path), std::move(expected));
    e.where = where;
    diag.add(std::move(e));
  };
  auto has_field = [&](const std::string& path) {
    return ds.find(path) || ds.schedules.count(path) != 0 || ds.attributes.count(path) != 0 ||
           ds.rejected.count(path) != 0;
  };
  // Required fields.
  for (const auto& domain : domains()) {
    std::vector<std::pair<std::string, SourceLocation>> records;
    if (domain.keyed) {
      for (const auto& id : ds.entities[std::string(domain.name)]) {
        std::string prefix = fmt::format("{}.{}", domain.name, id);
        records.emplace_back(prefix, ds.entity_locations[prefix]);
      }
    } else {
      // A single-record domain is checked when a data file defines any of it.
      const std::string prefix = std::string(domain.name) + ".";
      auto starts = [&](const auto& map) {
        auto it = map.lower_bound(prefix);
        return it != map.end() && it->first.starts_with(prefix);
      };
      bool present = starts(ds.schedules) || starts(ds.attributes);
      for (const auto& p : ds.parameters()) present = present || p.path.starts_with(prefix);
      if (present) records.emplace_back(std::string(domain.name), SourceLocation{});
    }
    for (const auto& [prefix, where] : records) {
      for (const auto& f : domain.fields) {
        if (!f.required) continue;
        const std::string path = fmt::format("{}.{}", prefix, f.name);
        if (!has_field(path)) {
          error_here(where, ErrorCode::missing, path, fmt::format("required field '{}' missing", f.name),
                     f.doc.empty() ? std::string{} : std::string(f.doc));
        }
      }
    }
  }
  // References between entities.
  for (const auto& [path, attr] : ds.attributes) {
    if (attr.refers_to.empty()) continue;
    const std::string domain(attr.refers_to);
    for (const auto& id : attr.values) {
      if (ds.has_entity(domain, id)) continue;
      const auto& known = ds.entities[domain];
      error_here(attr.where, ErrorCode::bad_reference, path,
                 fmt::format("unknown {} '{}'{}", domain, id, did_you_mean(id, known)),
                 known.empty() ? fmt::format("a {} id", domain) : fmt::format("one of: {}", join(known)));
    }
  }
  // Source ids.
  for (const auto& p : ds.parameters()) {
    if (p.derived() || p.source.empty() || ds.sources.count(p.source) != 0) continue;
    std::vector<std::string> ids;
    for (const auto& [id, s] : ds.sources) ids.push_back(id);
    error_here(p.where, ErrorCode::bad_reference, p.path,
               fmt::format("unknown source '{}'{}", p.source, did_you_mean(p.source, ids)),
               "an id from a sources block");
  }
  // Formulas, then the bounds of what they computed.
  FormulaSet formulas = resolve_formulas(ds, diag);
  for (const auto& e : formulas.entries) {
    const Parameter& p = ds.parameter(e.target);
    if (!std::isfinite(p.value)) {
      error_here(p.where, ErrorCode::bad_value, p.path,
                 fmt::format("formula '{}' does not give a finite number", p.formula));
    } else if (auto err = check_bounds(p, p.value)) {
      err->where = p.where;
      err->message = fmt::format("formula gives {}", err->message);
      diag.add(std::move(*err));
    }
  }
  check_sampling(ds, diag);
  return formulas;
}

}  // namespace w2t::data
