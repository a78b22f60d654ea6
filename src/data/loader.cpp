#include "data/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "core/suggest.hpp"

namespace w2t::data {
namespace {

const std::vector<std::string> kParameterKeys = {"unit",     "value",      "low",     "high",
                                                 "schedule", "normals",    "formula", "distribution",
                                                 "source",   "confidence", "note"};
const std::vector<std::string> kCalendarMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
const std::vector<std::string> kSourceKeys = {"title", "publisher", "date", "url"};
const std::vector<std::string> kPointKeys = {"value", "low", "high"};
const std::vector<std::string> kCorrelationKeys = {"between", "rank", "source", "confidence", "note"};

std::vector<std::string> names_of(std::span<const FieldSpec> fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) out.emplace_back(f.name);
  return out;
}

std::vector<std::string> domain_names() {
  std::vector<std::string> out;
  for (const auto& d : domains()) out.emplace_back(d.name);
  return out;
}

bool valid_id(std::string_view id) {
  if (id.empty() || !std::islower(static_cast<unsigned char>(id.front()))) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
           c == '_';
  });
}

Source read_source(const YamlDoc& doc, const YAML::Node& node, const std::string& id, Diagnostics& diag) {
  Source s;
  s.id = id;
  s.where = location(doc, node);
  if (!node.IsMap()) {
    diag.add(error_at(doc, node, ErrorCode::bad_input, "sources." + id, "a source must be a map",
                      "title, publisher, date, url"));
    return s;
  }
  check_keys(doc, node, kSourceKeys, "sources." + id, diag);
  s.title = scalar(node["title"]);
  s.publisher = scalar(node["publisher"]);
  s.date = scalar(node["date"]);
  s.url = scalar(node["url"]);
  for (auto [key, value] :
       {std::pair{"title", &s.title}, std::pair{"publisher", &s.publisher}, std::pair{"date", &s.date}}) {
    if (value->empty()) {
      diag.add(error_at(doc, node, ErrorCode::missing, fmt::format("sources.{}.{}", id, key),
                        fmt::format("source has no {}", key)));
    }
  }
  return s;
}

// Reads value/low/high text into SI using `unit`.
std::optional<double> read_number(const YamlDoc& doc, const YAML::Node& node, const Unit& unit,
                                  const std::string& path, Diagnostics& diag) {
  if (!node.IsDefined() || !node.IsScalar()) {
    diag.add(error_at(doc, node, ErrorCode::bad_input, path, "expected a number",
                      fmt::format("a number or a quantity like '12 {}'", unit.symbol)));
    return std::nullopt;
  }
  auto si = parse_si(node.Scalar(), unit);
  if (!si) {
    Error e = si.error();
    e.where = location(doc, node);
    e.path = path;
    diag.add(std::move(e));
    return std::nullopt;
  }
  return *si;
}

// A record's `confidence:` code.
std::optional<Confidence> read_confidence(const YamlDoc& doc, const YAML::Node& node, const std::string& path,
                                          Diagnostics& diag) {
  const std::string confidence = scalar(node["confidence"]);
  static const std::vector<std::string> kCodes = {"P", "R", "S", "E"};
  if (confidence.empty()) {
    diag.add(error_at(doc, node, ErrorCode::missing, path, "no confidence", "confidence: P, R, S or E"));
    return std::nullopt;
  }
  auto c = std::find(kCodes.begin(), kCodes.end(), confidence);
  if (c == kCodes.end()) {
    diag.add(error_at(doc, node["confidence"], ErrorCode::bad_input, path,
                      fmt::format("unknown confidence '{}'", confidence), "P, R, S or E"));
    return std::nullopt;
  }
  return static_cast<Confidence>(c - kCodes.begin());
}

// Fills value/low/high of `p` from a map holding them (a parameter or a point).
bool read_range(const YamlDoc& doc, const YAML::Node& node, Parameter& p, Diagnostics& diag) {
  const YAML::Node value_node = node.IsMap() ? node["value"] : node;
  auto value = read_number(doc, value_node, p.unit, p.path, diag);
  if (!value) return false;
  p.value = p.low = p.high = *value;
  if (!node.IsMap()) return true;
  const bool has_low = static_cast<bool>(node["low"]);
  const bool has_high = static_cast<bool>(node["high"]);
  if (has_low != has_high) {
    diag.add(error_at(doc, node, ErrorCode::missing, p.path, "a range needs both low and high"));
    return false;
  }
  if (!has_low) return true;
  auto low = read_number(doc, node["low"], p.unit, p.path + ".low", diag);
  auto high = read_number(doc, node["high"], p.unit, p.path + ".high", diag);
  if (!low || !high) return false;
  if (!(*low <= *value && *value <= *high)) {
    diag.add(error_at(doc, node, ErrorCode::bad_value, p.path,
                      fmt::format("range is not ordered: low {} value {} high {} {}", p.unit.from_si(*low),
                                  p.unit.from_si(*value), p.unit.from_si(*high), p.unit.symbol),
                      "low <= value <= high"));
    return false;
  }
  p.low = *low;
  p.high = *high;
  p.exact = false;
  return true;
}

void report_bounds(const YamlDoc& doc, const YAML::Node& node, const Parameter& p, Diagnostics& diag) {
  for (double v : {p.value, p.low, p.high}) {
    if (auto e = check_bounds(p, v)) {
      e->where = location(doc, node);
      diag.add(std::move(*e));
      return;
    }
  }
}

void read_fields(const YamlDoc& doc, const YAML::Node& node, const DomainSpec& domain,
                 const std::string& prefix, Dataset& ds, Diagnostics& diag) {
  if (!node.IsMap()) {
    diag.add(error_at(doc, node, ErrorCode::bad_input, prefix, "expected a map of fields",
                      fmt::format("fields of {}: {}", domain.name, join(names_of(domain.fields)))));
    return;
  }
  check_keys(doc, node, names_of(domain.fields), prefix, diag);
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = scalar(it->first);
    const FieldSpec* field = domain.field(key);
    if (field == nullptr) continue;  // reported by check_keys
    const std::string path = prefix + "." + key;
    const YAML::Node value = it->second;
    if (ds.find(path) || ds.schedules.count(path) != 0 || ds.attributes.count(path) != 0) {
      diag.add(error_at(doc, it->first, ErrorCode::bad_input, path, "defined twice"));
      continue;
    }
    switch (field->kind) {
      case FieldKind::number: read_parameter(doc, value, path, *field, ds, diag); break;
      case FieldKind::number_map:
        if (!value.IsMap()) {
          diag.add(error_at(doc, value, ErrorCode::bad_input, path,
                            fmt::format("expected a map from {} ids to parameters", field->refers_to)));
          break;
        }
        for (auto m = value.begin(); m != value.end(); ++m) {
          const std::string sub = path + "." + scalar(m->first);
          read_parameter(doc, m->second, sub, *field, ds, diag);
          Attribute a{sub + "#ref",
                      FieldKind::reference,
                      {scalar(m->first)},
                      location(doc, m->first),
                      field->refers_to};
          ds.attributes.emplace(a.path, a);
        }
        break;
      case FieldKind::references: {
        Attribute a{path, field->kind, {}, location(doc, value), field->refers_to};
        if (value.IsSequence()) {
          for (const auto& item : value) a.values.push_back(scalar(item));
        } else if (value.IsScalar()) {
          a.values.push_back(value.Scalar());
        }
        if (a.values.empty()) {
          diag.add(error_at(doc, value, ErrorCode::bad_input, path, "expected a list of ids",
                            fmt::format("[id, ...] of {}", field->refers_to)));
          break;
        }
        ds.attributes.emplace(path, std::move(a));
        break;
      }
      default: {
        if (!value.IsScalar()) {
          diag.add(error_at(doc, value, ErrorCode::bad_input, path, "expected a single value"));
          break;
        }
        Attribute a{path, field->kind, {value.Scalar()}, location(doc, value), {}};
        if (field->kind == FieldKind::reference) a.refers_to = field->refers_to;
        if (field->kind == FieldKind::month) {
          if (auto m = parse_month(value.Scalar()); !m) {
            Error e = m.error();
            e.where = a.where;
            e.path = path;
            diag.add(std::move(e));
            break;
          }
        }
        if (field->kind == FieldKind::choice) {
          const std::vector<std::string> words = field->choices();
          if (std::find(words.begin(), words.end(), value.Scalar()) == words.end()) {
            diag.add(error_at(doc, value, ErrorCode::bad_input, path,
                              fmt::format("'{}' is not a valid {}{}", value.Scalar(), key,
                                          did_you_mean(value.Scalar(), words)),
                              fmt::format("one of: {}", join(words))));
            break;
          }
        }
        ds.attributes.emplace(path, std::move(a));
      }
    }
  }
}

}  // namespace

namespace {

void read_parameter_fields(const YamlDoc& doc, const YAML::Node& node, const std::string& path,
                           const FieldSpec& field, Dataset& ds, Diagnostics& diag);

}  // namespace

void read_parameter(const YamlDoc& doc, const YAML::Node& node, const std::string& path,
                    const FieldSpec& field, Dataset& ds, Diagnostics& diag) {
  const std::size_t errors_before = diag.size();
  read_parameter_fields(doc, node, path, field, ds, diag);
  if (diag.size() != errors_before) ds.rejected.insert(path);
}

namespace {

// Climate normals: one parameter per calendar month (PATH@jan ... PATH@dec),
// all twelve given, repeated every year.
void read_normals(const YamlDoc& doc, const YAML::Node& months, const Parameter& p, Dataset& ds,
                  Diagnostics& diag) {
  if (!months.IsMap()) {
    diag.add(error_at(doc, months, ErrorCode::bad_input, p.path, "normals need a value per calendar month",
                      "a map {jan: V, feb: V, ..., dec: V}"));
    return;
  }
  check_keys(doc, months, kCalendarMonths, p.path, diag);
  Schedule normals{p.path, {}, true};
  for (std::size_t k = 0; k < kCalendarMonths.size(); ++k) {
    const YAML::Node value = months[kCalendarMonths[k]];
    if (!value) {
      diag.add(error_at(doc, months, ErrorCode::missing, p.path,
                        fmt::format("normals without {}", kCalendarMonths[k]),
                        "all twelve months, jan..dec"));
      return;
    }
    Parameter point = p;
    point.path = fmt::format("{}@{}", p.path, kCalendarMonths[k]);
    point.calendar_month = static_cast<int>(k) + 1;
    point.where = location(doc, value);
    if (value.IsMap()) check_keys(doc, value, kPointKeys, point.path, diag);
    if (!read_range(doc, value, point, diag)) return;
    report_bounds(doc, value, point, diag);
    normals.points.emplace_back(Month(0, static_cast<int>(k) + 1), ds.add(std::move(point)));
  }
  ds.schedules.emplace(p.path, std::move(normals));
}

void read_parameter_fields(const YamlDoc& doc, const YAML::Node& node, const std::string& path,
                           const FieldSpec& field, Dataset& ds, Diagnostics& diag) {
  if (!node.IsMap()) {
    diag.add(
        error_at(doc, node, ErrorCode::bad_input, path, "a number needs its unit, source and confidence",
                 fmt::format("a map like {{value: 1, unit: {}, source: ID, confidence: R}}", field.unit)));
    return;
  }
  const std::size_t errors_before = diag.size();
  check_keys(doc, node, kParameterKeys, path, diag);
  Parameter p;
  p.path = path;
  p.where = location(doc, node);
  p.field = &field;
  p.note = scalar(node["note"]);

  // Unit: required, and of the field's dimension.
  const auto expected_unit = parse_unit(field.unit);
  if (!node["unit"]) {
    diag.add(error_at(
        doc, node, ErrorCode::missing, path, "no unit",
        fmt::format("unit: {} (or another unit of {})", field.unit, describe(expected_unit->dimension))));
    return;
  }
  auto unit = parse_unit(scalar(node["unit"]));
  if (!unit) {
    Error e = unit.error();
    e.where = location(doc, node["unit"]);
    e.path = path;
    diag.add(std::move(e));
    return;
  }
  if (!unit->compatible(*expected_unit)) {
    diag.add(error_at(doc, node["unit"], ErrorCode::bad_unit, path,
                      fmt::format("unit '{}' is {}", unit->symbol, describe(unit->dimension)),
                      fmt::format("{} in a unit like '{}'", describe(expected_unit->dimension), field.unit)));
    return;
  }
  p.unit = *unit;

  // Confidence and source.
  if (auto c = read_confidence(doc, node, path, diag)) p.confidence = *c;
  const YAML::Node source = node["source"];
  if (source && source.IsMap()) {
    ds.sources.emplace(path, read_source(doc, source, path, diag));
    p.source = path;
  } else {
    p.source = scalar(source);
  }

  if (const std::string d = scalar(node["distribution"]); !d.empty()) {
    const auto names = distribution_names();
    auto it = std::find(names.begin(), names.end(), d);
    if (it == names.end()) {
      const std::vector<std::string> valid(names.begin(), names.end());
      diag.add(error_at(doc, node["distribution"], ErrorCode::bad_input, path,
                        fmt::format("unknown distribution '{}'{}", d, did_you_mean(d, valid)),
                        fmt::format("one of: {}", join(valid))));
    } else {
      p.distribution = static_cast<Distribution>(it - names.begin());
      p.distribution_where = location(doc, node["distribution"]);
    }
  }

  const int forms = static_cast<int>(static_cast<bool>(node["value"])) +
                    static_cast<int>(static_cast<bool>(node["schedule"])) +
                    static_cast<int>(static_cast<bool>(node["normals"])) +
                    static_cast<int>(static_cast<bool>(node["formula"]));
  if (forms != 1) {
    diag.add(error_at(doc, node, ErrorCode::bad_input, path,
                      forms == 0 ? "no value" : "more than one of value, schedule, normals, formula",
                      "exactly one of value, schedule, normals or formula"));
    return;
  }
  if (p.source.empty() && !node["formula"]) {
    diag.add(error_at(doc, node, ErrorCode::missing, path, "no source",
                      "source: an id from a sources block, or {title, publisher, date, url}"));
  }
  if (diag.size() != errors_before) return;

  if (node["formula"]) {
    p.formula = scalar(node["formula"]);
    if (p.formula.empty()) {
      diag.add(error_at(doc, node["formula"], ErrorCode::bad_input, path, "empty formula"));
      return;
    }
    ds.add(std::move(p));
    return;
  }
  if (node["value"]) {
    if (!read_range(doc, node, p, diag)) return;
    report_bounds(doc, node, p, diag);
    ds.add(std::move(p));
    return;
  }
  if (node["normals"]) {
    read_normals(doc, node["normals"], p, ds, diag);
    return;
  }
  // A schedule: one parameter per point.
  const YAML::Node points = node["schedule"];
  if (!points.IsMap() || points.size() == 0) {
    diag.add(error_at(doc, points, ErrorCode::bad_input, path, "a schedule needs points",
                      "a map MONTH: VALUE, e.g. 2026-12: 650k"));
    return;
  }
  Schedule schedule{path, {}};
  for (auto it = points.begin(); it != points.end(); ++it) {
    auto month = parse_month(scalar(it->first));
    if (!month) {
      Error e = month.error();
      e.where = location(doc, it->first);
      e.path = path;
      diag.add(std::move(e));
      continue;
    }
    Parameter point = p;
    point.path = fmt::format("{}@{}", path, month->str());
    point.at = *month;
    point.where = location(doc, it->second);
    if (it->second.IsMap()) check_keys(doc, it->second, kPointKeys, point.path, diag);
    if (!read_range(doc, it->second, point, diag)) continue;
    report_bounds(doc, it->second, point, diag);
    if (ds.find(point.path)) {
      diag.add(error_at(doc, it->first, ErrorCode::bad_input, point.path, "month given twice"));
      continue;
    }
    schedule.points.emplace_back(*month, ds.add(std::move(point)));
  }
  if (schedule.points.empty()) return;
  std::sort(schedule.points.begin(), schedule.points.end());
  ds.schedules.emplace(path, std::move(schedule));
}

}  // namespace

void read_correlations(const YamlDoc& doc, const YAML::Node& node, Dataset& ds, Diagnostics& diag) {
  const std::string expected = "a list of {between: [PATH, PATH], rank: R, source: ID, confidence: E}";
  if (!node.IsSequence()) {
    diag.add(error_at(doc, node, ErrorCode::bad_input, "correlations", "expected a list", expected));
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node entry = node[i];
    const std::string path = fmt::format("correlations[{}]", i);
    if (!entry.IsMap()) {
      diag.add(error_at(doc, entry, ErrorCode::bad_input, path, "expected a map", expected));
      continue;
    }
    check_keys(doc, entry, kCorrelationKeys, path, diag);
    const YAML::Node between = entry["between"];
    if (!between || !between.IsSequence() || between.size() != 2) {
      diag.add(error_at(doc, between ? between : entry, ErrorCode::bad_input, path + ".between",
                        "a correlation is between two paths", "between: [PATH, PATH]"));
      continue;
    }
    Correlation c;
    c.a = scalar(between[0]);
    c.b = scalar(between[1]);
    c.where = location(doc, entry);
    c.note = scalar(entry["note"]);
    c.source = scalar(entry["source"]);
    if (c.source.empty()) {
      diag.add(
          error_at(doc, entry, ErrorCode::missing, path, "no source", "source: an id from a sources block"));
    }
    if (auto confidence = read_confidence(doc, entry, path, diag)) c.confidence = *confidence;
    if (!entry["rank"]) {
      diag.add(
          error_at(doc, entry, ErrorCode::missing, path + ".rank", "no rank", "rank: a number in (-1, 1)"));
      continue;
    }
    const Unit one = *parse_unit("1");
    auto rank = read_number(doc, entry["rank"], one, path + ".rank", diag);
    if (!rank) continue;
    if (!(std::abs(*rank) < 1.0)) {
      diag.add(error_at(doc, entry["rank"], ErrorCode::bad_value, path + ".rank",
                        fmt::format("rank correlation {} is not strictly between -1 and 1", *rank),
                        "-1 < rank < 1"));
      continue;
    }
    c.rank = *rank;
    ds.correlations.push_back(std::move(c));
  }
}

void read_domains(const YamlDoc& doc, const YAML::Node& root, Dataset& ds, Diagnostics& diag,
                  std::span<const std::string> extra_keys) {
  if (!root.IsMap()) {
    diag.add(error_at(doc, root, ErrorCode::bad_input, "", "expected a map of domains",
                      fmt::format("sources, {}", join(domain_names()))));
    return;
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = scalar(it->first);
    if (std::find(extra_keys.begin(), extra_keys.end(), key) != extra_keys.end()) continue;
    const YAML::Node node = it->second;
    if (key == "correlations") {
      read_correlations(doc, node, ds, diag);
      continue;
    }
    if (key == "sources") {
      if (!node.IsMap()) {
        diag.add(error_at(doc, node, ErrorCode::bad_input, "sources", "expected a map of sources"));
        continue;
      }
      for (auto s = node.begin(); s != node.end(); ++s) {
        const std::string id = scalar(s->first);
        if (auto [old, inserted] = ds.sources.emplace(id, read_source(doc, s->second, id, diag)); !inserted) {
          diag.add(error_at(doc, s->first, ErrorCode::bad_input, "sources." + id,
                            fmt::format("source id defined twice (first at {}:{})", old->second.where.file,
                                        old->second.where.line)));
        }
      }
      continue;
    }
    const DomainSpec* domain = find_domain(key);
    if (domain == nullptr) {
      std::vector<std::string> valid = domain_names();
      valid.insert(valid.begin(), {"sources", "correlations"});
      valid.insert(valid.end(), extra_keys.begin(), extra_keys.end());
      diag.add(error_at(doc, it->first, ErrorCode::bad_input, key,
                        fmt::format("unknown domain '{}'{}", key, did_you_mean(key, valid)),
                        fmt::format("one of: {}", join(valid))));
      continue;
    }
    if (!domain->keyed) {
      read_fields(doc, node, *domain, key, ds, diag);
      continue;
    }
    if (!node.IsMap()) {
      diag.add(error_at(doc, node, ErrorCode::bad_input, key,
                        fmt::format("expected a map of {} ids to their fields", key)));
      continue;
    }
    for (auto e = node.begin(); e != node.end(); ++e) {
      const std::string id = scalar(e->first);
      const std::string prefix = key + "." + id;
      if (!valid_id(id) || id.size() > 64) {
        diag.add(error_at(doc, e->first, ErrorCode::bad_input, key, fmt::format("bad id '{}'", shown(id)),
                          "lower-case letters, digits and '_', at most 64 characters"));
        continue;
      }
      if (ds.entities[key].size() >= kMaxEntitiesPerDomain) {
        diag.add(error_at(doc, e->first, ErrorCode::bad_input, prefix,
                          fmt::format("more than {} entities of {}", kMaxEntitiesPerDomain, key),
                          "fewer entities; the model's state grows with every one"));
        break;
      }
      if (auto old = ds.entity_locations.find(prefix); old != ds.entity_locations.end()) {
        diag.add(error_at(doc, e->first, ErrorCode::bad_input, prefix,
                          fmt::format("{} '{}' defined twice (first at {}:{})", key, id, old->second.file,
                                      old->second.line)));
        continue;
      }
      ds.entity_locations.emplace(prefix, location(doc, e->first));
      ds.entities[key].push_back(id);
      read_fields(doc, e->second, *domain, prefix, ds, diag);
    }
  }
}

LoadedDataset load_dataset(std::span<const TextFile> files, Diagnostics& diag) {
  LoadedDataset out;
  for (const auto& file : files) {
    auto doc = parse_yaml(file);
    if (!doc) {
      diag.add(doc.error());
      continue;
    }
    read_domains(*doc, doc->root, out.dataset, diag);
  }
  out.formulas = finalize(out.dataset, diag);
  return out;
}

}  // namespace w2t::data
