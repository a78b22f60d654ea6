// Reading data files into a Dataset and checking it whole.
#pragma once

#include <span>

#include "data/dataset.hpp"
#include "data/formula.hpp"
#include "data/yaml_node.hpp"

namespace w2t::data {

// Entities one domain may hold, data files and scenarios together (the
// dataset has at most a few dozen of each).
inline constexpr std::size_t kMaxEntitiesPerDomain = 256;

// Reads the domains and sources of one parsed document into `ds`. `prefix`
// is prepended to domain names (empty for data files).
void read_domains(const YamlDoc& doc, const YAML::Node& root, Dataset& ds, Diagnostics& diag,
                  std::span<const std::string> extra_keys = {});

// Reads a list of rank correlations (a data file's or a scenario's
// `correlations:`); their paths are checked with the whole dataset.
void read_correlations(const YamlDoc& doc, const YAML::Node& node, Dataset& ds, Diagnostics& diag);

// Reads one number parameter (value | schedule | formula) at `path`.
void read_parameter(const YamlDoc& doc, const YAML::Node& node, const std::string& path,
                    const FieldSpec& field, Dataset& ds, Diagnostics& diag);

// Checks what only the whole dataset can tell: required fields, references
// between entities, source ids, formulas (cycles, units) and bounds.
// Returns the compiled formulas.
FormulaSet finalize(Dataset& ds, Diagnostics& diag);

// An error if `base_value` is outside the field's physical bounds.
std::optional<Error> check_bounds(const Parameter& p, double base_value);

// Loads and finalizes a set of data files.
struct LoadedDataset {
  Dataset dataset;
  FormulaSet formulas;
};
LoadedDataset load_dataset(std::span<const TextFile> files, Diagnostics& diag);

}  // namespace w2t::data
