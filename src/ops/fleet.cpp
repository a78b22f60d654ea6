#include "ops/fleet.hpp"

#include <algorithm>
#include <array>
#include <boost/random/exponential_distribution.hpp>
#include <cmath>
#include <deque>
#include <pcg_random.hpp>
#include <random>

#include "ops/simulator.hpp"

namespace w2t::ops {
namespace {

constexpr std::array kLaws = {
    FailureLaw{"exponential", "constant hazard: memoryless, the rate alone", true},
    FailureLaw{"weibull", "hazard that falls (shape < 1) or rises (shape > 1) with a part's age", false},
};

enum Kind : std::uint32_t {
  kFailure,       // target: accelerator
  kDetected,      // target: fault
  kCrewDone,      // target: fault
  kClosed,        // target: fault: its node may come back
  kShiftStart,    // target: site
  kSpareArrives,  // target: site
  kSample,
  kWarmedUp,
  kJobEvents,  // and kJobEvents + 1: the training job's (ops/job.hpp)
};

struct Fault {
  std::uint32_t accelerator = 0;
  std::uint32_t mode = 0;
  Time failed = 0;
  Time detected = 0;
};

struct SiteState {
  std::uint32_t first_node = 0, nodes = 0, first_rack = 0, racks = 0;
  std::int64_t up = 0;                                        // accelerators on nodes that are up
  std::int64_t racks_up = 0;                                  // racks with every node up
  double up_time = 0.0, rack_time = 0.0, backlog_time = 0.0;  // integrals since the start
  double up_mark = 0.0;                                       // up_time at the last sample
  Time last = 0;
  int idle_crews = 0;
  std::int64_t spares = 0;
  std::deque<std::uint32_t> waiting;        // faults queued for a crew, needing no spare
  std::deque<std::uint32_t> waiting_spare;  // ... and needing a spare accelerator
  double repair_time = 0.0;
  std::uint64_t closed = 0;
  SiteOutcome out;

  [[nodiscard]] std::size_t backlog() const { return waiting.size() + waiting_spare.size(); }
};

class FleetRun {
 public:
  FleetRun(const FleetPlan& plan, std::uint64_t seed, std::uint64_t replication, FleetControl control);
  FleetOutcome run();

 private:
  void handle(const Event& e);
  void fail(std::uint32_t accelerator);
  void detected(std::uint32_t fault);
  void dispatch(std::uint32_t site);
  void crew_done(std::uint32_t fault);
  void close(std::uint32_t fault);
  void sample();
  void warmed_up();
  void node_down(std::uint32_t node);
  void node_up(std::uint32_t node);
  void retire(std::uint32_t accelerator);
  void account(SiteState& s);
  void schedule_failure(std::uint32_t accelerator);
  Time draw(double rate);

  [[nodiscard]] std::uint32_t node_of(std::uint32_t accelerator) const {
    return accelerator / static_cast<std::uint32_t>(plan_.node_size);
  }
  [[nodiscard]] std::uint32_t rack_of(const SiteState& s, std::uint32_t node) const {
    return s.first_rack + (node - s.first_node) / nodes_per_rack_;
  }
  [[nodiscard]] bool on_duty(const FleetSite& site) const { return sim_.now() % kDay < site.shift; }
  std::uint32_t new_fault(const Fault& f);

  const FleetPlan& plan_;
  FleetControl control_;
  pcg32 rng_;
  Simulator<FourAryHeapQueue> sim_;
  std::uint32_t accelerators_ = 0;
  std::uint32_t nodes_per_rack_ = 1;
  std::vector<double> cumulative_;     // [mode] cumulative land rate, for the memoryless law
  double total_rate_ = 0.0;            // per accelerator-hour, land
  std::vector<double> weibull_scale_;  // [mode] hours
  std::vector<Time> clocks_;           // [accelerator * modes + mode] next failure (Weibull)
  std::vector<std::uint16_t> site_of_node_;
  std::vector<std::uint16_t> open_faults_;  // [node]
  std::vector<std::uint8_t> live_;          // [node] accelerators not failed in place
  std::vector<std::uint8_t> dead_;          // [accelerator] failed in place
  std::vector<std::uint32_t> rack_down_;    // [rack] nodes down (for ever while one is short)
  std::vector<SiteState> sites_;
  std::vector<Fault> faults_;
  std::vector<std::uint32_t> free_faults_;
  FleetOutcome out_;

  // The training job: pool nodes [0, pool) of its site, the first `needed` in it.
  Job job_;
  std::uint32_t job_first_ = 0, job_pool_ = 0, job_needed_ = 0, job_members_ = 0;
  std::vector<std::uint8_t> in_job_;          // [pool node]
  std::vector<std::uint32_t> idle_spares_;    // pool nodes up and not in the job
  std::vector<std::uint32_t> idle_position_;  // [pool node] in idle_spares_, or kNotIdle
};

constexpr std::uint32_t kNotIdle = ~0U;

FleetRun::FleetRun(const FleetPlan& plan, std::uint64_t seed, std::uint64_t replication, FleetControl control)
    : plan_(plan), control_(control), rng_(seed, replication), job_(plan.job.timing, kJobEvents, 0) {
  const auto modes = plan.modes.size();
  for (const auto& m : plan.modes) {
    total_rate_ += m.rate;
    cumulative_.push_back(total_rate_);
  }
  const bool memoryless = plan.law == nullptr || plan.law->memoryless;
  if (!memoryless) {
    const double gamma = std::tgamma(1.0 + 1.0 / plan.weibull_shape);
    for (const auto& m : plan.modes) weibull_scale_.push_back(m.rate > 0.0 ? 1.0 / m.rate / gamma : 1e300);
  }
  std::uint32_t node = 0, rack = 0;
  nodes_per_rack_ = static_cast<std::uint32_t>(std::max(1, plan.rack_size / plan.node_size));
  for (std::size_t s = 0; s < plan.sites.size(); ++s) {
    const auto& site = plan.sites[s];
    SiteState st;
    st.first_node = node;
    st.nodes = static_cast<std::uint32_t>(site.accelerators / plan.node_size);
    st.first_rack = rack;
    st.racks = (st.nodes + nodes_per_rack_ - 1) / nodes_per_rack_;
    st.up = site.accelerators;
    st.racks_up = st.racks;
    st.idle_crews = site.crews;
    st.spares = site.spares;
    node += st.nodes;
    rack += st.racks;
    site_of_node_.resize(node, static_cast<std::uint16_t>(s));
    sites_.push_back(std::move(st));
  }
  accelerators_ = node * static_cast<std::uint32_t>(plan.node_size);
  open_faults_.assign(node, 0);
  live_.assign(node, static_cast<std::uint8_t>(plan.node_size));
  dead_.assign(accelerators_, 0);
  rack_down_.assign(rack, 0);
  out_.failures_by_mode.assign(modes, 0);
  // One cancellation slot per accelerator (its failure event), and slot 0 of
  // the job: accelerator slots start at 1.
  sim_.reserve(accelerators_ + 1024, accelerators_ + 1);
  if (!memoryless) clocks_.assign(static_cast<std::size_t>(accelerators_) * modes, kNever);

  if (plan.job.accelerators > 0) {
    const auto& st = sites_[static_cast<std::size_t>(plan.job.site)];
    job_first_ = st.first_node;
    job_needed_ = static_cast<std::uint32_t>(plan.job_nodes());
    job_pool_ = static_cast<std::uint32_t>(plan.job_pool_nodes());
    in_job_.assign(job_pool_, 0);
    idle_position_.assign(job_pool_, kNotIdle);
    for (std::uint32_t i = 0; i < job_pool_; ++i) {
      if (i < job_needed_) {
        in_job_[i] = 1;
      } else {
        idle_position_[i] = static_cast<std::uint32_t>(idle_spares_.size());
        idle_spares_.push_back(i);
      }
    }
    job_members_ = job_needed_;
  }
}

// A time to failure of `hours`, in whole microseconds; never for none (a zero rate).
Time after(double hours) {
  constexpr double kLongest = 1e9;  // hours (114,000 years): beyond any horizon, within Time
  return hours < kLongest ? std::max<Time>(1, static_cast<Time>(hours * static_cast<double>(kHour))) : kNever;
}

// An exponential time to failure at `rate` per hour (Boost's ziggurat, no logarithm).
Time FleetRun::draw(double rate) {
  if (!(rate > 0.0)) return kNever;
  return after(boost::random::exponential_distribution<double>()(rng_) / rate);
}

void FleetRun::schedule_failure(std::uint32_t a) {
  const double factor = plan_.sites[site_of_node_[node_of(a)]].failure_factor;
  if (clocks_.empty()) {
    const Time delay = draw(total_rate_ * factor);
    if (delay != kNever) sim_.schedule_in(delay, kFailure, a, a + 1);
    return;
  }
  const auto modes = plan_.modes.size();
  Time next = kNever;
  for (std::size_t m = 0; m < modes; ++m) next = std::min(next, clocks_[a * modes + m]);
  if (next != kNever) sim_.schedule_at(next, kFailure, a, a + 1);
}

std::uint32_t FleetRun::new_fault(const Fault& f) {
  if (free_faults_.empty()) {
    faults_.push_back(f);
    return static_cast<std::uint32_t>(faults_.size() - 1);
  }
  const auto id = free_faults_.back();
  free_faults_.pop_back();
  faults_[id] = f;
  return id;
}

void FleetRun::account(SiteState& s) {
  const auto dt = static_cast<double>(sim_.now() - s.last);
  s.up_time += static_cast<double>(s.up) * dt;
  s.rack_time += static_cast<double>(s.racks_up) * dt;
  s.backlog_time += static_cast<double>(s.backlog()) * dt;
  s.last = sim_.now();
}

void FleetRun::fail(std::uint32_t a) {
  const auto node = node_of(a);
  const auto site = site_of_node_[node];
  std::uint32_t mode = 0;
  if (clocks_.empty()) {
    std::uniform_real_distribution<double> pick(0.0, total_rate_);
    const double u = pick(rng_);
    mode = static_cast<std::uint32_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), u) -
                                      cumulative_.begin());
    mode = std::min<std::uint32_t>(mode, static_cast<std::uint32_t>(plan_.modes.size() - 1));
    schedule_failure(a);  // memoryless: the next failure does not wait for the repair
  } else {
    const auto modes = plan_.modes.size();
    const auto first = clocks_.begin() + static_cast<std::ptrdiff_t>(a * modes);
    mode = static_cast<std::uint32_t>(std::min_element(first, first + static_cast<std::ptrdiff_t>(modes)) -
                                      first);
    clocks_[a * modes + mode] = kNever;  // the failed part's clock restarts when it is replaced
    schedule_failure(a);
  }
  ++out_.failures_by_mode[mode];
  auto& s = sites_[site];
  ++s.out.failures;
  account(s);
  if (open_faults_[node]++ == 0) node_down(node);
  const auto id = new_fault({a, mode, sim_.now(), 0});
  sim_.schedule_in(plan_.repair.detection, kDetected, id);
}

void FleetRun::detected(std::uint32_t id) {
  auto& f = faults_[id];
  f.detected = sim_.now();
  const auto& mode = plan_.modes[f.mode];
  const auto site = site_of_node_[node_of(f.accelerator)];
  auto& s = sites_[site];
  if (!mode.swap) {
    ++s.out.resets;
    sim_.schedule_in(plan_.repair.reset, kClosed, id);
    return;
  }
  if (plan_.sites[site].repair == SiteRepair::none) {
    // Fail in place: an accelerator's own fault fences it off; a host or
    // network fault loses the node. The node comes back without them.
    retire(f.accelerator);
    if (!mode.uses_spare) {
      const auto node = node_of(f.accelerator);
      const auto first = node * static_cast<std::uint32_t>(plan_.node_size);
      for (std::uint32_t a = first; a < first + static_cast<std::uint32_t>(plan_.node_size); ++a) retire(a);
    }
    sim_.schedule_in(plan_.repair.reset, kClosed, id);
    return;
  }
  account(s);
  if (mode.uses_spare) {
    // Base stock: each demand reorders one, so stock on hand and on order stays the initial stock.
    if (s.spares == 0) ++s.out.stockouts;
    sim_.schedule_in(plan_.repair.spares_lead_time, kSpareArrives, site);
    s.waiting_spare.push_back(id);
  } else {
    s.waiting.push_back(id);
  }
  s.out.backlog_max = std::max<std::uint64_t>(s.out.backlog_max, s.backlog());
  dispatch(site);
}

void FleetRun::retire(std::uint32_t a) {
  if (dead_[a] != 0) return;
  dead_[a] = 1;
  sim_.cancel(a + 1);
  const auto node = node_of(a);
  auto& s = sites_[site_of_node_[node]];
  account(s);
  --live_[node];
  ++s.out.retired;
  if (open_faults_[node] == 0) --s.up;  // (a node with a fault open is not counted up)
}

void FleetRun::dispatch(std::uint32_t site) {
  const auto& plan = plan_.sites[site];
  auto& s = sites_[site];
  if (!on_duty(plan)) return;
  while (s.idle_crews > 0) {
    const bool plain = !s.waiting.empty();
    const bool spare = !s.waiting_spare.empty() && s.spares > 0;
    if (!plain && !spare) return;
    // The longest waiting first, of those that can start.
    const bool take_spare =
        spare && (!plain || faults_[s.waiting_spare.front()].detected <= faults_[s.waiting.front()].detected);
    account(s);
    std::uint32_t id = 0;
    if (take_spare) {
      id = s.waiting_spare.front();
      s.waiting_spare.pop_front();
      --s.spares;
      ++s.out.spares_used;
    } else {
      id = s.waiting.front();
      s.waiting.pop_front();
    }
    --s.idle_crews;
    ++s.out.swaps;
    sim_.schedule_in(plan_.repair.crew_work + plan.transit, kCrewDone, id);
  }
}

void FleetRun::crew_done(std::uint32_t id) {
  const auto site = site_of_node_[node_of(faults_[id].accelerator)];
  ++sites_[site].idle_crews;
  sim_.schedule_in(plan_.repair.burn_in, kClosed, id);
  dispatch(site);
}

void FleetRun::close(std::uint32_t id) {
  const auto f = faults_[id];
  free_faults_.push_back(id);
  const auto node = node_of(f.accelerator);
  auto& s = sites_[site_of_node_[node]];
  s.repair_time += hours(sim_.now() - f.failed);
  ++s.closed;
  if (!clocks_.empty() && dead_[f.accelerator] == 0) {
    // The replaced part (or the reset software) starts a new life now.
    const auto modes = plan_.modes.size();
    std::weibull_distribution<double> life(plan_.weibull_shape, weibull_scale_[f.mode]);
    const double factor = plan_.sites[site_of_node_[node]].failure_factor;
    const Time next = after(life(rng_) / factor);
    clocks_[f.accelerator * modes + f.mode] = next == kNever ? kNever : sim_.now() + next;
    sim_.cancel(f.accelerator + 1);
    schedule_failure(f.accelerator);
  }
  account(s);
  if (--open_faults_[node] == 0) node_up(node);
}

void FleetRun::node_down(std::uint32_t node) {
  auto& s = sites_[site_of_node_[node]];
  s.up -= live_[node];
  const auto rack = rack_of(s, node);
  if (rack_down_[rack]++ == 0) --s.racks_up;
  if (job_pool_ == 0 || node < job_first_ || node >= job_first_ + job_pool_) return;
  const auto i = node - job_first_;
  if (in_job_[i] == 0) {  // an idle spare (or a node short of accelerators): out of the pool until it is back
    const auto at = idle_position_[i];
    if (at == kNotIdle) return;
    idle_spares_[at] = idle_spares_.back();
    idle_position_[idle_spares_[at]] = at;
    idle_spares_.pop_back();
    idle_position_[i] = kNotIdle;
    return;
  }
  in_job_[i] = 0;
  --job_members_;
  if (job_.waiting()) return;  // stopped already: it waits for a node to come back
  if (!idle_spares_.empty()) {
    const auto spare = idle_spares_.back();
    idle_spares_.pop_back();
    idle_position_[spare] = kNotIdle;
    in_job_[spare] = 1;
    ++job_members_;
    job_.interrupt(sim_, true);
  } else {
    ++out_.job.waits;
    job_.interrupt(sim_, false);
  }
}

void FleetRun::node_up(std::uint32_t node) {
  auto& s = sites_[site_of_node_[node]];
  s.up += live_[node];
  const auto rack = rack_of(s, node);
  // A node short of accelerators (failed in place) keeps its rack, a scale-up domain, down.
  if (live_[node] == plan_.node_size && --rack_down_[rack] == 0) ++s.racks_up;
  if (job_pool_ == 0 || node < job_first_ || node >= job_first_ + job_pool_) return;
  const auto i = node - job_first_;
  if (live_[node] < plan_.node_size) return;  // a node short of accelerators cannot join the job
  if (job_members_ < job_needed_) {
    in_job_[i] = 1;
    if (++job_members_ == job_needed_) job_.resume(sim_);
    return;
  }
  idle_position_[i] = static_cast<std::uint32_t>(idle_spares_.size());
  idle_spares_.push_back(i);
}

void FleetRun::sample() {
  double up = 0.0;
  std::size_t backlog = 0;
  for (auto& s : sites_) {
    account(s);
    up += s.up_time - s.up_mark;
    s.up_mark = s.up_time;
    backlog += s.backlog();
  }
  const auto installed = static_cast<double>(plan_.accelerators());
  const auto period = static_cast<double>(plan_.sample);
  out_.availability_series.push_back(installed > 0.0 ? up / (installed * period) : 1.0);
  out_.backlog_series.push_back(static_cast<double>(backlog));
  if (control_.periods_done != nullptr) control_.periods_done->fetch_add(1, std::memory_order_relaxed);
  if (control_.stop != nullptr && control_.stop->load(std::memory_order_relaxed)) {
    sim_.stop();
    return;
  }
  sim_.schedule_in(plan_.sample, kSample, 0);
}

// The end of the warm-up: what was counted so far is forgotten, the state kept.
void FleetRun::warmed_up() {
  for (auto& s : sites_) {
    account(s);
    s.up_time = s.rack_time = s.backlog_time = s.up_mark = 0.0;
    s.repair_time = 0.0;
    s.closed = 0;
    s.out = {};
    s.out.backlog_max = s.backlog();
  }
  std::fill(out_.failures_by_mode.begin(), out_.failures_by_mode.end(), 0);
  job_.restart_counting(sim_.now());
}

void FleetRun::handle(const Event& e) {
  switch (e.kind) {
    case kFailure: fail(e.target); break;
    case kDetected: detected(e.target); break;
    case kCrewDone: crew_done(e.target); break;
    case kClosed: close(e.target); break;
    case kShiftStart:
      dispatch(e.target);
      sim_.schedule_in(kDay, kShiftStart, e.target);
      break;
    case kSpareArrives:
      ++sites_[e.target].spares;
      dispatch(e.target);
      break;
    case kSample: sample(); break;
    case kWarmedUp: warmed_up(); break;
    default: job_.handle(e, sim_); break;  // the job runs until the horizon
  }
}

FleetOutcome FleetRun::run() {
  const auto modes = plan_.modes.size();
  for (std::uint32_t a = 0; a < accelerators_; ++a) {
    if (!clocks_.empty()) {
      const double factor = plan_.sites[site_of_node_[node_of(a)]].failure_factor;
      for (std::size_t m = 0; m < modes; ++m) {
        std::weibull_distribution<double> life(plan_.weibull_shape, weibull_scale_[m]);
        clocks_[a * modes + m] = after(life(rng_) / factor);
      }
    }
    schedule_failure(a);
  }
  for (std::uint32_t s = 0; s < sites_.size(); ++s) {
    if (plan_.sites[s].shift < kDay && plan_.sites[s].repair != SiteRepair::none) {
      sim_.schedule_at(kDay, kShiftStart, s);
    }
  }
  if (plan_.warmup > 0) sim_.schedule_at(plan_.warmup, kWarmedUp, 0);
  sim_.schedule_at(plan_.warmup + plan_.sample, kSample, 0);
  if (job_pool_ > 0) job_.start(sim_);
  out_.events = sim_.run_until(plan_.warmup + plan_.horizon, [this](const Event& e) { handle(e); });
  const Time end = std::max<Time>(0, sim_.now() - plan_.warmup);  // measured, after the warm-up
  // The period that ends at the horizon (its sample event is not before it).
  if (end >= plan_.horizon && static_cast<Time>(out_.availability_series.size()) * plan_.sample < end)
    sample();
  out_.simulated = end;

  double up = 0.0, racks = 0.0, rack_count = 0.0;
  for (std::size_t k = 0; k < sites_.size(); ++k) {
    auto& s = sites_[k];
    account(s);
    const auto span = static_cast<double>(end);
    const auto acc = static_cast<double>(plan_.sites[k].accelerators);
    s.out.availability = acc > 0.0 && span > 0.0 ? s.up_time / (acc * span) : 1.0;
    s.out.rack_availability = s.racks > 0 && span > 0.0 ? s.rack_time / (s.racks * span) : 1.0;
    s.out.backlog_mean = span > 0.0 ? s.backlog_time / span : 0.0;
    s.out.repair_hours = s.closed > 0 ? s.repair_time / static_cast<double>(s.closed) : 0.0;
    up += s.up_time;
    racks += s.rack_time;
    rack_count += s.racks;
    out_.sites.push_back(s.out);
  }
  const auto installed = static_cast<double>(plan_.accelerators());
  out_.availability = installed > 0.0 && end > 0 ? up / (installed * static_cast<double>(end)) : 1.0;
  out_.rack_availability =
      rack_count > 0.0 && end > 0 ? racks / (rack_count * static_cast<double>(end)) : 1.0;
  if (job_pool_ > 0) {
    auto& j = out_.job;
    j.interruptions = job_.interruptions();
    j.mtbi_hours = j.interruptions > 0 ? hours(end) / static_cast<double>(j.interruptions) : 0.0;
    j.goodput = end > 0 ? static_cast<double>(job_.saved()) / static_cast<double>(end) : 0.0;
    j.lost_gpu_hours = hours(job_.lost()) * plan_.job.accelerators;
  }
  return std::move(out_);
}

}  // namespace

std::span<const FailureLaw> failure_laws() {
  return kLaws;
}

const FailureLaw* find_failure_law(std::string_view name) {
  for (const auto& law : kLaws) {
    if (law.name == name) return &law;
  }
  return nullptr;
}

std::int64_t FleetPlan::accelerators() const {
  std::int64_t n = 0;
  for (const auto& s : sites) n += s.accelerators;
  return n;
}

double FleetPlan::failure_rate() const {
  double rate = 0.0;
  for (const auto& m : modes) rate += m.rate;
  return rate;
}

int FleetPlan::job_nodes() const {
  return job.accelerators > 0 ? (job.accelerators + node_size - 1) / node_size : 0;
}

int FleetPlan::job_pool_nodes() const {
  const int needed = job_nodes();
  return needed + static_cast<int>(std::ceil(needed * job.hot_spare_share));
}

FleetOutcome simulate(const FleetPlan& plan, std::uint64_t seed, std::uint64_t replication,
                      FleetControl control) {
  FleetRun run(plan, seed, replication, control);
  return run.run();
}

}  // namespace w2t::ops
