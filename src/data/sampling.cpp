#include "data/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <pcg_random.hpp>
#include <random>
#include <string>

namespace w2t::data {
namespace {

// z of the 95th percentile of the standard normal: a normal or lognormal
// range's low and high are read as its 5th and 95th percentiles.
constexpr double kZ95 = 1.6448536269514722;

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

double triangular(double u, double low, double mode, double high) {
  if (high <= low) return mode;
  const double split = (mode - low) / (high - low);
  return u < split ? low + std::sqrt(u * (high - low) * (mode - low))
                   : high - std::sqrt((1.0 - u) * (high - low) * (high - mode));
}

}  // namespace

Sampler::Sampler(const Dataset& ds, const FormulaSet& formulas) : formulas_(&formulas) {
  std::map<std::string, std::uint32_t, std::less<>> schedule_groups;
  draws_.reserve(ds.parameters().size());
  for (const auto& p : ds.parameters()) {
    Draw d{p.value, p.low, p.high, p.distribution, 0, p.exact || p.derived() || p.low == p.high};
    if (p.at || p.calendar_month > 0) {
      const std::string schedule = p.path.substr(0, p.path.find('@'));
      auto [it, added] = schedule_groups.emplace(schedule, groups_);
      if (added) ++groups_;
      d.group = it->second;
    } else {
      d.group = groups_++;
    }
    draws_.push_back(d);
  }
}

void Sampler::draw(std::uint64_t seed, std::uint64_t index, std::span<double> out) const {
  pcg32 rng(seed, index);
  std::normal_distribution<double> normal;
  std::uint32_t group = UINT32_MAX;
  double z = 0.0;
  // A schedule's points follow each other in the dataset: one draw per
  // group, taken when the group is reached.
  for (std::size_t i = 0; i < draws_.size(); ++i) {
    const Draw& d = draws_[i];
    if (d.exact) {
      out[i] = d.value;
      continue;
    }
    if (d.group != group) {
      group = d.group;
      z = normal(rng);
    }
    switch (d.distribution) {
      case Distribution::triangular: out[i] = triangular(normal_cdf(z), d.low, d.value, d.high); break;
      case Distribution::uniform: out[i] = d.low + normal_cdf(z) * (d.high - d.low); break;
      case Distribution::normal: out[i] = d.value + z * (d.high - d.low) / (2.0 * kZ95); break;
      case Distribution::lognormal:
        out[i] = d.low > 0.0 ? d.value * std::exp(z * std::log(d.high / d.low) / (2.0 * kZ95)) : d.value;
        break;
      case Distribution::pert: {
        // Beta(alpha, beta) on [low, high] with the mode at value, drawn from two gammas.
        const double span = d.high - d.low;
        std::gamma_distribution<double> a(1.0 + 4.0 * (d.value - d.low) / span);
        std::gamma_distribution<double> b(1.0 + 4.0 * (d.high - d.value) / span);
        const double x = a(rng);
        const double y = b(rng);
        out[i] = d.low + span * x / (x + y);
        break;
      }
    }
  }
  formulas_->evaluate(out);
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
