// The machine-repair model on w2t's engine, for bench/peers/compare.sh: the
// same arguments and output as the peers' versions.
//   w2t_machine_repair MACHINES CREWS FAILURE_RATE REPAIR_RATE HOURS SEED [heap|calendar]
// prints: events, seconds, availability.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ops/machine_repair.hpp"

int main(int argc, char** argv) {
  using namespace w2t::ops;
  if (argc != 7 && argc != 8) {
    std::fprintf(stderr, "usage: %s MACHINES CREWS FAILURE_RATE REPAIR_RATE HOURS SEED [heap|calendar]\n",
                 argv[0]);
    return 2;
  }
  const MachineRepair m{std::atoi(argv[1]), std::atoi(argv[2]), std::atof(argv[3]), std::atof(argv[4])};
  const auto horizon = static_cast<Time>(std::atof(argv[5]) * static_cast<double>(kHour));
  const auto start = std::chrono::steady_clock::now();
  const auto seed = static_cast<std::uint64_t>(std::atoll(argv[6]));
  const bool calendar = argc > 7 && std::string(argv[7]) == "calendar";
  const auto r = calendar ? simulate<CalendarQueue>(m, horizon, seed, 0)
                          : simulate<FourAryHeapQueue>(m, horizon, seed, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%llu %.3f %.5f\n", static_cast<unsigned long long>(r.events), seconds, r.availability);
  return 0;
}
