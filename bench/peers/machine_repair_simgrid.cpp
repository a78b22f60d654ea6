// The machine-repair model (M/M/c//N) on SimGrid's S4U API (Debian's
// libsimgrid-dev), the same model as w2t's src/ops/machine_repair.cpp, for the
// engine comparison of bench/peers/compare.sh. One actor per machine, all on
// one host of a platform built in code: it sleeps an exponential time
// (FAILURE_RATE per hour), fails, acquires one of CREWS crews (a semaphore,
// FIFO), sleeps the repair (exponential, REPAIR_RATE per hour), releases the
// crew and works again; the simulation ends when a clock actor, sleeping for
// HOURS, ends (the machines are daemons). SimGrid's clock counts hours here. A failure and a
// repair done (an actor waking from its sleep) count as one event each, as w2t
// counts them. Delays come from std::mt19937_64 seeded with SEED (actors run
// one at a time, so one generator serves all).
//   machine_repair_simgrid MACHINES CREWS FAILURE_RATE REPAIR_RATE HOURS SEED
// prints: events, seconds, availability.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <simgrid/s4u.hpp>
#include <string>

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv) {
  sg4::Engine engine(&argc, argv);  // takes SimGrid's --cfg=... options out of argv
  if (argc != 7) {
    std::fprintf(stderr, "usage: %s MACHINES CREWS FAILURE_RATE REPAIR_RATE HOURS SEED\n", argv[0]);
    return 2;
  }
  const int machines = std::atoi(argv[1]);
  const double hours = std::atof(argv[5]);
  std::mt19937_64 rng(std::strtoull(argv[6], nullptr, 10));
  std::exponential_distribution<double> failure(std::atof(argv[3]));
  std::exponential_distribution<double> repair(std::atof(argv[4]));
  sg4::Host* host = sg4::create_full_zone("shop")->create_host("host", 1e9);
  engine.get_netzone_root()->seal();
  const sg4::SemaphorePtr crews = sg4::Semaphore::create(std::atoi(argv[2]));

  int working = machines;
  double up = 0.0;  // machine-hours of work
  double last = 0.0;
  unsigned long long events = 0;
  const auto account = [&](int change) {  // adds the work done since the last event
    const double now = sg4::Engine::get_clock();
    up += working * (now - last);
    last = now;
    working += change;
    ++events;
  };
  for (int i = 0; i < machines; ++i) {
    sg4::Actor::create("machine-" + std::to_string(i), host, [&] {
      for (;;) {
        sg4::this_actor::sleep_for(failure(rng));
        account(-1);
        crews->acquire();
        sg4::this_actor::sleep_for(repair(rng));
        crews->release();
        account(+1);
      }
    })->daemonize();  // killed when the clock actor ends
  }
  sg4::Actor::create("clock", host, [hours] { sg4::this_actor::sleep_for(hours); });
  const auto start = std::chrono::steady_clock::now();
  engine.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%llu %.3f %.5f\n", events, seconds, (up + working * (hours - last)) / (machines * hours));
  return 0;
}
