#include "ops/training_job.hpp"

#include <cmath>
#include <pcg_random.hpp>
#include <random>

#include "ops/job.hpp"
#include "ops/simulator.hpp"

namespace w2t::ops {
namespace {

enum Kind : std::uint32_t { kFailure, kJobEvents };
constexpr std::uint32_t kProgress = 0;  // the slot of the job's events

Time interval_of(const TrainingJob& job) {
  return job.checkpoint_interval > 0 ? job.checkpoint_interval : young_interval(job);
}

}  // namespace

Time mean_time_between_failures(const TrainingJob& job) {
  return static_cast<Time>(static_cast<double>(kHour) / (job.gpus * job.failure_rate));
}

Time young_interval(const TrainingJob& job) {
  return static_cast<Time>(std::sqrt(2.0 * static_cast<double>(job.checkpoint_cost) *
                                     static_cast<double>(mean_time_between_failures(job))));
}

double expected_goodput(const TrainingJob& job) {
  const double m = static_cast<double>(mean_time_between_failures(job));
  const double tau = static_cast<double>(interval_of(job));
  const double c = static_cast<double>(job.checkpoint_cost);
  const double r = static_cast<double>(job.restart_cost);
  return tau / (m * std::exp(r / m) * std::expm1((tau + c) / m));
}

TrainingResult simulate(const TrainingJob& job, std::uint64_t seed, std::uint64_t replication) {
  pcg32 rng(seed, replication);
  std::exponential_distribution<double> between(1.0 / static_cast<double>(mean_time_between_failures(job)));
  const auto next_failure = [&] { return std::max<Time>(1, static_cast<Time>(between(rng))); };
  Simulator<FourAryHeapQueue> sim;
  sim.reserve(4, 1);
  Job run({interval_of(job), job.checkpoint_cost, job.restart_cost, job.work}, kJobEvents, kProgress);
  run.start(sim);
  sim.schedule_in(next_failure(), kFailure, 0);
  TrainingResult result;
  result.checkpoint_interval = run.timing().interval;
  result.events = sim.run_until(kNever, [&](const Event& e) {
    if (run.owns(e)) {
      if (run.handle(e, sim)) sim.stop();
      return;
    }
    run.interrupt(sim, true);  // a spare is always at hand
    sim.schedule_in(next_failure(), kFailure, 0);
  });
  result.interruptions = run.interruptions();
  result.wall_hours = hours(sim.now());
  result.goodput = hours(job.work) / result.wall_hours;
  result.mtbi_hours =
      result.interruptions > 0 ? result.wall_hours / static_cast<double>(result.interruptions) : 0.0;
  result.lost_gpu_hours = hours(run.lost()) * job.gpus;
  return result;
}

}  // namespace w2t::ops
