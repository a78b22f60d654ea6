#include "ops/machine_repair.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <cmath>
#include <pcg_random.hpp>
#include <random>
#include <vector>

namespace w2t::ops {
namespace {

enum Kind : std::uint32_t { kFailure, kRepaired };

// An exponential delay of mean `mean` microseconds, in whole microseconds
// (at least one): a unit exponential by Boost's ziggurat (a table lookup and
// a multiply for most draws, where std::exponential_distribution takes a
// logarithm) times the mean (a multiply, where a rate would divide).
Time exponential(pcg64& rng, double mean) {
  return std::max<Time>(
      1, static_cast<Time>(boost::random::exponential_distribution<double>()(rng) * mean + 0.5));
}

}  // namespace

double machine_repair_availability(const MachineRepair& m) {
  // p_n = p_0 * prod_{k<n} (N - k) lambda / (min(k + 1, c) mu), summed in logs for large N.
  std::vector<double> log_p(static_cast<std::size_t>(m.machines) + 1, 0.0);
  for (int n = 1; n <= m.machines; ++n) {
    log_p[static_cast<std::size_t>(n)] = log_p[static_cast<std::size_t>(n) - 1] +
                                         std::log((m.machines - n + 1) * m.failure_rate) -
                                         std::log(std::min(n, m.crews) * m.repair_rate);
  }
  const double top = *std::max_element(log_p.begin(), log_p.end());
  double total = 0.0;
  double failed = 0.0;
  for (int n = 0; n <= m.machines; ++n) {
    const double p = std::exp(log_p[static_cast<std::size_t>(n)] - top);
    total += p;
    failed += n * p;
  }
  return 1.0 - failed / total / m.machines;
}

template <EventQueue Queue>
MachineRepairResult simulate(const MachineRepair& m, Time horizon, std::uint64_t seed,
                             std::uint64_t replication) {
  pcg64 rng(seed, replication);
  Simulator<Queue> sim;
  const auto n = static_cast<std::size_t>(m.machines);
  sim.reserve(n + 1, 0);
  std::vector<std::uint32_t> waiting(n);  // ring of failed machines waiting for a crew
  std::size_t head = 0;
  std::size_t queued = 0;
  int idle_crews = m.crews;
  int working = m.machines;
  double working_time = 0.0;  // machine-microseconds of work
  Time last = 0;
  MachineRepairResult result;
  const double life = static_cast<double>(kHour) / m.failure_rate;
  const double repair = static_cast<double>(kHour) / m.repair_rate;
  for (std::uint32_t i = 0; i < n; ++i) sim.schedule_in(exponential(rng, life), kFailure, i);

  const auto start_repair = [&](std::uint32_t machine) {
    --idle_crews;
    sim.schedule_in(exponential(rng, repair), kRepaired, machine);
  };
  result.events = sim.run_until(horizon, [&](const Event& e) {
    working_time += static_cast<double>(working) * static_cast<double>(e.time - last);
    last = e.time;
    if (e.kind == kFailure) {
      --working;
      ++result.failures;
      if (idle_crews > 0) {
        start_repair(e.target);
      } else {
        const std::size_t at = head + queued++;
        waiting[at < n ? at : at - n] = e.target;
      }
    } else {
      ++working;
      ++idle_crews;
      sim.schedule_in(exponential(rng, life), kFailure, e.target);
      if (queued > 0) {
        start_repair(waiting[head]);
        head = head + 1 < n ? head + 1 : 0;
        --queued;
      }
    }
  });
  working_time += static_cast<double>(working) * static_cast<double>(horizon - last);
  result.availability = working_time / (static_cast<double>(m.machines) * static_cast<double>(horizon));
  return result;
}

template MachineRepairResult simulate<BinaryHeapQueue>(const MachineRepair&, Time, std::uint64_t,
                                                       std::uint64_t);
template MachineRepairResult simulate<FourAryHeapQueue>(const MachineRepair&, Time, std::uint64_t,
                                                        std::uint64_t);
template MachineRepairResult simulate<CalendarQueue>(const MachineRepair&, Time, std::uint64_t,
                                                     std::uint64_t);

}  // namespace w2t::ops
