// The machine-repair model (M/M/c//N) on ns-3's simulator core (Debian's
// libns3-dev, libns3-core only), the same model as w2t's
// src/ops/machine_repair.cpp, for the engine comparison of
// bench/peers/compare.sh. N machines each fail after an exponential time
// (FAILURE_RATE per hour) and queue, FIFO, for one of CREWS crews; a repair
// takes an exponential time (REPAIR_RATE per hour), then the machine works
// again. Each failure and each repair done is one ns-3 event
// (Simulator::Schedule of a member function) and counts as one event, as w2t
// counts them. Delays come from ns-3's ExponentialRandomVariable (MRG32k3a,
// RngSeedManager seeded with SEED). The scheduler is ns-3's default,
// ns3::MapScheduler, or the TypeId given as SCHEDULER (e.g. ns3::HeapScheduler;
// ns-3's NS_GLOBAL_VALUE=SchedulerType=ns3::HeapScheduler does the same).
//   machine_repair_ns3 MACHINES CREWS FAILURE_RATE REPAIR_RATE HOURS SEED [SCHEDULER]
// prints: events, seconds, availability.
#include <ns3/core-module.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>

namespace {

class RepairShop {
 public:
  RepairShop(int machines, int crews, double failure_rate, double repair_rate)
      : working_(machines), idle_crews_(crews) {
    failure_->SetAttribute("Mean", ns3::DoubleValue(1.0 / failure_rate));
    repair_->SetAttribute("Mean", ns3::DoubleValue(1.0 / repair_rate));
    for (int i = 0; i < machines; ++i) ScheduleFailure(i);
  }

  std::uint64_t events() const { return events_; }

  // Machine-hours of work up to `hours`.
  double WorkingTime(double hours) const { return up_ + working_ * (hours - last_); }

 private:
  void ScheduleFailure(int machine) {
    ns3::Simulator::Schedule(ns3::Hours(failure_->GetValue()), &RepairShop::Fail, this, machine);
  }

  void StartRepair(int machine) {
    --idle_crews_;
    ns3::Simulator::Schedule(ns3::Hours(repair_->GetValue()), &RepairShop::Repaired, this, machine);
  }

  // Adds the work done since the last event.
  void Account() {
    const double now = ns3::Simulator::Now().GetHours();
    up_ += working_ * (now - last_);
    last_ = now;
    ++events_;
  }

  void Fail(int machine) {
    Account();
    --working_;
    if (idle_crews_ > 0) {
      StartRepair(machine);
    } else {
      waiting_.push_back(machine);
    }
  }

  void Repaired(int machine) {
    Account();
    ++working_;
    ++idle_crews_;
    ScheduleFailure(machine);
    if (!waiting_.empty()) {
      StartRepair(waiting_.front());
      waiting_.pop_front();
    }
  }

  ns3::Ptr<ns3::ExponentialRandomVariable> failure_ = ns3::CreateObject<ns3::ExponentialRandomVariable>();
  ns3::Ptr<ns3::ExponentialRandomVariable> repair_ = ns3::CreateObject<ns3::ExponentialRandomVariable>();
  std::deque<int> waiting_;  // failed machines waiting for a crew
  int working_;
  int idle_crews_;
  double up_ = 0.0;  // machine-hours of work
  double last_ = 0.0;
  std::uint64_t events_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7 && argc != 8) {
    std::fprintf(stderr, "usage: %s MACHINES CREWS FAILURE_RATE REPAIR_RATE HOURS SEED [SCHEDULER]\n",
                 argv[0]);
    return 2;
  }
  const int machines = std::atoi(argv[1]);
  const double hours = std::atof(argv[5]);
  ns3::RngSeedManager::SetSeed(static_cast<std::uint32_t>(std::atoll(argv[6])));
  if (argc == 8) {
    ns3::ObjectFactory scheduler;
    scheduler.SetTypeId(argv[7]);
    ns3::Simulator::SetScheduler(scheduler);
  }
  const auto start = std::chrono::steady_clock::now();
  RepairShop shop(machines, std::atoi(argv[2]), std::atof(argv[3]), std::atof(argv[4]));
  ns3::Simulator::Stop(ns3::Hours(hours));
  ns3::Simulator::Run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%llu %.3f %.5f\n", static_cast<unsigned long long>(shop.events()), seconds,
              shop.WorkingTime(hours) / (machines * hours));
  ns3::Simulator::Destroy();
  return 0;
}
