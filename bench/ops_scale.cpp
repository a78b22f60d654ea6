// The fleet simulation and serving at Stargate scale (docs/performance.md):
//   w2t_ops_scale fleet ACCELERATORS DAYS        one replication on one core
//   w2t_ops_scale serving REQUESTS_PER_DAY THREADS  every replica, a day
// The default scenario's fleet and serving plan, scaled: each site's
// accelerators in proportion (whole nodes), or the replicas in proportion to
// the requests. Prints wall seconds, events and peak RSS (kB).
#include <fmt/format.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "ops/fleet_plan.hpp"
#include "ops/serving.hpp"

using namespace w2t;

namespace {

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    fmt::print(stderr, "usage: w2t_ops_scale fleet ACCELERATORS DAYS | serving REQUESTS_PER_DAY THREADS\n");
    return 2;
  }
  const std::string mode = argv[1];
  const double size = std::stod(argv[2]);
  Diagnostics diag;
  auto world = scenario::load_world({}, {}, diag);
  auto run = model::run(world);
  if (!diag.empty() || !run) return 1;
  ops::FleetOptions options;
  options.horizon = static_cast<ops::Time>(std::stod(argv[3]) * static_cast<double>(ops::kDay));
  auto plan = ops::plan_fleet(*run, world, options);
  if (!plan) return 1;
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t events = 0;
  if (mode == "fleet") {
    const double scale = size / static_cast<double>(plan->accelerators());
    for (auto& s : plan->sites) {
      s.accelerators =
          static_cast<int>(std::lround(s.accelerators * scale / plan->node_size)) * plan->node_size;
      s.crews = static_cast<int>(std::ceil(s.crews * scale));
      s.spares = static_cast<int>(std::ceil(s.spares * scale));
    }
    const auto out = ops::simulate(*plan, 1, 0);
    events = out.events;
    fmt::print("accelerators {} availability {:.5f} failures {}\n", plan->accelerators(), out.availability,
               out.sites.empty() ? 0 : out.sites[0].failures);
  } else {
    auto serving = ops::plan_serving(*run, world, -1, 1.0);
    if (!serving) return 1;
    const double scale = size / serving->requests_per_day;
    serving->requests_per_day = size;
    serving->replicas = static_cast<int>(std::ceil(serving->replicas * scale));
    serving->replicas_up = serving->replicas;
    const int threads = static_cast<int>(std::stod(argv[3]));
    std::vector<ops::ServingOutcome> parts(static_cast<std::size_t>(threads));
    std::atomic<int> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (int r = next++; r < serving->replicas; r = next++) {
          parts[static_cast<std::size_t>(t)].merge(ops::serve(*serving, r, 1, 1));
        }
      });
    }
    for (auto& th : pool) th.join();
    ops::ServingOutcome all;
    for (const auto& p : parts) all.merge(p);
    events = all.events;
    fmt::print("replicas {} requests {} ttft_p99_ms {:.1f} tpot_p99_ms {:.2f} slo {:.4f}\n",
               serving->replicas, all.requests, 1e3 * all.ttft.quantile(0.99), 1e3 * all.tpot.quantile(0.99),
               static_cast<double>(all.within_slo) / static_cast<double>(all.requests));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("{} {} events in {:.2f} s, peak RSS {} kB\n", mode, events, seconds, peak_rss_kb());
  return 0;
}
