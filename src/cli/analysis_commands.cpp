#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/monte_carlo.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sweep.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/support.hpp"
#include "core/files.hpp"
#include "io/mc_report.hpp"
#include "io/sensitivity_report.hpp"
#include "io/sweep_report.hpp"
#include "model/run.hpp"

namespace w2t::cli {

// The commands on uncertainty: w2t mc, w2t sensitivity, w2t sweep.

namespace {

std::optional<Error> check_counts(int samples, int minimum_samples, int threads) {
  if (samples < minimum_samples) {
    return make_error(ErrorCode::bad_value, fmt::format("{} samples", samples), "--samples",
                      fmt::format("at least {}", minimum_samples));
  }
  if (threads < 1) {
    return make_error(ErrorCode::bad_value, fmt::format("{} threads", threads), "--threads", "at least 1");
  }
  return std::nullopt;
}

// The evaluations this process makes of `total` split over the cluster.
std::uint64_t share_of(std::uint64_t total, const analysis::Cluster& cluster) {
  const auto [first, last] = cluster.share(total);
  return last - first;
}

int interrupted(std::string_view what) {
  fmt::print(stderr, "w2t: interrupted: {}\n", what);
  return kExitInterrupted;
}

}  // namespace

int run_mc(const McOptions& o, const analysis::Cluster& cluster) {
  if (auto e = check_counts(o.samples, 1, o.threads)) return bad_input(*e);
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  analysis::MonteCarlo mc;
  {
    Study study("samples", analysis::samples_on_rank(o.samples, cluster), !o.quiet);
    mc = analysis::monte_carlo(*world, *run, {o.samples, o.seed, o.threads}, cluster, study.control());
  }
  if (!cluster.root()) return Study::interrupted() ? kExitInterrupted : kExitOk;
  if (auto e = analysis::check_finite(*world, mc)) return bad_input(*e);
  const auto result = io::mc_json(mc);
  if (auto e = unreadable(result, *world)) return bad_input(*e);
  const int kept = mc.interrupted ? kExitOk : keep_run(o.common, "mc", *world, run->params, nullptr, result);
  if (!o.report.empty()) {
    if (int written = write_report(o.report, *world, *run, {{"mc", result}}); written != kExitOk) return written;
  }
  if (o.common.format == "json") {
    fmt::print("{}\n", result.dump(2));
  } else {
    fmt::print("{}", io::mc_text(mc));
  }
  if (mc.interrupted) {
    return interrupted(fmt::format("the bands above are of the {} samples finished, of {} asked for",
                                   mc.samples, mc.requested));
  }
  return kept;
}

int run_sensitivity(const SensitivityOptions& o, const analysis::Cluster& cluster) {
  const auto metrics = analysis::summary_metrics();
  const auto found = analysis::find_metric(o.metric, "--metric");
  if (!found) return bad_input(found.error());
  const std::size_t index = *found;
  const auto& metric = metrics[index];
  if (o.top < 1) return bad_input(make_error(ErrorCode::bad_value, "--top must be at least 1", "--top"));
  if (o.samples == 1 || o.samples < 0) {
    return bad_input(make_error(ErrorCode::bad_value, fmt::format("{} samples", o.samples), "--samples",
                                "0 (no Sobol indices) or at least 2"));
  }
  if (auto e = check_counts(o.samples, 0, o.threads)) return bad_input(*e);
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  std::vector<double> central(metrics.size());
  analysis::measure(*run, central);

  // The tornado is cheap (two runs a factor): every rank draws it, and the
  // Sobol design it chooses is shared out.
  std::vector<analysis::TornadoBar> bars;
  {
    Study study("runs (tornado)", 0, !o.quiet);
    bars = analysis::tornado(*world, *run, index, static_cast<std::size_t>(o.top), o.threads,
                             analysis::Cluster{}, study.control());
  }
  if (Study::interrupted()) return interrupted("the tornado was not finished");
  std::vector<analysis::SobolIndex> indices;
  if (o.samples > 0) {
    std::vector<std::string> paths;
    for (const auto& b : bars) paths.push_back(b.path);
    Study study("samples (Sobol)", share_of(static_cast<std::uint64_t>(o.samples), cluster), !o.quiet);
    bool stopped = false;
    indices = analysis::sobol(*world, *run, index, paths, {o.samples, o.seed, o.threads}, cluster,
                              study.control(), &stopped);
    if (stopped) return interrupted("the Sobol design was not finished");
  }
  if (!cluster.root()) return kExitOk;
  const auto result = io::sensitivity_json(metric, central[index], bars, indices, o.samples);
  if (auto e = unreadable(result, *world)) return bad_input(*e);
  if (!o.report.empty()) {
    if (int written = write_report(o.report, *world, *run, {{"sensitivity", result}}); written != kExitOk)
      return written;
  }
  if (o.common.format == "json") {
    fmt::print("{}\n", result.dump(2));
  } else {
    fmt::print("{}", io::sensitivity_text(metric, central[index], bars, indices, o.samples));
  }
  return kExitOk;
}

int run_sweep(const SweepOptions& o, const analysis::Cluster& cluster) {
  if (o.axes.empty())
    return bad_input(make_error(ErrorCode::missing, "a sweep needs an axis", "--axis", "PATH=V1,V2,..."));
  if (auto e = check_counts(o.samples, 0, o.threads)) return bad_input(*e);
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
  std::size_t count = 1;
  for (const auto& a : axes) count *= a.values.size();
  std::vector<analysis::SweepPoint> points;
  {
    Study study("points", share_of(count, cluster), !o.quiet);
    points = analysis::sweep(*world, *run, axes, {o.samples, o.seed, o.threads}, cluster, study.control());
  }
  if (Study::interrupted()) return interrupted("the sweep was not finished");
  if (!cluster.root()) return kExitOk;
  const auto result = io::sweep_json(axes, points);
  if (auto e = unreadable(result, *world)) return bad_input(*e);
  const int kept = keep_run(o.common, "sweep", *world, run->params, nullptr, result);
  if (o.common.format == "json") {
    fmt::print("{}\n", result.dump(2));
  } else {
    fmt::print("{}", io::sweep_csv(axes, points));
  }
  return kept;
}

}  // namespace w2t::cli
