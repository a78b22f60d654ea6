// The fleet: accelerators grouped site -> rack -> node, each failing in
// several modes (GPU, HBM, host, network, software, ...) at rates from the
// dataset, and a repair flow per site: detection, then either a reset with no
// crew, or a part swap by a crew on duty (shifts, travel to a barge) with a
// spare from the site's stock (base stock: one reordered at each demand and
// delivered a lead time later), then burn-in; sealed sites cannot be opened,
// so their failed accelerators are fenced off for good (fail-in-place). A training job runs on the
// largest site's first nodes with hot spares (ops/job.hpp).
//
// A node is down while any fault on it is open; its rack (a serving replica's
// scale-up domain) is up only while all its nodes are. Every accelerator has
// one pending failure event, so the queue holds as many events as there are
// accelerators; under the exponential law it is memoryless and picks its mode
// when it fires, under Weibull each mode keeps its own clock (docs/model.md,
// "Fleet operations").
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ops/job.hpp"

namespace w2t::ops {

// Time-to-failure laws, by name (an unknown name lists these).
struct FailureLaw {
  std::string_view name;
  std::string_view description;
  bool memoryless;
};
std::span<const FailureLaw> failure_laws();
const FailureLaw* find_failure_law(std::string_view name);

struct FailureMode {
  std::string id, name;
  double rate = 0.0;        // failures per accelerator-hour, on land
  bool swap = true;         // a crew swaps a part (else a reset brings the node back)
  bool uses_spare = false;  // the swap uses a spare accelerator
};

enum class SiteRepair { on_site, by_boat, none };

struct FleetSite {
  std::string id, name, type;
  SiteRepair repair = SiteRepair::on_site;
  int accelerators = 0;         // a whole number of nodes
  double failure_factor = 1.0;  // on every mode's rate
  int crews = 0;                // on duty during a shift
  Time shift = kDay;            // crews are on duty from the start of each day for this long
  Time transit = 0;             // added to each swap
  int spares = 0;               // accelerators in stock at the start
};

struct RepairTiming {
  Time detection = 0;         // failure to a fault being acted on
  Time reset = 0;             // a node back without a swap
  Time crew_work = 0;         // hands-on per swap
  Time burn_in = 0;           // after the swap, before the node is back
  Time spares_lead_time = 0;  // a spare used is replaced this much later
};

struct JobPlan {
  int accelerators = 0;  // 0: no job
  int site = 0;          // runs on this site's first nodes
  double hot_spare_share = 0.0;
  JobTiming timing;
};

struct FleetPlan {
  std::vector<FleetSite> sites;
  std::vector<FailureMode> modes;
  RepairTiming repair;
  const FailureLaw* law = nullptr;  // null: exponential
  double weibull_shape = 1.0;
  int node_size = 8;   // accelerators per node
  int rack_size = 72;  // accelerators per rack (a scale-up domain)
  JobPlan job;
  Time warmup = 0;  // simulated first and not counted, for repairs and spares to reach their steady state
  Time horizon = 365 * kDay;  // simulated and counted after the warm-up
  Time sample = kDay;         // the period of the availability and backlog series

  [[nodiscard]] std::int64_t accelerators() const;
  [[nodiscard]] double failure_rate() const;  // every mode's, per accelerator-hour on land
  [[nodiscard]] int job_nodes() const;        // the nodes the job runs on
  [[nodiscard]] int job_pool_nodes() const;   // those and its hot spares
};

struct SiteOutcome {
  double availability = 0.0;       // accelerator-time up over installed accelerator-time
  double rack_availability = 0.0;  // rack-time with every node up over rack-time
  std::uint64_t failures = 0, swaps = 0, resets = 0;
  std::uint64_t spares_used = 0;
  std::uint64_t stockouts = 0;  // swaps that found no spare and waited
  std::uint64_t retired = 0;    // accelerators failed in place
  double backlog_mean = 0.0;    // faults waiting for a crew or a spare, time-averaged
  std::uint64_t backlog_max = 0;
  double repair_hours = 0.0;  // mean time from a failure to its fault closed
};

struct JobOutcome {
  std::uint64_t interruptions = 0;
  std::uint64_t waits = 0;  // interruptions that found no hot spare
  double mtbi_hours = 0.0;
  double goodput = 0.0;  // saved work over the horizon
  double lost_gpu_hours = 0.0;
};

struct FleetOutcome {
  std::vector<SiteOutcome> sites;
  std::vector<std::uint64_t> failures_by_mode;
  std::vector<double> availability_series;  // the fleet's, each sample period
  std::vector<double> backlog_series;       // faults waiting at each period's end
  double availability = 0.0;
  double rack_availability = 0.0;
  JobOutcome job;
  std::uint64_t events = 0;
  Time simulated = 0;  // after the warm-up; less than the horizon when stopped
};

// Progress and stop, shared with the threads running replications.
struct FleetControl {
  std::atomic<std::uint64_t>* periods_done = nullptr;  // incremented each sample period
  const std::atomic<bool>* stop = nullptr;             // true: end at the next period
};

// One replication from stream (seed, replication). The plan must be valid
// (ops/fleet_plan.hpp checks it).
FleetOutcome simulate(const FleetPlan& plan, std::uint64_t seed, std::uint64_t replication,
                      FleetControl control = {});

}  // namespace w2t::ops
