#include "ops/training_job.hpp"

#include <cmath>
#include <pcg_random.hpp>
#include <random>

#include "ops/simulator.hpp"

namespace w2t::ops {
namespace {

enum Kind : std::uint32_t { kSaved, kRestarted, kFailure };
constexpr std::uint32_t kProgress = 0;  // the slot of the job's next kSaved or kRestarted

double hours(Time t) {
  return static_cast<double>(t) / static_cast<double>(kHour);
}

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
  const Time tau = interval_of(job);
  Simulator<FourAryHeapQueue> sim;
  sim.reserve(4, 1);
  TrainingResult result;
  result.checkpoint_interval = tau;
  Time saved = 0;          // useful work checkpointed
  Time segment_start = 0;  // when the segment under way began (after a checkpoint or a restart)
  const auto next_segment = [&] {
    segment_start = sim.now();
    const Time length = std::min(tau, job.work - saved);
    sim.schedule_in(length + job.checkpoint_cost, kSaved, 0, kProgress);
  };
  next_segment();
  sim.schedule_in(next_failure(), kFailure, 0);
  double lost = 0.0;  // wall hours of work lost and of restarts
  result.events = sim.run_until(kNever, [&](const Event& e) {
    switch (e.kind) {
      case kSaved:
        saved += std::min(tau, job.work - saved);
        if (saved >= job.work) {
          result.wall_hours = hours(sim.now());
          sim.stop();
          return;
        }
        next_segment();
        break;
      case kRestarted: next_segment(); break;
      case kFailure:
        ++result.interruptions;
        lost += hours(sim.now() - segment_start);  // work, checkpoint or restart under way
        sim.cancel(kProgress);
        segment_start = sim.now();
        sim.schedule_in(job.restart_cost, kRestarted, 0, kProgress);
        sim.schedule_in(next_failure(), kFailure, 0);
        break;
    }
  });
  result.goodput = hours(job.work) / result.wall_hours;
  result.mtbi_hours =
      result.interruptions > 0 ? result.wall_hours / static_cast<double>(result.interruptions) : 0.0;
  result.lost_gpu_hours = lost * job.gpus;
  return result;
}

}  // namespace w2t::ops
