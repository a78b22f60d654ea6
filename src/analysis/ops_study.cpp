#include "analysis/ops_study.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cmath>

namespace w2t::analysis {
namespace {

ops::Time days_to_time(double days) {
  return static_cast<ops::Time>(std::llround(days * static_cast<double>(ops::kDay)));
}

std::optional<Error> check(const OpsSettings& s) {
  if (!(s.days > 0.0) || !std::isfinite(s.days)) {
    return make_error(ErrorCode::bad_value, fmt::format("{:g} days", s.days), "--days",
                      "a positive number of days");
  }
  if (s.warmup_days != -1.0 && (!(s.warmup_days >= 0.0) || !std::isfinite(s.warmup_days))) {
    return make_error(ErrorCode::bad_value, fmt::format("{:g} warm-up days", s.warmup_days), "--warmup-days",
                      "zero or more days");
  }
  if (s.replications < 1) {
    return make_error(ErrorCode::bad_value, fmt::format("{} replications", s.replications), "--replications",
                      "at least 1");
  }
  if (s.threads < 1) {
    return make_error(ErrorCode::bad_value, fmt::format("{} threads", s.threads), "--threads", "at least 1");
  }
  if (s.serving_replicas < -1) {
    return make_error(ErrorCode::bad_value, fmt::format("{} serving replicas", s.serving_replicas),
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

}  // namespace

Expected<OpsStudy> plan_ops(const scenario::World& world, const model::Run& run,
                            const OpsSettings& settings) {
  if (auto e = check(settings)) return *e;
  auto month = month_index(settings.month, run);
  if (!month) return month.error();
  ops::FleetOptions options;
  options.month = *month;
  options.law = settings.failure_law;
  options.horizon = days_to_time(settings.days);
  if (settings.warmup_days >= 0.0) options.warmup = days_to_time(settings.warmup_days);
  auto plan = ops::plan_fleet(run, world, options);
  if (!plan) return plan.error();
  OpsStudy study;
  study.scenario = world.scenario.id;
  study.month_index = *month;
  study.month = (run.chain.span.first + (*month >= 0 ? *month : run.chain.span.size() - 1)).str();
  study.seed = settings.seed;
  study.threads = settings.threads;
  study.fleet = std::move(*plan);
  study.requested = settings.replications;
  return study;
}

std::uint64_t fleet_periods(const OpsStudy& study) {
  const auto& p = study.fleet;
  return static_cast<std::uint64_t>((p.horizon + p.sample - 1) / p.sample) *
         static_cast<std::uint64_t>(study.requested);
}

void simulate_fleet(OpsStudy& study, const Control& control) {
  const auto& plan = study.fleet;
  std::vector<ops::FleetOutcome> done(static_cast<std::size_t>(study.requested));
  std::vector<char> finished(done.size(), 0);
  std::atomic<int> next{0};
  on_threads(std::min(study.threads, study.requested), [&](int) {
    for (int r = next++; r < study.requested; r = next++) {
      auto out = ops::simulate(plan, study.seed, static_cast<std::uint64_t>(r), {control.done, control.stop});
      if (out.simulated < plan.horizon) return;  // stopped: not a whole replication
      done[static_cast<std::size_t>(r)] = std::move(out);
      finished[static_cast<std::size_t>(r)] = 1;
    }
  });
  study.replications.clear();
  for (std::size_t r = 0; r < done.size(); ++r) {
    if (finished[r] != 0) study.replications.push_back(std::move(done[r]));
  }
  study.interrupted = study.replications.size() < done.size();
}

Expected<bool> plan_serving(OpsStudy& study, const scenario::World& world, const model::Run& run,
                            const OpsSettings& settings) {
  if (settings.serving_replicas < 0 || study.replications.empty()) return false;
  double racks = 0.0;
  for (const auto& r : study.replications) racks += r.rack_availability;
  auto serving = ops::plan_serving(run, world, study.month_index,
                                   racks / static_cast<double>(study.replications.size()));
  if (!serving) return serving.error();
  const int up = static_cast<int>(std::floor(serving->replicas_up));
  study.replicas_simulated = settings.serving_replicas == 0 ? up : std::min(settings.serving_replicas, up);
  study.serving = std::move(*serving);
  return true;
}

void simulate_serving(OpsStudy& study, const Control& control) {
  if (!study.serving) return;
  // Blocks of replicas over the threads, merged in block order.
  constexpr int kBlock = 16;
  const int count = study.replicas_simulated;
  const int blocks = (count + kBlock - 1) / kBlock;
  std::vector<ops::ServingOutcome> parts(static_cast<std::size_t>(blocks));
  std::atomic<int> next{0};
  on_threads(std::min(study.threads, std::max(1, blocks)), [&](int) {
    for (int b = next++; b < blocks; b = next++) {
      const int first = b * kBlock;
      parts[static_cast<std::size_t>(b)] = ops::serve(*study.serving, first, std::min(kBlock, count - first),
                                                      study.seed, control.done, control.stop);
    }
  });
  for (const auto& p : parts) study.served.merge(p);
  if (control.stop != nullptr && control.stop->load()) study.interrupted = true;
}

}  // namespace w2t::analysis
