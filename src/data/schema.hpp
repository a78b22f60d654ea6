// The shape of the dataset: which domains exist, which fields an entity of
// each domain has, the unit each numeric field is measured in and its
// physical bounds. The loader checks every data file and scenario against it,
// so a typo gets "did you mean" and a yield of 1.3 gets an error.
//
// The numbers themselves never live here: they are in data/*.yaml.
#pragma once

#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace w2t::data {

enum class FieldKind {
  number,      // a parameter: value | schedule | formula, with unit and range
  number_map,  // parameters keyed by entities of another domain (e.g. a product mix)
  text,        // free text (a name, a location)
  choice,      // one of the words listed in `refers_to`, separated by '|'
  month,       // a calendar month, "2026-07"
  reference,   // the id of an entity of the domain named in `refers_to`
  references,  // a list of such ids
};

inline constexpr double kInf = std::numeric_limits<double>::infinity();

struct FieldSpec {
  std::string_view name;
  FieldKind kind = FieldKind::number;
  std::string_view unit;  // for numbers: the unit whose dimension the value must have
  bool required = false;
  double min = 0.0;  // physical bounds, in `unit`
  double max = kInf;
  std::string_view refers_to;  // domain (reference, number_map) or choices (choice)
  std::string_view doc;

  // The words of a choice field ("air|liquid" -> {"air", "liquid"}).
  [[nodiscard]] std::vector<std::string> choices() const;
};

struct DomainSpec {
  std::string_view name;
  bool keyed = true;  // entities by id (maker.samsung.*) or a single record (world.*)
  std::string_view doc;
  std::span<const FieldSpec> fields;

  [[nodiscard]] const FieldSpec* field(std::string_view name) const;
};

std::span<const DomainSpec> domains();
const DomainSpec* find_domain(std::string_view name);

}  // namespace w2t::data
