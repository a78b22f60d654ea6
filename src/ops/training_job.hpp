// One training job on a fleet that fails: the job computes in segments, each
// followed by a checkpoint; any failure among its GPUs interrupts it, losing
// the work since the last checkpoint and paying a restart. Failures of the
// job's set arrive as a Poisson process at the sum of its GPUs' rates (the
// fleet model supplies that sum; here it is given).
//
// With failures exponential at mean time M between them, segment tau,
// checkpoint C and restart R, the expected wall time per saved segment is
//   T(tau) = M e^(R/M) (e^((tau + C)/M) - 1)            (Daly 2006, eq. 9)
// so goodput = tau / T(tau); Young's interval tau = sqrt(2 C M) is its
// first-order optimum (Young 1974). The simulation is checked against both.
#pragma once

#include <cstdint>

#include "ops/event.hpp"

namespace w2t::ops {

struct TrainingJob {
  int gpus = 16384;
  double failure_rate = 0.0;     // per GPU-hour, every cause that interrupts the job
  Time work = 54 * kDay;         // useful compute the job needs
  Time checkpoint_interval = 0;  // 0: Young's optimum
  Time checkpoint_cost = 5 * 60 * kSecond;
  Time restart_cost = 10 * 60 * kSecond;
};

struct TrainingResult {
  std::uint64_t interruptions = 0;
  double wall_hours = 0.0;
  double mtbi_hours = 0.0;      // wall time over interruptions
  double goodput = 0.0;         // useful time over wall time
  double lost_gpu_hours = 0.0;  // GPU-hours of work lost and of restarts
  Time checkpoint_interval = 0;
  std::uint64_t events = 0;
};

// Mean time between the job's failures, M = 1 / (gpus x rate).
Time mean_time_between_failures(const TrainingJob& job);
// Young's interval sqrt(2 C M).
Time young_interval(const TrainingJob& job);
// Daly's expected goodput tau / T(tau) for the job's interval (Young's when 0).
double expected_goodput(const TrainingJob& job);

// One replication, from stream (seed, replication).
TrainingResult simulate(const TrainingJob& job, std::uint64_t seed, std::uint64_t replication);

}  // namespace w2t::ops
