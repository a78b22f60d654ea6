// w2t ops: the scenario's fleet in one month, simulated event by event —
// replications of a year of failures and repairs with a training job, then a
// day of request-level serving — in parallel over threads.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

#include "analysis/parallel.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/support.hpp"
#include "io/ops_report.hpp"
#include "ops/fleet_plan.hpp"

namespace w2t::cli {
namespace {

std::optional<Error> check_options(const OpsOptions& o) {
  if (!(o.days > 0.0) || !std::isfinite(o.days)) {
    return make_error(ErrorCode::bad_value, fmt::format("{:g} days", o.days), "--days",
                      "a positive number of days");
  }
  if (o.warmup_days < 0.0 && o.warmup_days != -1.0) {
    return make_error(ErrorCode::bad_value, fmt::format("{:g} warm-up days", o.warmup_days), "--warmup-days",
                      "zero or more days");
  }
  if (o.replications < 1) {
    return make_error(ErrorCode::bad_value, fmt::format("{} replications", o.replications), "--replications",
                      "at least 1");
  }
  if (o.threads < 0) {
    return make_error(ErrorCode::bad_value, fmt::format("{} threads", o.threads), "--threads",
                      "at least 1, or 0 for every core");
  }
  if (o.serving_replicas < -1) {
    return make_error(ErrorCode::bad_value, fmt::format("{} serving replicas", o.serving_replicas),
                      "--serving-replicas", "a count, 0 for all or -1 for none");
  }
  return std::nullopt;
}

// The month's index in the span, or -1 for the default (the last).
Expected<int> month_index(const std::string& text, const model::Run& run) {
  if (text.empty()) return -1;
  auto m = parse_month(text);
  if (!m) return make_error(ErrorCode::bad_input, m.error().message, "--month", "YYYY-MM");
  if (!run.chain.span.contains(*m)) {
    return make_error(ErrorCode::bad_value, fmt::format("{} is outside the scenario's span", text), "--month",
                      fmt::format("{}..{}", run.chain.span.first.str(), run.chain.span.last.str()));
  }
  return *m - run.chain.span.first;
}

// The replications, taken one at a time by the threads; those finished, in order.
std::vector<ops::FleetOutcome> simulate_fleet(const ops::FleetPlan& plan, const OpsOptions& o, int threads,
                                              bool& interrupted) {
  const auto periods = static_cast<std::uint64_t>((plan.horizon + plan.sample - 1) / plan.sample);
  std::vector<ops::FleetOutcome> done(static_cast<std::size_t>(o.replications));
  std::vector<char> finished(done.size(), 0);
  {
    Study study("simulated days", periods * static_cast<std::uint64_t>(o.replications), !o.quiet);
    const auto control = study.control();
    std::atomic<int> next{0};
    analysis::on_threads(std::min(threads, o.replications), [&](int) {
      for (int r = next++; r < o.replications; r = next++) {
        auto out = ops::simulate(plan, o.seed, static_cast<std::uint64_t>(r), {control.done, control.stop});
        if (out.simulated < plan.horizon) return;  // stopped: not a whole replication
        done[static_cast<std::size_t>(r)] = std::move(out);
        finished[static_cast<std::size_t>(r)] = 1;
      }
    });
  }
  interrupted = Study::interrupted();
  std::vector<ops::FleetOutcome> kept;
  for (std::size_t r = 0; r < done.size(); ++r) {
    if (finished[r] != 0) kept.push_back(std::move(done[r]));
  }
  return kept;
}

// A day of serving on `count` replicas, in blocks over the threads, merged in block order.
ops::ServingOutcome simulate_serving(const ops::ServingPlan& plan, int count, const OpsOptions& o,
                                     int threads) {
  constexpr int kBlock = 16;
  const int blocks = (count + kBlock - 1) / kBlock;
  std::vector<ops::ServingOutcome> parts(static_cast<std::size_t>(blocks));
  {
    Study study("replica-days", static_cast<std::uint64_t>(count), !o.quiet);
    const auto control = study.control();
    std::atomic<int> next{0};
    analysis::on_threads(std::min(threads, blocks), [&](int) {
      for (int b = next++; b < blocks; b = next++) {
        const int first = b * kBlock;
        parts[static_cast<std::size_t>(b)] =
            ops::serve(plan, first, std::min(kBlock, count - first), o.seed, control.done, control.stop);
      }
    });
  }
  ops::ServingOutcome all;
  for (const auto& p : parts) all.merge(p);
  return all;
}

}  // namespace

int run_ops(const OpsOptions& o) {
  if (auto e = check_options(o)) return bad_input(*e);
  const auto start = std::chrono::steady_clock::now();
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  auto month = month_index(o.month, *run);
  if (!month) return bad_input(month.error());
  ops::FleetOptions options;
  options.month = *month;
  options.law = o.failure_law;
  options.horizon = static_cast<ops::Time>(std::llround(o.days * static_cast<double>(ops::kDay)));
  if (o.warmup_days >= 0.0) {
    options.warmup = static_cast<ops::Time>(std::llround(o.warmup_days * static_cast<double>(ops::kDay)));
  }
  auto plan = ops::plan_fleet(*run, *world, options);
  if (!plan) return bad_input(plan.error());

  const int threads =
      o.threads > 0 ? o.threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  io::OpsStudy study;
  study.scenario = world->scenario.id;
  study.month = (run->chain.span.first + (*month >= 0 ? *month : run->chain.span.size() - 1)).str();
  study.seed = o.seed;
  study.fleet = *plan;
  study.requested = o.replications;
  study.replications = simulate_fleet(*plan, o, threads, study.interrupted);

  if (o.serving_replicas >= 0 && !study.interrupted && !study.replications.empty()) {
    double racks = 0.0;
    for (const auto& r : study.replications) racks += r.rack_availability;
    auto serving =
        ops::plan_serving(*run, *world, *month, racks / static_cast<double>(study.replications.size()));
    if (!serving) return bad_input(serving.error());
    const int up = static_cast<int>(std::floor(serving->replicas_up));
    study.replicas_simulated = o.serving_replicas == 0 ? up : std::min(o.serving_replicas, up);
    study.serving = *serving;
    study.served = simulate_serving(*serving, study.replicas_simulated, o, threads);
    study.interrupted = Study::interrupted();
  }
  study.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const auto result = io::ops_json(study);
  if (!study.interrupted) keep_run(o.common, "ops", *world, run->params, nullptr, result);
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
  return kExitOk;
}

}  // namespace w2t::cli
