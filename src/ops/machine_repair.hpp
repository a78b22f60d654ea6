// The machine-repair model (M/M/c//N, a finite-source queue): N machines
// fail independently at rate lambda each; c crews repair them one at a time
// at rate mu, the failed waiting in order. Its availability has a closed
// form, which validates the engine, and it is the model the engine is
// benchmarked on against other simulators (bench/).
#pragma once

#include <cstdint>

#include "ops/calendar_queue.hpp"
#include "ops/simulator.hpp"

namespace w2t::ops {

struct MachineRepair {
  int machines = 100;
  int crews = 5;
  double failure_rate = 0.01;  // per hour, per machine
  double repair_rate = 0.2;    // per hour, per crew at work
};

struct MachineRepairResult {
  double availability = 0.0;  // time-average share of machines working
  std::uint64_t failures = 0;
  std::uint64_t events = 0;
};

// The stationary availability: E[N - failed] / N, from the birth-death
// chain with birth rate (N - n) lambda and death rate min(n, c) mu.
double machine_repair_availability(const MachineRepair& m);

// One replication over `horizon` of simulated time, from stream (seed,
// replication); all machines start working.
template <EventQueue Queue = FourAryHeapQueue>
MachineRepairResult simulate(const MachineRepair& m, Time horizon, std::uint64_t seed,
                             std::uint64_t replication);

extern template MachineRepairResult simulate<BinaryHeapQueue>(const MachineRepair&, Time, std::uint64_t,
                                                              std::uint64_t);
extern template MachineRepairResult simulate<FourAryHeapQueue>(const MachineRepair&, Time, std::uint64_t,
                                                               std::uint64_t);
extern template MachineRepairResult simulate<CalendarQueue>(const MachineRepair&, Time, std::uint64_t,
                                                            std::uint64_t);

}  // namespace w2t::ops
