#include "ops/serving.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <numbers>
#include <pcg_random.hpp>
#include <queue>
#include <random>
#include <vector>

#include "ops/fleet_plan.hpp"

namespace w2t::ops {
namespace {

// Serving streams start far above the fleet's replication streams.
constexpr std::uint64_t kServingStreams = std::uint64_t{1} << 40;

struct Waiting {
  double arrival;
  int output;
};

struct Decoding {
  double finish;  // the decode step count at which its last token is out
  double arrival, first_token;
  int output;
  bool operator>(const Decoding& o) const { return finish > o.finish; }
};

// The diurnal arrival rate in hour h of the day, per second: a cosine
// around the mean whose peak is peak_to_mean times the mean (capped so the
// trough stays at or above zero), the trough at midnight.
double hourly_rate(const ServingPlan& plan, int h) {
  const double mean = plan.requests_per_day / 86400.0 / plan.replicas_up;
  const double swing = std::min(plan.peak_to_mean - 1.0, 1.0);
  return mean * (1.0 - swing * std::cos(2.0 * std::numbers::pi * (h + 0.5) / 24.0));
}

class ReplicaRun {
 public:
  ReplicaRun(const ServingPlan& plan, std::uint64_t seed, int replica, ServingOutcome& out)
      : plan_(plan),
        out_(out),
        rng_(seed, kServingStreams + static_cast<std::uint64_t>(replica)),
        output_(1.0 / std::max(1.0, plan.output_tokens)) {
    for (int h = 0; h < 24; ++h) rate_[static_cast<std::size_t>(h)] = hourly_rate(plan, h);
    prefill_ = plan.replica.prefill(plan.input_tokens);
    capacity_ = plan.replica.kv_capacity();
    horizon_ = static_cast<double>(plan.horizon) / static_cast<double>(kSecond);
  }

  void run() {
    double arrival = next_arrival(0.0);
    for (;;) {
      const double done = next_completion();
      if (arrival < horizon_ && arrival <= done) {
        advance(arrival);
        queue_.push_back({arrival, 1 + output_(rng_)});
        ++out_.events;
        admit();
        arrival = next_arrival(arrival);
      } else if (done < kNone) {
        advance(done);
        complete();
        admit();
      } else {
        break;
      }
    }
  }

 private:
  static constexpr double kNone = std::numeric_limits<double>::infinity();

  // The next arrival after `t`: piecewise Poisson, memoryless across each hour's edge.
  double next_arrival(double t) {
    for (;;) {
      if (t >= horizon_) return kNone;
      const double hour_end = (std::floor(t / 3600.0) + 1.0) * 3600.0;
      const double rate = rate_[static_cast<std::size_t>(static_cast<long>(t / 3600.0) % 24)];
      if (rate > 0.0) {
        const double next = t + std::exponential_distribution<double>(rate)(rng_);
        if (next < hour_end) return next;
      }
      t = hour_end;
    }
  }

  [[nodiscard]] double step() const {
    return plan_.replica.step(static_cast<double>(batch_.size()), kv_mean_);
  }

  [[nodiscard]] double next_completion() const {
    if (batch_.empty()) return kNone;
    return std::max(now_, stalled_until_) + (batch_.top().finish - steps_) * step();
  }

  // Moves the clock to `t`: the batch decodes whenever no prefill stalls it.
  void advance(double t) {
    if (!batch_.empty()) {
      const double running = t - std::max(now_, stalled_until_);
      if (running > 0.0) {
        const double s = step();
        steps_ += running / s;
        out_.batch_time += running * static_cast<double>(batch_.size());
        out_.busy_time += running;
      }
    }
    now_ = t;
  }

  // A request's KV cache at its full length, reserved while it is admitted.
  [[nodiscard]] double kv_reserved(int output) const {
    return (plan_.input_tokens + output) * plan_.replica.kv_per_token;
  }
  // Its mean cache while decoding (the prompt and half its output), for the step time.
  [[nodiscard]] double kv_decoding(int output) const {
    return (plan_.input_tokens + output / 2.0) * plan_.replica.kv_per_token;
  }

  // Admits waiting requests while their KV caches fit (one at least, so no
  // request waits for ever); each prefill stalls the batch.
  void admit() {
    while (!queue_.empty()) {
      const Waiting w = queue_.front();
      const double need = kv_reserved(w.output);
      if (!batch_.empty() && kv_used_ + need > capacity_) return;
      queue_.pop_front();
      kv_used_ += need;
      kv_mean_ += kv_decoding(w.output);
      stalled_until_ = std::max(now_, stalled_until_) + prefill_;
      batch_.push({steps_ + (w.output - 1), w.arrival, stalled_until_, w.output});
    }
  }

  void complete() {
    const Decoding d = batch_.top();
    batch_.pop();
    steps_ = d.finish;  // exact, whatever rounding the advance took
    kv_used_ -= kv_reserved(d.output);
    kv_mean_ -= kv_decoding(d.output);
    if (batch_.empty()) kv_used_ = kv_mean_ = 0.0;  // no drift across idle periods
    const double ttft = d.first_token - d.arrival;
    const double tpot = d.output > 1 ? (now_ - d.first_token) / (d.output - 1) : 0.0;
    out_.ttft.add(ttft);
    out_.tpot.add(tpot);
    ++out_.requests;
    ++out_.events;
    if (ttft <= plan_.ttft_target && tpot <= plan_.tpot_target) ++out_.within_slo;
  }

  const ServingPlan& plan_;
  ServingOutcome& out_;
  pcg32 rng_;
  std::geometric_distribution<int> output_;
  std::array<double, 24> rate_{};
  double prefill_ = 0.0, capacity_ = 0.0, horizon_ = 0.0;
  double now_ = 0.0, stalled_until_ = 0.0;
  double steps_ = 0.0;  // decode steps taken since the start
  double kv_used_ = 0.0, kv_mean_ = 0.0;
  std::deque<Waiting> queue_;
  std::priority_queue<Decoding, std::vector<Decoding>, std::greater<>> batch_;
};

}  // namespace

void ServingOutcome::merge(const ServingOutcome& o) {
  ttft.merge(o.ttft);
  tpot.merge(o.tpot);
  requests += o.requests;
  within_slo += o.within_slo;
  batch_time += o.batch_time;
  busy_time += o.busy_time;
  events += o.events;
}

Expected<ServingPlan> plan_serving(const model::Run& run, const scenario::World& world, int month,
                                   double rack_availability) {
  const auto& chain = run.chain;
  const auto& inf = run.demand.inference;
  const int t = month >= 0 ? month : chain.span.size() - 1;
  const int a = most_installed(run, t);
  if (a < 0 || inf.segments.empty()) {
    return make_error(ErrorCode::infeasible,
                      "nothing to serve: no accelerator switched on or no demand segment", "--month",
                      "a month with accelerators switched on, and a demand segment");
  }
  // The segment with most requests a day.
  int best = -1;
  workload::ServedSegment sized;
  for (int k = 0; k < static_cast<int>(inf.segments.size()); ++k) {
    auto s = inf.size(chain, run.demand.workloads, run.params, k, a, t);
    if (!s) return s.error();
    if (best < 0 || s->queries_per_day > sized.queries_per_day) {
      best = k;
      sized = *s;
    }
  }
  auto replica = inf.replica(chain, run.demand.workloads, run.params, best, a, t);
  if (!replica) return replica.error();
  const auto& seg = inf.segments[static_cast<std::size_t>(best)];
  const auto& p = run.params;
  ServingPlan plan;
  plan.segment = seg.id;
  plan.model = inf.models[static_cast<std::size_t>(seg.model)].id;
  plan.accelerator = chain.accelerators[static_cast<std::size_t>(a)].id;
  plan.replica = *replica;
  plan.input_tokens = std::round(seg.input_tokens(p, t));
  plan.output_tokens = seg.output_tokens(p, t);
  plan.ttft_target = seg.ttft(p, t);
  plan.tpot_target = seg.tpot(p, t);
  plan.requests_per_day = sized.queries_per_day;
  plan.peak_to_mean = seg.peak_to_mean(p, t);
  const auto headroom = supply::Series::of(world.dataset, "reliability.serving_headroom", chain.span);
  const double extra = headroom.empty() ? 0.0 : headroom(p, t);
  plan.replicas = static_cast<int>(std::ceil(sized.accelerators_peak * (1.0 + extra) / plan.replica.domain));
  plan.replicas_up = std::max(1.0, plan.replicas * rack_availability);
  return plan;
}

ServingOutcome serve(const ServingPlan& plan, int first, int count, std::uint64_t seed,
                     std::atomic<std::uint64_t>* replicas_done, const std::atomic<bool>* stop) {
  ServingOutcome out;
  for (int r = first; r < first + count; ++r) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) break;
    ReplicaRun(plan, seed, r, out).run();
    if (replicas_done != nullptr) replicas_done->fetch_add(1, std::memory_order_relaxed);
  }
  return out;
}

}  // namespace w2t::ops
