// Derived parameters: expressions over other parameters' paths.
//
// Formulas are parsed and evaluated by muparser, with '.' allowed in variable
// names so that a formula reads like the dataset: "product.hbm3e_12h.
// die_capacity / product.hbm3e_12h.bit_density". Evaluation is in SI units.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "data/dataset.hpp"

namespace w2t::data {

class Formula {
 public:
  // Parses `expression`, resolving its variables against `ds`.
  static Expected<Formula> compile(const std::string& expression, const Dataset& ds);

  Formula(Formula&&) noexcept;
  Formula& operator=(Formula&&) noexcept;
  Formula(const Formula&);  // a fresh parser over the same expression (one per thread)
  ~Formula();

  [[nodiscard]] const std::vector<ParamId>& inputs() const { return inputs_; }
  [[nodiscard]] const std::string& expression() const { return expression_; }

  // Evaluates with every parameter's SI value taken from `values` (indexed by ParamId).
  [[nodiscard]] double evaluate(std::span<const double> values) const;
  // Evaluates with the inputs given in the order of inputs().
  [[nodiscard]] double evaluate_inputs(std::span<const double> input_values) const;

 private:
  Formula();
  struct Impl;
  std::string expression_;
  std::vector<ParamId> inputs_;
  std::unique_ptr<Impl> impl_;
};

// The formula's dimension, found by scaling each base dimension of its inputs
// and watching the result; an error if it mixes dimensions (adds W to Wh).
Expected<Dimension> formula_dimension(const Formula& f, const Dataset& ds);

// Every derived parameter of a dataset, in dependency order.
class FormulaSet {
 public:
  struct Entry {
    ParamId target;
    Formula formula;
  };
  std::vector<Entry> entries;

  // Recomputes every derived value in `values` from the others.
  void evaluate(std::span<double> values) const;
};

// Compiles every derived parameter, checks references, units and cycles, and
// writes the derived values into the dataset.
FormulaSet resolve_formulas(Dataset& ds, Diagnostics& diag);

}  // namespace w2t::data
