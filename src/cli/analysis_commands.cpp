#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/monte_carlo.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sweep.hpp"
#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "core/suggest.hpp"
#include "io/mc_report.hpp"
#include "io/sensitivity_report.hpp"
#include "io/sweep_report.hpp"
#include "model/run.hpp"

namespace w2t::cli {

// The commands on uncertainty: w2t mc, w2t sensitivity, w2t sweep.

int run_mc(const McOptions& o) {
  if (o.samples < 1) {
    return bad_input(
        make_error(ErrorCode::bad_value, fmt::format("{} samples", o.samples), "--samples", "at least 1"));
  }
  if (o.threads < 1) {
    return bad_input(
        make_error(ErrorCode::bad_value, fmt::format("{} threads", o.threads), "--threads", "at least 1"));
  }
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  const auto mc = analysis::monte_carlo(*world, *run, o.samples, o.threads, o.seed);
  if (o.common.format == "json") {
    fmt::print("{}\n", io::mc_json(mc).dump(2));
  } else {
    fmt::print("{}", io::mc_text(mc));
  }
  return kExitOk;
}

int run_sensitivity(const SensitivityOptions& o) {
  const auto metrics = analysis::summary_metrics();
  auto it = std::find_if(metrics.begin(), metrics.end(), [&](const auto& m) { return m.name == o.metric; });
  if (it == metrics.end()) {
    std::vector<std::string> names;
    for (const auto& m : metrics) names.emplace_back(m.name);
    return bad_input(make_error(ErrorCode::bad_reference,
                                fmt::format("unknown metric '{}'{}", o.metric, did_you_mean(o.metric, names)),
                                "--metric", fmt::format("one of: {}", join(names))));
  }
  if (o.top < 1) return bad_input(make_error(ErrorCode::bad_value, "--top must be at least 1", "--top"));
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  const auto index = static_cast<std::size_t>(it - metrics.begin());
  std::vector<double> central(metrics.size());
  analysis::measure(*run, central);
  const auto bars = analysis::tornado(*world, *run, index, static_cast<std::size_t>(o.top));
  if (o.common.format == "json") {
    fmt::print("{}\n", io::sensitivity_json(*it, central[index], bars).dump(2));
  } else {
    fmt::print("{}", io::sensitivity_text(*it, central[index], bars));
  }
  return kExitOk;
}

int run_sweep(const SweepOptions& o) {
  if (o.axes.empty())
    return bad_input(make_error(ErrorCode::missing, "a sweep needs an axis", "--axis", "PATH=V1,V2,..."));
  if (o.samples < 0 || o.threads < 1) {
    return bad_input(
        make_error(ErrorCode::bad_value, "samples must be 0 or more, threads 1 or more", "--samples"));
  }
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  std::vector<analysis::Axis> axes;
  for (const auto& text : o.axes) {
    auto axis = analysis::parse_axis(text, world->dataset);
    if (!axis) return bad_input(axis.error());
    axes.push_back(std::move(*axis));
  }
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  const auto points = analysis::sweep(*world, *run, axes, o.samples, o.threads, o.seed);
  if (o.common.format == "json") {
    fmt::print("{}\n", io::sweep_json(axes, points).dump(2));
  } else {
    fmt::print("{}", io::sweep_csv(axes, points));
  }
  return kExitOk;
}

}  // namespace w2t::cli
