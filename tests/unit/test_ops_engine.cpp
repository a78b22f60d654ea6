// The discrete-event engine: order by (time, sequence), lazy cancellation,
// the same events from either queue, and the machine-repair model against
// its closed form.
#include <gtest/gtest.h>

#include <pcg_random.hpp>
#include <random>
#include <vector>

#include "ops/machine_repair.hpp"
#include "ops/training_job.hpp"

namespace w2t::ops {
namespace {

template <typename Queue>
struct Engine : ::testing::Test {};
using Queues = ::testing::Types<BinaryHeapQueue, FourAryHeapQueue, CalendarQueue>;
TYPED_TEST_SUITE(Engine, Queues);

TYPED_TEST(Engine, EarliestFirstAndTiesInTheOrderScheduled) {
  Simulator<TypeParam> sim;
  sim.schedule_at(30, 0, 1);
  sim.schedule_at(10, 0, 2);
  sim.schedule_at(20, 0, 3);
  sim.schedule_at(10, 0, 4);  // same time as target 2, scheduled later
  std::vector<std::uint32_t> order;
  std::vector<Time> times;
  sim.run_until(kNever, [&](const Event& e) {
    order.push_back(e.target);
    times.push_back(sim.now());
  });
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 4, 3, 1}));
  EXPECT_EQ(times, (std::vector<Time>{10, 10, 20, 30}));
}

TYPED_TEST(Engine, CancelledEventsDoNotHappen) {
  Simulator<TypeParam> sim;
  sim.reserve(8, 4);
  sim.schedule_at(10, 0, 1, /*slot=*/2);
  sim.schedule_at(20, 0, 2, /*slot=*/2);
  sim.schedule_at(15, 0, 3);
  sim.cancel(2);
  sim.schedule_at(25, 0, 4, /*slot=*/2);  // scheduled after the cancel: stands
  std::vector<std::uint32_t> order;
  sim.run_until(kNever, [&](const Event& e) { order.push_back(e.target); });
  EXPECT_EQ(order, (std::vector<std::uint32_t>{3, 4}));
  EXPECT_EQ(sim.events_handled(), 2u);
}

TYPED_TEST(Engine, RunUntilStopsBeforeTheEnd) {
  Simulator<TypeParam> sim;
  sim.schedule_at(5, 0, 1);
  sim.schedule_at(10, 0, 2);
  EXPECT_EQ(sim.run_until(10, [](const Event&) {}), 1u);
  EXPECT_EQ(sim.now(), 10);
  EXPECT_EQ(sim.pending(), 1u);  // the event at the end stays
  sim.schedule_in(3, 0, 3);
  std::vector<Time> times;
  sim.run_until(kNever, [&](const Event& e) { times.push_back(e.time); });
  EXPECT_EQ(times, (std::vector<Time>{10, 13}));
}

// The hold model on every queue: the same events in the same order, with
// many ties, and with delays spread over six decades (the calendar's days
// re-sized as the pending events grow and shrink).
TEST(EngineQueues, SameEventsFromEveryQueue) {
  const auto hold = [](auto sim, Time longest) {
    pcg32 rng(7, 0);
    std::uniform_int_distribution<Time> delay(0, longest);
    for (std::uint32_t i = 0; i < 500; ++i) sim.schedule_in(delay(rng), 0, i);
    std::vector<std::pair<Time, std::uint32_t>> seen;
    sim.run_until(200 * longest, [&](const Event& e) {
      seen.emplace_back(e.time, e.target);
      // Two children now and then, none as often, so the queue's size wanders.
      const auto children = rng() % 8 == 0 ? 2U : rng() % 8 == 0 ? 0U : 1U;
      for (std::uint32_t c = 0; c < children && sim.pending() < 4000; ++c) {
        sim.schedule_in(rng() % 16 == 0 ? delay(rng) * 1000 : delay(rng), 0, e.target);
      }
      if (sim.pending() == 0) sim.schedule_in(delay(rng), 0, e.target);
    });
    return seen;
  };
  for (const Time longest : {Time{1000}, Time{1'000'000}}) {  // ties often, then rarely
    const auto a = hold(Simulator<BinaryHeapQueue>{}, longest);
    const auto b = hold(Simulator<FourAryHeapQueue>{}, longest);
    const auto c = hold(Simulator<CalendarQueue>{}, longest);
    EXPECT_GT(a.size(), 10'000u);
    EXPECT_EQ(a, b);
    EXPECT_EQ(a, c);
  }
}

// By hand: N = 2, c = 1, lambda = mu = 1. p1/p0 = 2, p2/p1 = 1, so
// p = (1, 2, 2) / 5, E[failed] = 6/5 and availability 1 - 0.6 = 0.4.
TEST(MachineRepair, ClosedFormByHand) {
  EXPECT_NEAR(machine_repair_availability({2, 1, 1.0, 1.0}), 0.4, 1e-12);
  // With as many crews as machines each machine is up mu / (lambda + mu).
  EXPECT_NEAR(machine_repair_availability({10, 10, 0.2, 0.8}), 0.8, 1e-12);
}

// The simulation against the closed form: a busy repair shop (crews often
// all at work) over a million hours, 3 million events. Replications spread
// by about 0.15% (standard deviation, measured over six): within 0.75%.
TEST(MachineRepair, SimulationMatchesTheClosedForm) {
  const MachineRepair m{50, 3, 0.05, 0.5};
  const double exact = machine_repair_availability(m);
  const auto four = simulate<FourAryHeapQueue>(m, 1'000'000 * kHour, 11, 0);
  const auto binary = simulate<BinaryHeapQueue>(m, 1'000'000 * kHour, 11, 0);
  EXPECT_NEAR(four.availability, exact, 0.0075 * exact);
  EXPECT_EQ(four.availability, binary.availability);  // the same events
  EXPECT_EQ(four.events, binary.events);
  EXPECT_GT(four.failures, 1'000'000u);
  // Another replication: another stream, close to the same answer.
  const auto other = simulate<FourAryHeapQueue>(m, 1'000'000 * kHour, 11, 1);
  EXPECT_NE(other.failures, four.failures);
  EXPECT_NEAR(other.availability, exact, 0.0075 * exact);
}

}  // namespace
}  // namespace w2t::ops

namespace w2t::ops {
namespace {

// A job whose failures come every 3 hours on average: Young's interval is
// sqrt(2 x 5 min x 180 min) = 42.43 min, and Daly's goodput at it, in
// minutes, 42.43 / (180 e^(10/180) (e^(47.43/180) - 1))
// = 42.43 / (180 x 1.05713 x 0.30147) = 42.43 / 57.365 = 0.7397.
TrainingJob three_hour_job() {
  TrainingJob job;
  job.gpus = 16384;
  job.failure_rate = 1.0 / (3.0 * 16384.0);
  job.work = 400 * kDay;
  return job;
}

TEST(TrainingJob, YoungAndDalyByHand) {
  const auto job = three_hour_job();
  EXPECT_NEAR(static_cast<double>(young_interval(job)) / static_cast<double>(kSecond) / 60.0, 42.43, 0.01);
  EXPECT_NEAR(expected_goodput(job), 0.7397, 0.0005);
}

TEST(TrainingJob, SimulationMatchesDalyAndYoungIsBest) {
  auto job = three_hour_job();
  const auto r = simulate(job, 5, 0);
  // About 4,500 interruptions: the goodput's standard error is near 0.3%.
  EXPECT_NEAR(r.goodput, expected_goodput(job), 0.01);
  EXPECT_NEAR(r.mtbi_hours, 3.0, 0.15);
  EXPECT_GT(r.interruptions, 4000u);
  EXPECT_GT(r.lost_gpu_hours, 0.0);
  // Three times shorter or longer checkpoint intervals do worse, in the
  // formula and in the simulation.
  for (const double factor : {1.0 / 3.0, 3.0}) {
    auto other = job;
    other.checkpoint_interval = static_cast<Time>(static_cast<double>(young_interval(job)) * factor);
    EXPECT_LT(expected_goodput(other), expected_goodput(job)) << factor;
    EXPECT_LT(simulate(other, 5, 0).goodput, r.goodput) << factor;
  }
}

}  // namespace
}  // namespace w2t::ops
