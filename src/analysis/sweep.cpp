#include "analysis/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "core/suggest.hpp"
#include "core/unit.hpp"

namespace w2t::analysis {

Expected<Axis> parse_axis(const std::string& text, const data::Dataset& ds) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return make_error(ErrorCode::bad_input, fmt::format("bad axis '{}'", text), "--axis", "PATH=V1,V2,...");
  }
  Axis axis;
  axis.path = text.substr(0, eq);
  axis.ids = ds.settable(axis.path);
  if (axis.ids.empty()) {
    return make_error(ErrorCode::bad_reference,
                      fmt::format("no parameter '{}'{}", axis.path, did_you_mean(axis.path, ds.paths())),
                      "--axis", "a parameter path; `w2t data --grep TEXT` lists them");
  }
  const auto& unit = ds.parameter(axis.ids.front()).unit;
  for (std::size_t start = eq + 1; start <= text.size();) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string value = text.substr(start, comma - start);
    auto si = parse_si(value, unit);
    if (!si) {
      Error e = si.error();
      e.path = "--axis " + axis.path;
      return e;
    }
    axis.values.push_back(value);
    axis.si.push_back(*si);
    start = comma + 1;
  }
  return axis;
}

std::vector<SweepPoint> sweep(const scenario::World& world, const model::Run& run,
                              const std::vector<Axis>& axes, const McOptions& mc, const Cluster& cluster,
                              const Control& control) {
  std::size_t count = 1;
  for (const auto& a : axes) count *= a.values.size();
  // Point p's index on each axis, the last axis fastest.
  const auto at_of = [&](std::size_t p) {
    std::vector<std::size_t> at(axes.size());
    for (std::size_t k = axes.size(); k-- > 0;) {
      at[k] = p % axes[k].values.size();
      p /= axes[k].values.size();
    }
    return at;
  };
  const std::size_t metrics = summary_metrics().size();
  constexpr std::size_t kBandNumbers = 7;  // p5, p25, p50, p75, p95, mean, stderr
  const std::size_t width = metrics * (mc.samples > 0 ? 1 + kBandNumbers : 1);
  // Points run side by side without Monte Carlo; with it, each point's samples do.
  const int point_threads = mc.samples > 0 ? 1 : mc.threads;
  const auto values = run_jobs(count, width, point_threads, cluster, control, [&]() -> JobWorker {
    auto mine = std::make_shared<model::Run>(run);
    auto varied = std::make_shared<scenario::World>(world);
    return [&, mine, varied](std::size_t p, std::span<double> out) {
      const auto at = at_of(p);
      // The point's settings, then the derived parameters again.
      mine->params = run.params;
      for (std::size_t k = 0; k < axes.size(); ++k) {
        for (const auto id : axes[k].ids) {
          mine->params[id] = axes[k].si[at[k]];
          auto& param = varied->dataset.parameter(id);
          param.value = param.low = param.high = axes[k].si[at[k]];  // fixed at the point for its Monte Carlo
          param.exact = true;
        }
      }
      varied->formulas.evaluate(mine->params);
      model::evaluate(*mine, mine->params);
      measure(*mine, out.first(metrics));
      if (mc.samples == 0) return;
      const auto bands = monte_carlo(*varied, *mine, mc).bands;
      if (bands.empty()) {  // a sample was not finite: so are the point's bands, which the caller refuses
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(metrics), out.end(),
                  std::numeric_limits<double>::quiet_NaN());
        return;
      }
      for (std::size_t j = 0; j < metrics; ++j) {
        const auto& b = bands[j];
        const double numbers[] = {b.p5, b.p25, b.p50, b.p75, b.p95, b.mean, b.stderr_of_mean};
        std::copy(std::begin(numbers), std::end(numbers),
                  out.begin() + static_cast<std::ptrdiff_t>(metrics + j * kBandNumbers));
      }
    };
  });
  std::vector<SweepPoint> points;
  if (!cluster.root() || values.size() != count * width) return points;
  for (std::size_t p = 0; p < count; ++p) {
    const double* row = values.data() + p * width;
    SweepPoint point;
    point.at = at_of(p);
    point.values.assign(row, row + metrics);
    if (mc.samples > 0) {
      for (std::size_t j = 0; j < metrics; ++j) {
        const double* n = row + metrics + j * kBandNumbers;
        Band b;
        b.p5 = n[0], b.p25 = n[1], b.p50 = n[2], b.p75 = n[3], b.p95 = n[4], b.mean = n[5],
        b.stderr_of_mean = n[6];
        point.bands.push_back(b);
      }
    }
    points.push_back(std::move(point));
  }
  return points;
}

}  // namespace w2t::analysis
