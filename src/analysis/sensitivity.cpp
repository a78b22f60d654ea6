#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>

#include "data/sampling.hpp"

namespace w2t::analysis {

std::vector<TornadoBar> tornado(const scenario::World& world, const model::Run& run, std::size_t metric,
                                std::size_t top, int threads, const Cluster& cluster,
                                const Control& control) {
  const auto& ds = world.dataset;
  // Each factor of the draws: a parameter, or a schedule's or normals' points as one.
  const auto factors = data::draw_factors(ds);
  // Job 2g is group g at its low, job 2g + 1 at its high.
  const auto values = run_jobs(2 * factors.size(), 1, threads, cluster, control, [&]() -> JobWorker {
    auto mine = std::make_shared<model::Run>(run);
    auto formulas = std::make_shared<data::FormulaSet>(world.formulas);
    auto out = std::make_shared<std::vector<double>>(summary_metrics().size());
    return [&, mine, formulas, out](std::size_t job, std::span<double> result) {
      const bool high = job % 2 == 1;
      mine->params = run.params;
      for (const auto id : factors[job / 2].params) {
        mine->params[id] = high ? ds.parameter(id).high : ds.parameter(id).low;
      }
      formulas->evaluate(mine->params);
      model::evaluate(*mine, mine->params);
      measure(*mine, *out);
      result[0] = (*out)[metric];
    };
  });
  if (!cluster.root() || values.size() != 2 * factors.size()) return {};
  std::vector<double> out(summary_metrics().size());
  measure(run, out);
  const double central = out[metric];
  std::vector<TornadoBar> bars;
  for (std::size_t g = 0; g < factors.size(); ++g) {
    const auto& first = ds.parameter(factors[g].params.front());
    bars.push_back({factors[g].path, first.unit.symbol, first.unit.from_si(first.low),
                    first.unit.from_si(first.high), values[2 * g] - central, values[2 * g + 1] - central,
                    first.source});
  }
  const auto swing = [](const TornadoBar& b) { return std::abs(b.delta_high - b.delta_low); };
  std::stable_sort(bars.begin(), bars.end(),
                   [&](const auto& a, const auto& b) { return swing(a) > swing(b); });
  if (bars.size() > top) bars.resize(top);
  return bars;
}

SobolIndex sobol_estimate(std::span<const double> fa, std::span<const double> fb,
                          std::span<const double> fab) {
  const auto n = static_cast<double>(fa.size());
  SobolIndex s;
  if (fa.size() < 2) return s;
  double mean = 0.0;
  for (std::size_t k = 0; k < fa.size(); ++k) mean += fa[k] + fb[k];
  mean /= 2.0 * n;
  double variance = 0.0;
  for (std::size_t k = 0; k < fa.size(); ++k) {
    variance += (fa[k] - mean) * (fa[k] - mean) + (fb[k] - mean) * (fb[k] - mean);
  }
  variance /= 2.0 * n - 1.0;
  if (variance <= 0.0) return s;
  // Each estimate is a mean of N terms; its error is theirs over sqrt(N).
  const auto mean_and_error = [&](auto term) {
    double sum = 0.0, squares = 0.0;
    for (std::size_t k = 0; k < fa.size(); ++k) {
      const double x = term(k);
      sum += x;
      squares += x * x;
    }
    const double m = sum / n;
    const double sd = std::sqrt(std::max(0.0, (squares - n * m * m) / (n - 1.0)));
    return std::pair{m / variance, 1.959963984540054 * sd / std::sqrt(n) / variance};
  };
  // f(B) centred on the pooled mean: the same expectation, a far smaller
  // variance when the metric's mean is large against its spread.
  std::tie(s.first, s.first_error) =
      mean_and_error([&](std::size_t k) { return (fb[k] - mean) * (fab[k] - fa[k]); });
  std::tie(s.total, s.total_error) =
      mean_and_error([&](std::size_t k) { return 0.5 * (fa[k] - fab[k]) * (fa[k] - fab[k]); });
  return s;
}

std::vector<SobolIndex> sobol(const scenario::World& world, const model::Run& run, std::size_t metric,
                              const std::vector<std::string>& paths, const SobolOptions& o,
                              const Cluster& cluster, const Control& control, bool* interrupted) {
  // The factors' indices in the order of a draw's normals.
  const auto all = data::draw_factors(world.dataset);
  std::vector<std::size_t> factors;
  for (const auto& path : paths) {
    for (std::size_t f = 0; f < all.size(); ++f) {
      if (all[f].path == path) factors.push_back(f);
    }
  }
  // Job k: sample k of the design, f(A_k), f(B_k), then f(AB_i,k) for each factor.
  const std::size_t width = factors.size() + 2;
  std::size_t undone = 0;
  const auto values = run_jobs(
      static_cast<std::size_t>(o.samples), width, o.threads, cluster, control,
      [&]() -> JobWorker {
        auto mine = std::make_shared<model::Run>(run);
        auto formulas = std::make_shared<data::FormulaSet>(world.formulas);
        auto sampler = std::make_shared<data::Sampler>(world.dataset, *formulas);
        auto a = std::make_shared<std::vector<double>>(sampler->factors());
        auto b = std::make_shared<std::vector<double>>(sampler->factors());
        auto mixed = std::make_shared<std::vector<double>>(sampler->factors());
        auto out = std::make_shared<std::vector<double>>(summary_metrics().size());
        return [&, mine, formulas, sampler, a, b, mixed, out](std::size_t k, std::span<double> result) {
          sampler->normals(o.seed, 2 * k, *a);
          sampler->normals(o.seed, 2 * k + 1, *b);
          const auto evaluate = [&](const std::vector<double>& z) {
            sampler->apply(z, mine->params);
            model::evaluate(*mine, mine->params);
            measure(*mine, *out);
            return (*out)[metric];
          };
          result[0] = evaluate(*a);
          result[1] = evaluate(*b);
          for (std::size_t i = 0; i < factors.size(); ++i) {
            *mixed = *a;
            (*mixed)[factors[i]] = (*b)[factors[i]];
            result[i + 2] = evaluate(*mixed);
          }
        };
      },
      &undone);
  if (interrupted != nullptr) *interrupted = undone > 0;
  if (!cluster.root() || undone > 0) return {};
  const auto n = static_cast<std::size_t>(o.samples);
  std::vector<double> fa(n), fb(n), fab(n);
  for (std::size_t k = 0; k < n; ++k) {
    fa[k] = values[k * width];
    fb[k] = values[k * width + 1];
  }
  std::vector<SobolIndex> indices;
  for (std::size_t i = 0; i < factors.size(); ++i) {
    for (std::size_t k = 0; k < n; ++k) fab[k] = values[k * width + i + 2];
    SobolIndex s = sobol_estimate(fa, fb, fab);
    s.path = all[factors[i]].path;
    const auto* p = world.dataset.describing(s.path);
    s.source = p != nullptr ? p->source : std::string{};
    indices.push_back(std::move(s));
  }
  std::stable_sort(indices.begin(), indices.end(),
                   [](const auto& x, const auto& y) { return x.total > y.total; });
  return indices;
}

}  // namespace w2t::analysis
