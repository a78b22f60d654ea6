// The dataset: every parameter of the world with its unit, range and source,
// the text attributes of entities (names, references, months), and the
// sources themselves.
//
// Parameters are addressed by stable dotted paths (maker.sk_hynix.
// dram_wafer_capacity); a point of a schedule is `PATH@YYYY-MM`. Values are
// held in SI units; `unit` is the unit the value was written in, for display.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/month.hpp"
#include "core/unit.hpp"
#include "data/schema.hpp"

namespace w2t::data {

enum class Confidence : std::uint8_t { P, R, S, E };
enum class Distribution : std::uint8_t { triangular, uniform, pert, lognormal, normal, truncated_normal };

const char* to_string(Confidence c);
const char* to_string(Distribution d);
// The distributions' names, in enum order.
std::span<const std::string> distribution_names();

struct Source {
  std::string id;
  std::string title;
  std::string publisher;
  std::string date;
  std::string url;
  SourceLocation where;
};

using ParamId = std::uint32_t;

struct Parameter {
  std::string path;
  Unit unit;  // as written in the data; values below are SI
  double value = 0.0;
  double low = 0.0;
  double high = 0.0;
  bool exact = true;  // no range given
  Distribution distribution = Distribution::triangular;
  SourceLocation distribution_where;  // where a distribution other than the default was chosen
  std::string formula;                // derived parameters only
  std::string source;                 // source id ("" for formulas)
  Confidence confidence = Confidence::E;
  std::string note;
  SourceLocation where;
  const FieldSpec* field = nullptr;  // the schema field it fills
  std::optional<Month> at;           // set for a schedule point
  int calendar_month = 0;            // 1..12 for a point of climate normals, else 0

  [[nodiscard]] bool derived() const { return !formula.empty(); }
};

// A rank (Spearman) correlation between two uncertain parameters or
// schedules, applied to their draws through a Gaussian copula.
struct Correlation {
  std::string a;  // a parameter or schedule path
  std::string b;
  double rank = 0.0;  // in (-1, 1)
  std::string source;
  Confidence confidence = Confidence::E;
  std::string note;
  SourceLocation where;
};

// A time series of parameters, linear between points, flat outside; or,
// for climate normals, one point per calendar month repeated every year.
struct Schedule {
  std::string path;
  std::vector<std::pair<Month, ParamId>> points;  // sorted by month; normals: Jan..Dec of year 0
  bool yearly = false;                            // climate normals
};

// A non-numeric field: text, choice, month, reference(s).
struct Attribute {
  std::string path;
  FieldKind kind = FieldKind::text;
  std::vector<std::string> values;  // one, or several for a list of references
  SourceLocation where;
  std::string_view refers_to;  // the domain referred to, for references

  [[nodiscard]] const std::string& value() const { return values.front(); }
};

class Dataset {
 public:
  // Adds a parameter; returns its id. The path must be new.
  ParamId add(Parameter p);

  [[nodiscard]] const std::vector<Parameter>& parameters() const { return params_; }
  [[nodiscard]] Parameter& parameter(ParamId id) { return params_[id]; }
  [[nodiscard]] const Parameter& parameter(ParamId id) const { return params_[id]; }
  // Every parameter's SI value, indexed by ParamId: the vector the model reads.
  [[nodiscard]] std::vector<double> values() const;
  [[nodiscard]] std::optional<ParamId> find(std::string_view path) const;
  [[nodiscard]] const Parameter* get(std::string_view path) const;
  // The parameter at `path`, or every point of the schedule at `path` (a
  // setting by path applies to all of them); empty when there is neither.
  [[nodiscard]] std::vector<ParamId> settable(std::string_view path) const;
  // Every parameter and schedule path, for suggestions.
  [[nodiscard]] std::vector<std::string> paths() const;

  std::map<std::string, Schedule, std::less<>> schedules;
  std::map<std::string, Attribute, std::less<>> attributes;
  std::map<std::string, Source, std::less<>> sources;
  std::vector<Correlation> correlations;
  // Entity ids by domain, in the order they were defined.
  std::map<std::string, std::vector<std::string>, std::less<>> entities;
  // Paths that were given but rejected: later checks stay quiet about them.
  std::set<std::string, std::less<>> rejected;
  // Where each entity was first defined, for "defined twice" messages.
  std::map<std::string, SourceLocation, std::less<>> entity_locations;

  // The value of a parameter or schedule at a month (schedules interpolate).
  [[nodiscard]] std::optional<double> value_at(std::string_view path, Month m) const;
  [[nodiscard]] const Attribute* attribute(std::string_view path) const;
  // An attribute's (first) value, or `fallback` when the path has none.
  [[nodiscard]] std::string text_or(std::string_view path, std::string fallback) const;
  // The parameter that carries a path's unit, source and confidence: itself,
  // or a schedule's first point.
  [[nodiscard]] const Parameter* describing(std::string_view path) const;
  [[nodiscard]] bool has_entity(std::string_view domain, std::string_view id) const;

 private:
  std::vector<Parameter> params_;
  std::unordered_map<std::string, ParamId> index_;
};

// The two points of a schedule around a month and the weight of the later
// one: value = v[lo] + w (v[hi] - v[lo]). Flat outside the points; normals
// give their calendar month's point.
struct Bracket {
  ParamId lo;
  ParamId hi;
  double w;
};
Bracket bracket(const Schedule& s, Month m);

}  // namespace w2t::data
