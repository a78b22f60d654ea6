#include "data/formula.hpp"

#include <fmt/format.h>
#include <muParser.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>

#include "core/suggest.hpp"

namespace w2t::data {
namespace {

constexpr const char* kNameChars = "0123456789_.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

struct NameCollector {
  std::vector<std::string> names;
  std::deque<double> slots;
};

double* collect_name(const char* name, void* user) {
  auto* c = static_cast<NameCollector*>(user);
  c->names.emplace_back(name);
  c->slots.push_back(1.0);
  return &c->slots.back();
}

}  // namespace

struct Formula::Impl {
  mu::Parser parser;
  std::vector<double> slots;  // one per input; the parser holds pointers into it

  Impl(const std::string& expression, const std::vector<std::string>& names) : slots(names.size(), 0.0) {
    parser.DefineNameChars(kNameChars);
    for (std::size_t i = 0; i < names.size(); ++i) parser.DefineVar(names[i], &slots[i]);
    parser.SetExpr(expression);
  }
};

Formula::Formula() = default;
Formula::Formula(Formula&&) noexcept = default;
Formula& Formula::operator=(Formula&&) noexcept = default;
Formula::~Formula() = default;

Formula::Formula(const Formula& other) : expression_(other.expression_), inputs_(other.inputs_) {
  // Keep the input order: names must map to the same slots as inputs_.
  std::vector<std::string> ordered(inputs_.size());
  for (const auto& [name, ptr] : other.impl_->parser.GetVar()) {
    ordered[static_cast<std::size_t>(ptr - other.impl_->slots.data())] = name;
  }
  impl_ = std::make_unique<Impl>(expression_, ordered);
}

Expected<Formula> Formula::compile(const std::string& expression, const Dataset& ds) {
  NameCollector collector;
  try {
    mu::Parser probe;
    probe.DefineNameChars(kNameChars);
    probe.SetVarFactory(collect_name, &collector);
    probe.SetExpr(expression);
    probe.GetUsedVar();
  } catch (const mu::Parser::exception_type& e) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("bad formula '{}': {} at position {}", expression, e.GetMsg(), e.GetPos()),
                      {}, "an expression over parameter paths, e.g. a.b.c / a.b.d");
  }
  Formula f;
  f.expression_ = expression;
  std::vector<std::string> all_paths;
  for (const auto& name : collector.names) {
    auto id = ds.find(name);
    if (!id) {
      if (ds.schedules.count(name) != 0) {
        return make_error(ErrorCode::bad_reference,
                          fmt::format("formula refers to '{}', a schedule; a formula needs a single "
                                      "value",
                                      name));
      }
      if (all_paths.empty()) {
        for (const auto& p : ds.parameters()) all_paths.push_back(p.path);
      }
      return make_error(ErrorCode::bad_reference, fmt::format("formula refers to unknown parameter '{}'{}",
                                                              name, did_you_mean(name, all_paths)));
    }
    f.inputs_.push_back(*id);
  }
  try {
    f.impl_ = std::make_unique<Impl>(expression, collector.names);
  } catch (const mu::Parser::exception_type& e) {
    return make_error(ErrorCode::bad_input, fmt::format("bad formula '{}': {}", expression, e.GetMsg()));
  }
  return f;
}

double Formula::evaluate_inputs(std::span<const double> input_values) const {
  std::copy(input_values.begin(), input_values.end(), impl_->slots.begin());
  try {
    return impl_->parser.Eval();
  } catch (const mu::Parser::exception_type&) {
    return std::nan("");
  }
}

double Formula::evaluate(std::span<const double> values) const {
  for (std::size_t i = 0; i < inputs_.size(); ++i) impl_->slots[i] = values[inputs_[i]];
  try {
    return impl_->parser.Eval();
  } catch (const mu::Parser::exception_type&) {
    return std::nan("");
  }
}

Expected<Dimension> formula_dimension(const Formula& f, const Dataset& ds) {
  const auto& ids = f.inputs();
  std::vector<double> base(ids.size());
  // Synthetic, generic input values: real ones may be zero or cancel out.
  for (std::size_t i = 0; i < ids.size(); ++i) base[i] = 1.0 + 0.37 * static_cast<double>(i + 1);
  const double f0 = f.evaluate_inputs(base);
  if (!std::isfinite(f0) || f0 == 0.0) return Dimension{};  // cannot tell; accept
  Dimension result;
  std::vector<double> scaled(ids.size());
  for (std::size_t d = 0; d < kBaseDims; ++d) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const int e = ds.parameter(ids[i]).unit.dimension.exp[d];
      scaled[i] = base[i] * std::pow(2.0, e);
    }
    const double ratio = f.evaluate_inputs(scaled) / f0;
    const double exponent = std::log2(std::abs(ratio));
    if (!std::isfinite(exponent) || std::abs(exponent - std::round(exponent)) > 1e-6) {
      return make_error(
          ErrorCode::bad_unit,
          fmt::format("formula '{}' combines quantities of different dimensions", f.expression()));
    }
    result.exp[d] = static_cast<std::int8_t>(std::lround(exponent));
  }
  return result;
}

void FormulaSet::evaluate(std::span<double> values) const {
  for (const auto& e : entries) values[e.target] = e.formula.evaluate(values);
}

FormulaSet resolve_formulas(Dataset& ds, Diagnostics& diag) {
  // Compile each derived parameter.
  std::map<ParamId, Formula> compiled;
  for (ParamId id = 0; id < ds.parameters().size(); ++id) {
    Parameter& p = ds.parameter(id);
    if (!p.derived()) continue;
    auto f = Formula::compile(p.formula, ds);
    if (!f) {
      // An input that was itself rejected has been reported already.
      bool input_rejected = false;
      for (const auto& r : ds.rejected) {
        input_rejected = input_rejected || p.formula.find(r) != std::string::npos;
      }
      if (input_rejected) continue;
      Error e = f.error();
      e.where = p.where;
      e.path = p.path;
      diag.add(std::move(e));
      continue;
    }
    auto dim = formula_dimension(*f, ds);
    if (!dim) {
      Error e = dim.error();
      e.where = p.where;
      e.path = p.path;
      diag.add(std::move(e));
    } else if (*dim != p.unit.dimension) {
      Error e = make_error(ErrorCode::bad_unit,
                           fmt::format("formula gives {}, but the unit '{}' is {}", describe(*dim),
                                       p.unit.symbol, describe(p.unit.dimension)),
                           p.path, fmt::format("a formula in {}", describe(p.unit.dimension)));
      e.where = p.where;
      diag.add(std::move(e));
    }
    compiled.emplace(id, std::move(*f));
  }

  // Order them so that inputs come first (depth-first, reporting cycles).
  FormulaSet set;
  enum class Mark { none, active, done };
  std::map<ParamId, Mark> mark;
  std::vector<ParamId> trail;
  auto visit = [&](auto&& self, ParamId id) -> bool {
    auto it = compiled.find(id);
    if (it == compiled.end()) return true;  // a plain value
    Mark& m = mark[id];
    if (m == Mark::done) return true;
    if (m == Mark::active) {
      std::string cycle;
      auto start = std::find(trail.begin(), trail.end(), id);
      for (auto t = start; t != trail.end(); ++t) cycle += ds.parameter(*t).path + " -> ";
      cycle += ds.parameter(id).path;
      Error e = make_error(ErrorCode::bad_reference, "formula cycle: " + cycle, ds.parameter(id).path,
                           "formulas that do not depend on themselves");
      e.where = ds.parameter(id).where;
      diag.add(std::move(e));
      return false;
    }
    m = Mark::active;
    trail.push_back(id);
    bool ok = true;
    for (ParamId in : it->second.inputs()) ok = self(self, in) && ok;
    trail.pop_back();
    mark[id] = Mark::done;
    if (ok) set.entries.push_back({id, std::move(it->second)});
    compiled.erase(it);
    return ok;
  };
  std::vector<ParamId> ids;
  for (const auto& [id, f] : compiled) ids.push_back(id);
  for (ParamId id : ids) {
    if (compiled.count(id) != 0) visit(visit, id);
  }

  std::vector<double> values = ds.values();
  set.evaluate(values);
  for (const auto& e : set.entries) {
    Parameter& p = ds.parameter(e.target);
    p.value = p.low = p.high = values[e.target];
  }
  return set;
}

}  // namespace w2t::data
