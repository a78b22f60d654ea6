#include "data/sampling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <pcg_random.hpp>
#include <random>
#include <set>

#include "core/suggest.hpp"
#include "data/loader.hpp"

namespace w2t::data {
namespace {

// z of the 95th percentile of the standard normal: a normal or lognormal
// range's low and high are read as its 5th and 95th percentiles.
constexpr double kZ95 = 1.6448536269514722;
// z of the 99.9th percentile: how far the data check follows an unbounded draw.
constexpr double kZ999 = 3.090232306167813;

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

double normal_quantile(double u) {
  return -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * u);
}

double triangular(double u, double low, double mode, double high) {
  const double split = (mode - low) / (high - low);
  return u < split ? low + std::sqrt(u * (high - low) * (mode - low))
                   : high - std::sqrt((1.0 - u) * (high - low) * (high - mode));
}

// The factor a parameter belongs to: its own path, or its schedule's.
std::string factor_of(const Parameter& p) {
  return p.path.substr(0, p.path.find('@'));
}

bool uncertain(const Parameter& p) {
  return !p.exact && !p.derived() && p.low < p.high;
}

// The lower Cholesky factor of the symmetric matrix `a` (n x n). When `a` is
// not positive definite, nothing, and `failed` is the first row whose leading
// block is not.
std::optional<std::vector<double>> cholesky(const std::vector<double>& a, std::size_t n,
                                            std::size_t* failed = nullptr) {
  std::vector<double> l(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) sum -= l[i * n + k] * l[j * n + k];
      if (i == j) {
        if (sum <= 1e-12) {
          if (failed != nullptr) *failed = i;
          return std::nullopt;
        }
        l[i * n + i] = std::sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

// Each factor's index by its path.
std::map<std::string, std::uint32_t, std::less<>> factor_index(const std::vector<Factor>& factors) {
  std::map<std::string, std::uint32_t, std::less<>> index;
  for (std::size_t f = 0; f < factors.size(); ++f)
    index.emplace(factors[f].path, static_cast<std::uint32_t>(f));
  return index;
}

// The correlated factors and the matrix of their normal scores' correlations
// (a rank correlation r is a normal correlation 2 sin(pi r / 6)).
struct Copula {
  std::vector<std::uint32_t> factors;
  std::vector<double> matrix;
};

Copula copula(const Dataset& ds, const std::map<std::string, std::uint32_t, std::less<>>& index) {
  Copula c;
  for (const auto& corr : ds.correlations) {
    for (const auto* path : {&corr.a, &corr.b}) {
      auto it = index.find(*path);
      if (it != index.end() && std::find(c.factors.begin(), c.factors.end(), it->second) == c.factors.end()) {
        c.factors.push_back(it->second);
      }
    }
  }
  std::sort(c.factors.begin(), c.factors.end());
  const std::size_t n = c.factors.size();
  c.matrix.assign(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) c.matrix[i * n + i] = 1.0;
  const auto position = [&](const std::string& path) {
    const auto f = index.at(path);
    return static_cast<std::size_t>(std::find(c.factors.begin(), c.factors.end(), f) - c.factors.begin());
  };
  for (const auto& corr : ds.correlations) {
    if (!index.contains(corr.a) || !index.contains(corr.b)) continue;
    const std::size_t i = position(corr.a);
    const std::size_t j = position(corr.b);
    const double rho = 2.0 * std::sin(std::numbers::pi * corr.rank / 6.0);
    c.matrix[i * n + j] = c.matrix[j * n + i] = rho;
  }
  return c;
}

}  // namespace

std::vector<Factor> draw_factors(const Dataset& ds) {
  std::vector<Factor> factors;
  std::map<std::string, std::size_t, std::less<>> index;
  for (ParamId id = 0; id < ds.parameters().size(); ++id) {
    const auto& p = ds.parameter(id);
    if (!uncertain(p)) continue;
    auto [it, added] = index.emplace(factor_of(p), factors.size());
    if (added) factors.push_back({it->first, {}});
    factors[it->second].params.push_back(id);
  }
  return factors;
}

double distribution_quantile(Distribution d, double value, double low, double high, double u, double z) {
  switch (d) {
    case Distribution::triangular: return triangular(u, low, value, high);
    case Distribution::uniform: return low + u * (high - low);
    case Distribution::normal: return value + z * (high - low) / (2.0 * kZ95);
    case Distribution::lognormal: return value * std::exp(z * std::log(high / low) / (2.0 * kZ95));
    case Distribution::pert: {
      // Beta(alpha, beta) on [low, high] with its mode at the value.
      const double span = high - low;
      const double alpha = 1.0 + 4.0 * (value - low) / span;
      const double beta = 1.0 + 4.0 * (high - value) / span;
      return low + span * boost::math::ibeta_inv(alpha, beta, u);
    }
    case Distribution::truncated_normal: {
      // A normal about the value with a quarter of the range as its standard
      // deviation, cut at low and high.
      const double sigma = (high - low) / 4.0;
      const double below = normal_cdf((low - value) / sigma);
      const double above = normal_cdf((high - value) / sigma);
      const double x = value + sigma * normal_quantile(below + u * (above - below));
      return std::clamp(x, low, high);
    }
  }
  return value;
}

Sampler::Sampler(const Dataset& ds, const FormulaSet& formulas) : formulas_(&formulas) {
  const auto factors = draw_factors(ds);
  draws_.reserve(ds.parameters().size());
  for (const auto& p : ds.parameters()) {
    Draw d{p.value, p.low, p.high, p.distribution, 0, true};
    if (p.field != nullptr && p.field->kind != FieldKind::text) {
      if (auto unit = parse_unit(p.field->unit)) {
        d.floor = unit->to_si(p.field->min);
        d.ceiling = p.field->max == kInf ? kInf : unit->to_si(p.field->max);
      }
    }
    draws_.push_back(d);
  }
  for (std::size_t f = 0; f < factors.size(); ++f) {
    factor_paths_.push_back(factors[f].path);
    for (const auto id : factors[f].params) {
      draws_[id].exact = false;
      draws_[id].factor = static_cast<std::uint32_t>(f);
    }
  }
  const Copula c = copula(ds, factor_index(factors));
  correlated_ = c.factors;
  // check_sampling has refused a matrix that is not positive definite.
  cholesky_ = cholesky(c.matrix, c.factors.size()).value_or(std::vector<double>{});
  if (cholesky_.empty()) correlated_.clear();
  z_.resize(factors.size());
  mixed_.resize(factors.size());
}

void Sampler::normals(std::uint64_t seed, std::uint64_t index, std::span<double> z) const {
  pcg32 rng(seed, index);
  std::normal_distribution<double> normal;
  for (double& x : z) x = normal(rng);
}

void Sampler::apply(std::span<const double> z, std::span<double> out) const {
  std::copy(z.begin(), z.end(), mixed_.begin());
  const std::size_t n = correlated_.size();
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0.0;
    for (std::size_t j = 0; j <= i; ++j) sum += cholesky_[i * n + j] * z[correlated_[j]];
    mixed_[correlated_[i]] = sum;
  }
  for (std::size_t i = 0; i < draws_.size(); ++i) {
    const Draw& d = draws_[i];
    if (d.exact) {
      out[i] = d.value;
      continue;
    }
    const double score = mixed_[d.factor];
    // An unbounded draw's far tail is cut at the field's physical bounds.
    out[i] =
        std::clamp(distribution_quantile(d.distribution, d.value, d.low, d.high, normal_cdf(score), score),
                   d.floor, d.ceiling);
  }
  formulas_->evaluate(out);
}

void Sampler::draw(std::uint64_t seed, std::uint64_t index, std::span<double> out) const {
  normals(seed, index, z_);
  apply(z_, out);
}

void check_sampling(const Dataset& ds, Diagnostics& diag) {
  const auto fail = [&](const SourceLocation& where, std::string path, std::string message,
                        std::string expected) {
    Error e = make_error(ErrorCode::bad_value, std::move(message), std::move(path), std::move(expected));
    e.where = where;
    diag.add(std::move(e));
  };
  for (const auto& p : ds.parameters()) {
    if (!uncertain(p)) continue;
    const char* name = to_string(p.distribution);
    if (p.distribution == Distribution::lognormal && p.low <= 0.0) {
      fail(p.where, p.path,
           fmt::format("a lognormal range must be positive: low is {} {}", p.unit.from_si(p.low),
                       p.unit.symbol),
           "low > 0, or another distribution");
      continue;
    }
    if (p.distribution != Distribution::normal && p.distribution != Distribution::lognormal) continue;
    for (const double z : {-kZ999, kZ999}) {
      const double x = distribution_quantile(p.distribution, p.value, p.low, p.high, normal_cdf(z), z);
      if (auto e = check_bounds(p, x)) {
        fail(p.distribution_where.line > 0 ? p.distribution_where : p.where, p.path,
             fmt::format("a {} draw reaches {:.4g}{} at its {} percentile, where {} is expected", name,
                         p.unit.from_si(x), p.unit.symbol == "1" ? "" : " " + p.unit.symbol,
                         z < 0 ? "0.1st" : "99.9th", e->expected),
             "truncated_normal, which stays within low and high");
        break;
      }
    }
  }
  const auto factors = draw_factors(ds);
  const auto index = factor_index(factors);
  bool paths_ok = true;
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& c : ds.correlations) {
    for (const auto* path : {&c.a, &c.b}) {
      if (index.contains(*path)) continue;
      paths_ok = false;
      fail(c.where, *path,
           !ds.settable(*path).empty()
               ? fmt::format("'{}' has no range: there is nothing to correlate", *path)
               : fmt::format("no parameter '{}'{}", *path, did_you_mean(*path, ds.paths())),
           "an uncertain parameter or schedule (one with low and high)");
    }
    if (c.a == c.b) {
      paths_ok = false;
      fail(c.where, c.a, "a correlation between a path and itself", "two different paths");
    } else if (!pairs.insert(std::minmax(c.a, c.b)).second) {
      paths_ok = false;
      fail(c.where, c.a, fmt::format("the correlation of {} and {} is given twice", c.a, c.b),
           "one per pair");
    }
  }
  if (!paths_ok || ds.correlations.empty()) return;
  const Copula c = copula(ds, index);
  std::size_t failed = 0;
  if (!cholesky(c.matrix, c.factors.size(), &failed)) {
    // The factors of the first leading block that cannot hold together.
    std::vector<std::string> names;
    for (std::size_t i = 0; i <= failed; ++i) {
      for (std::size_t j = 0; j <= failed; ++j) {
        if (i != j && c.matrix[i * c.factors.size() + j] != 0.0) {
          names.push_back(factors[c.factors[i]].path);
          break;
        }
      }
    }
    // Reported at the last correlation that reaches into that block.
    const Correlation* last = &ds.correlations.front();
    for (const auto& corr : ds.correlations) {
      if (std::find(names.begin(), names.end(), corr.a) != names.end() &&
          std::find(names.begin(), names.end(), corr.b) != names.end()) {
        last = &corr;
      }
    }
    fail(last->where, "correlations",
         fmt::format(
             "the rank correlations between {} contradict each other (their matrix is not positive definite)",
             fmt::join(names, ", ")),
         "correlations that can hold together, e.g. weaker ones");
  }
}

double quantile(std::span<double> values, double q) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double at = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(at));
  const auto above = std::min(below + 1, values.size() - 1);
  return values[below] + (at - static_cast<double>(below)) * (values[above] - values[below]);
}

}  // namespace w2t::data
