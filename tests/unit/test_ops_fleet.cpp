// The fleet, its training job and serving (src/ops): validated against the
// published Llama 3 run and hand-worked cases.
#include <gtest/gtest.h>

#include <cmath>

#include "default_run.hpp"
#include "ops/fleet_plan.hpp"
#include "ops/serving.hpp"
#include "ops/training_job.hpp"

namespace w2t::ops {
namespace {

using FleetFromData = test::DefaultRun;

// The default data's failure modes and repair times on one land site.
FleetPlan one_site(const model::Run& run, const scenario::World& world, int accelerators) {
  auto plan = plan_fleet(run, world, {});
  EXPECT_TRUE(plan.ok());
  FleetPlan p = *plan;
  FleetSite site = p.sites.front();
  site.id = "hall";
  site.accelerators = accelerators;
  site.failure_factor = 1.0;
  site.crews = std::max(1, accelerators / 5000);
  site.spares = accelerators / 100;
  p.sites = {site};
  p.node_size = 8;
  p.rack_size = 32;
  p.job = {};
  return p;
}

TEST_F(FleetFromData, Llama3RunInterruptionsAndGoodput) {
  // Meta's Llama 3 405B run: 16,384 H100 for 54 days, 419 unexpected
  // interruptions, > 90% effective training time. The failure modes' rates
  // are that run's root causes, so the simulated job must see about 419
  // (Poisson: sd ~20 a run) and a goodput above 0.88 (Daly: 0.904).
  const int gpus = 16384;
  FleetPlan p = one_site(run, world, 17208);  // 2,048 nodes of 8 and 103 hot spares (5%)
  auto base = plan_fleet(run, world, {});
  ASSERT_TRUE(base.ok());
  p.job = base->job;
  p.job.site = 0;
  p.job.accelerators = gpus;
  p.job.timing.interval = 0;
  const TrainingJob job = training_job(p);  // the job as the standalone model sees it
  double rate = 0.0;
  for (const auto& m : p.modes) rate += m.rate;
  EXPECT_EQ(job.gpus, gpus);
  EXPECT_DOUBLE_EQ(job.failure_rate, rate);  // a land site: every mode's rate, unscaled
  p.job.timing.interval = young_interval(job);
  p.horizon = 54 * kDay;
  ASSERT_FALSE(check(p).has_value());
  EXPECT_EQ(p.job_pool_nodes(), 2048 + 103);
  double interruptions = 0.0, goodput = 0.0;
  constexpr int kRuns = 4;
  for (int r = 0; r < kRuns; ++r) {
    const auto out = simulate(p, 7, static_cast<std::uint64_t>(r));
    interruptions += static_cast<double>(out.job.interruptions) / kRuns;
    goodput += out.job.goodput / kRuns;
    EXPECT_EQ(out.job.waits, 0U);  // 103 hot spares cover ~26 nodes in repair
  }
  EXPECT_NEAR(interruptions, 419.0, 0.1 * 419.0);
  EXPECT_GT(goodput, 0.88);
  EXPECT_LT(goodput, 0.95);
  EXPECT_NEAR(goodput, expected_goodput(training_job(p)), 0.01);
}

TEST_F(FleetFromData, FailuresByComponentFollowTheRates) {
  FleetPlan p = one_site(run, world, 80000);
  p.horizon = 365 * kDay;
  const auto out = simulate(p, 3, 0);
  double rate = 0.0;
  for (const auto& m : p.modes) rate += m.rate;
  std::uint64_t total = 0;
  for (std::size_t m = 0; m < p.modes.size(); ++m) {
    // Every accelerator fails all year (a node down still ages): 80,000 x 8,766 h x rate.
    const double expected = 80000.0 * 8766.0 * p.modes[m].rate;
    EXPECT_NEAR(static_cast<double>(out.failures_by_mode[m]), expected, 5.0 * std::sqrt(expected) + 1.0)
        << p.modes[m].id;
    total += out.failures_by_mode[m];
  }
  EXPECT_EQ(total, out.sites[0].failures);
  // Every failure is acted on (a swap started or a reset) but those of the last hours.
  EXPECT_LE(out.sites[0].swaps + out.sites[0].resets, out.sites[0].failures);
  EXPECT_GE(out.sites[0].swaps + out.sites[0].resets + 50, out.sites[0].failures);
  EXPECT_GT(out.availability, 0.98);
  EXPECT_LT(out.availability, 1.0);
  EXPECT_EQ(out.availability_series.size(), 365U);
}

TEST_F(FleetFromData, WarmUpRemovesTheStartTransient) {
  // All up at the start, the fleet loses ~0.6% over the 4-day swaps: the
  // first day reads high unless a warm-up comes first.
  FleetPlan p = one_site(run, world, 200000);
  p.horizon = 30 * kDay;
  p.warmup = 0;
  const auto cold = simulate(p, 2, 0);
  p.warmup = 34 * kDay;
  const auto warm = simulate(p, 2, 0);
  const double steady = warm.availability;
  EXPECT_GT(cold.availability_series.front() - steady, 0.003);
  EXPECT_NEAR(warm.availability_series.front(), steady, 0.001);
  EXPECT_EQ(warm.availability_series.size(), 30U);
}

TEST_F(FleetFromData, TooFewCrewsBuildABacklog) {
  FleetPlan p = one_site(run, world, 80000);
  p.horizon = 120 * kDay;
  const auto staffed = simulate(p, 5, 0);
  p.sites[0].crews = 1;  // ~32 swaps a day of 4 h each need ~5 crews
  const auto short_staffed = simulate(p, 5, 0);
  EXPECT_LT(staffed.sites[0].backlog_mean, 1.0);
  EXPECT_GT(short_staffed.sites[0].backlog_mean, 100.0);
  EXPECT_LT(short_staffed.availability, staffed.availability);
  p.sites[0].crews = 16;
  p.sites[0].spares = 0;  // every GPU swap waits for a reorder
  const auto no_spares = simulate(p, 5, 0);
  EXPECT_GT(no_spares.sites[0].stockouts, 0U);
  // Each GPU swap waits the 30-day lead time for its reorder.
  EXPECT_GT(no_spares.sites[0].repair_hours, staffed.sites[0].repair_hours + 0.5 * 30 * 24);
  EXPECT_LT(no_spares.availability, staffed.availability);
}

TEST_F(FleetFromData, SealedModulesFailInPlace) {
  FleetPlan p = one_site(run, world, 8000);
  p.sites[0].repair = SiteRepair::none;
  p.sites[0].crews = 0;
  p.sites[0].failure_factor = 0.125;
  p.horizon = 365 * kDay;
  ASSERT_FALSE(check(p).has_value());  // no crew needed where nothing is opened
  const auto out = simulate(p, 9, 0);
  EXPECT_EQ(out.sites[0].swaps, 0U);
  EXPECT_GT(out.sites[0].retired, 0U);
  // Capacity only falls: the last day is below the first, by at least what was fenced off.
  EXPECT_LT(out.availability_series.back(), out.availability_series.front());
  EXPECT_LT(out.availability_series.back(), 1.0 - static_cast<double>(out.sites[0].retired) / 8000.0 + 1e-3);
}

TEST_F(FleetFromData, BadPlansNameThePath) {
  FleetPlan p = one_site(run, world, 8000);
  p.sites[0].crews = 0;
  ASSERT_TRUE(check(p).has_value());
  EXPECT_EQ(check(p)->path, "reliability.crews_per_accelerator");
  p.sites[0].crews = 2;
  p.job.accelerators = 8000;
  p.job.hot_spare_share = 0.05;
  p.job.timing.interval = kHour;
  ASSERT_TRUE(check(p).has_value());
  EXPECT_EQ(check(p)->path, "reliability.training_job_accelerators");
  p.job.accelerators = 0;
  p.horizon = 0;
  ASSERT_TRUE(check(p).has_value());
  EXPECT_EQ(check(p)->path, "--days");
  FleetOptions options;
  options.law = "lognormal";
  auto unknown = plan_fleet(run, world, options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().expected.find("weibull"), std::string::npos);
}

TEST_F(FleetFromData, WeibullWithShapeOneMatchesExponential) {
  FleetPlan p = one_site(run, world, 40000);
  p.horizon = 365 * kDay;
  const auto exponential = simulate(p, 11, 0);
  p.law = find_failure_law("weibull");
  p.weibull_shape = 1.0;
  const auto weibull = simulate(p, 11, 0);
  const auto n = static_cast<double>(exponential.sites[0].failures);
  EXPECT_NEAR(static_cast<double>(weibull.sites[0].failures), n, 5.0 * std::sqrt(n));
  p.weibull_shape = 0.7;  // falling hazard from new: more failures in the first year
  const auto infant = simulate(p, 11, 0);
  EXPECT_GT(static_cast<double>(infant.sites[0].failures), n + 5.0 * std::sqrt(n));
}

// A replica worked by hand: 10 ms a decode step at any small batch (10 GB
// of active weights over 1 TB/s, no KV cache), 20 ms to prefill 1,000 tokens
// (2 x 1e10 FLOP per token at 1 PFLOP/s).
ServingPlan hand_plan(double requests_per_day) {
  ServingPlan p;
  p.replica.domain = 1.0;
  p.replica.memory = 1e12;
  p.replica.bandwidth = 1e12;
  p.replica.compute = 1e15;
  p.replica.weights = p.replica.weights_read = 1e10;
  p.replica.active = 1e10;
  p.replica.kv_per_token = 0.0;
  p.input_tokens = 1000.0;
  p.output_tokens = 100.0;
  p.ttft_target = 0.025;
  p.tpot_target = 0.011;
  p.requests_per_day = requests_per_day;
  p.peak_to_mean = 1.5;
  p.replicas = 4;
  p.replicas_up = 4.0;
  return p;
}

TEST(Serving, LightLoadIsThePrefillAndOneStep) {
  const auto out = serve(hand_plan(4 * 2000.0), 0, 4, 1);
  EXPECT_NEAR(static_cast<double>(out.requests), 8000.0, 5.0 * std::sqrt(8000.0));
  EXPECT_NEAR(out.ttft.quantile(0.5), 0.020, 0.020 * 0.006);
  EXPECT_NEAR(out.tpot.quantile(0.5), 0.010, 0.010 * 0.006);
  EXPECT_GT(static_cast<double>(out.within_slo) / static_cast<double>(out.requests), 0.95);
}

TEST(Serving, HeavierLoadQueuesAndMissesTargets) {
  // ~17 requests a second a replica at the peak: each prefill (20 ms) stalls
  // the batch's decode, a third of the time, so tokens come slower than 11 ms.
  const auto light = serve(hand_plan(4 * 20000.0), 0, 4, 1);
  const auto heavy = serve(hand_plan(4 * 1.0e6), 0, 4, 1);
  EXPECT_GT(heavy.ttft.quantile(0.9), light.ttft.quantile(0.9));
  EXPECT_GT(heavy.batch_time / heavy.busy_time, light.batch_time / light.busy_time);
  EXPECT_LT(static_cast<double>(heavy.within_slo) / static_cast<double>(heavy.requests),
            static_cast<double>(light.within_slo) / static_cast<double>(light.requests));
}

TEST(Serving, SameResultsHoweverReplicasAreSplit) {
  const auto plan = hand_plan(4 * 50000.0);
  const auto whole = serve(plan, 0, 4, 3);
  auto split = serve(plan, 0, 1, 3);
  split.merge(serve(plan, 1, 3, 3));
  EXPECT_EQ(whole.requests, split.requests);
  EXPECT_EQ(whole.within_slo, split.within_slo);
  EXPECT_TRUE(whole.ttft == split.ttft);
  EXPECT_TRUE(whole.tpot == split.tpot);
}

TEST_F(FleetFromData, DefaultFleetPlansAndServes) {
  auto plan = plan_fleet(run, world, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_GT(plan->accelerators(), 1'000'000);
  EXPECT_EQ(plan->rack_size % plan->node_size, 0);
  auto serving = plan_serving(run, world, -1, 0.9);
  ASSERT_TRUE(serving.ok());
  EXPECT_GT(serving->requests_per_day, 0.0);
  EXPECT_NEAR(serving->replicas_up, 0.9 * serving->replicas, 1e-9);
}

}  // namespace
}  // namespace w2t::ops
