// Scenarios: which parts of the dataset are in play, over which months, with
// which buyers, and which parameters are changed. A scenario may extend
// another and override any parameter by path; `--set PATH=VALUE` on the
// command line does the same.
//
// load_world() turns a scenario and the dataset into a World: the resolved,
// validated parameters the model runs on.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/month.hpp"
#include "data/loader.hpp"

namespace w2t::scenario {

struct Override {
  std::string path;
  std::string value;  // as written: "650k", "0.99", "1.2 GW"
  SourceLocation where;
};

struct Buyer {
  std::string id;
  std::string allocation;              // allocation rule name (supply/allocation.hpp)
  int rank = 0;                        // priority order, 1 first
  std::vector<std::string> sites;      // where its accelerators are switched on: site ids, or {"all"}
  std::vector<std::string> countries;  // a region constraint on those sites (ISO codes); empty: any
  SourceLocation where;
  SourceLocation allocation_where;
};

struct Scenario {
  std::string id;
  std::string title;
  std::string description;
  std::string file;  // where it was read from
  MonthRange span{Month(2025, 1), Month(2030, 12)};
  std::vector<std::string> makers;  // empty: every maker
  std::vector<std::string> accelerators;
  std::vector<std::string> sites;
  std::vector<std::string> deals;
  std::vector<std::string> contracts;
  std::vector<Buyer> buyers;
  std::string placement = "fill_in_order";  // placement policy name (sites/deployment.hpp)
  SourceLocation placement_where;
  // Sites built as another type than their data says.
  struct SiteType {
    std::string site, type;
    SourceLocation where;
  };
  std::vector<SiteType> site_types;
  std::vector<Override> overrides;  // parent's first, then this file's, then the command line's
};

// The dataset with a scenario's parameters and overrides applied, checked.
struct World {
  Scenario scenario;
  data::Dataset dataset;
  data::FormulaSet formulas;
};

// Parses "PATH=VALUE" from the command line.
Expected<Override> parse_override(std::string_view text);

// "PATH=VALUE, PATH=VALUE" of `overrides`, for messages that name what was
// changed ("" when nothing was).
std::string changes(const std::vector<Override>& overrides);

// Which files a scenario's `extends:` may read. The command line reads any
// file the user names; a scenario sent to the server reads none (embedded
// scenarios only) or only regular files inside a directory the operator
// named, reached without "..", absolute paths or links leading out of it.
struct FileAccess {
  enum class Mode { any, embedded_only, directory };
  Mode mode = Mode::any;
  std::string directory;  // for Mode::directory
  std::size_t max_bytes = std::size_t{1} << 20;  // per file read, in directory mode

  static FileAccess any() { return {}; }
  static FileAccess embedded_only() { return {Mode::embedded_only, {}}; }
  static FileAccess within(std::string dir) { return {Mode::directory, std::move(dir)}; }
};

// A scenario covers at most this many months (50 years): beyond it a
// planning question means little, and the model's state grows with it.
inline constexpr int kMaxSpanMonths = 600;
// Buyers a scenario may name.
inline constexpr std::size_t kMaxBuyers = 32;

// Where to read a scenario from: a file on disk, or embedded when `path` is
// empty (the default) or names an embedded scenario.
struct ScenarioSource {
  std::string path;                 // "" for the embedded default
  std::optional<std::string> text;  // the scenario itself, named `path` in messages
  FileAccess files;                 // what `extends:` may read

  ScenarioSource() = default;
  ScenarioSource(std::string file) : path(std::move(file)) {}  // NOLINT(google-explicit-constructor)
  ScenarioSource(std::string name, std::string yaml) : path(std::move(name)), text(std::move(yaml)) {}
};

// Loads the embedded dataset plus `extra_data` files (one named like an
// embedded file replaces it), the scenario, and the
// command-line overrides; collects every error into `diag`. The World is
// only meaningful when `diag` is empty.
World load_world(const ScenarioSource& source, const std::vector<Override>& cli_overrides, Diagnostics& diag,
                 const std::vector<data::TextFile>& extra_data = {});

// Applies overrides to a dataset before it is finalized.
void apply_overrides(data::Dataset& ds, const std::vector<Override>& overrides, Diagnostics& diag);

// What an override PATH=VALUE sets: the parameter at PATH, or every point of
// the schedule at PATH, each with VALUE in SI; or why it cannot (no such
// path, a value that does not parse in the unit, one outside physical bounds),
// the error naming PATH.
Expected<std::vector<std::pair<data::ParamId, double>>> resolve_override(const data::Dataset& ds,
                                                                         const std::string& path,
                                                                         const std::string& value);

}  // namespace w2t::scenario
