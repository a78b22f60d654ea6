// w2t ops: the scenario's fleet in one month, simulated event by event —
// replications of a year of failures and repairs with a training job, then a
// day of request-level serving — in parallel over threads.
#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "analysis/ops_study.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/support.hpp"
#include "io/ops_report.hpp"

namespace w2t::cli {

int run_ops(const OpsOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  analysis::OpsSettings settings;
  settings.days = o.days;
  settings.warmup_days = o.warmup_days;
  settings.replications = o.replications;
  settings.threads =
      o.threads > 0 ? o.threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  settings.seed = o.seed;
  settings.month = o.month;
  settings.failure_law = o.failure_law;
  settings.serving_replicas = o.serving_replicas;
  if (o.threads < 0) {
    return bad_input(make_error(ErrorCode::bad_value, fmt::format("{} threads", o.threads), "--threads",
                                "at least 1, or 0 for every core"));
  }
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  auto planned = analysis::plan_ops(*world, *run, settings);
  if (!planned) return bad_input(planned.error());
  auto& study = *planned;
  {
    Study progress("simulated days", analysis::fleet_periods(study), !o.quiet);
    analysis::simulate_fleet(study, progress.control());
  }
  if (!study.interrupted) {
    auto serving = analysis::plan_serving(study, *world, *run, settings);
    if (!serving) return bad_input(serving.error());
    Study progress("replica-days", static_cast<std::uint64_t>(study.replicas_simulated), !o.quiet);
    analysis::simulate_serving(study, progress.control());
  }
  study.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const auto result = io::ops_json(study);
  if (auto e = unreadable(result, *world)) return bad_input(*e);
  const int kept = study.interrupted ? kExitOk : keep_run(o.common, "ops", *world, run->params, nullptr, result);
  if (!o.report.empty()) {
    if (int written = write_report(o.report, *world, *run, {{"ops", result}}); written != kExitOk)
      return written;
  }
  if (o.common.format == "json") {
    fmt::print("{}\n", result.dump(2));
  } else {
    fmt::print("{}", io::ops_text(study));
  }
  if (study.interrupted) {
    fmt::print(stderr,
               "w2t: interrupted: the figures above are of the {} replications finished, of {} asked for\n",
               study.replications.size(), o.replications);
    return kExitInterrupted;
  }
  return kept;
}

}  // namespace w2t::cli
