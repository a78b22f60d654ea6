#include "io/ops_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "ops/training_job.hpp"

namespace w2t::io {
namespace {

using nlohmann::json;

using ops::hours;

// Mean, P5 and P95 of one figure over the replications (linear between order statistics).
struct Spread {
  double mean = 0.0, p5 = 0.0, p95 = 0.0;
};

Spread spread(std::vector<double> v) {
  Spread s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  double sum = 0.0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  const auto at = [&](double q) {
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto i = static_cast<std::size_t>(pos);
    const double w = pos - static_cast<double>(i);
    return i + 1 < v.size() ? v[i] + w * (v[i + 1] - v[i]) : v[i];
  };
  s.p5 = at(0.05);
  s.p95 = at(0.95);
  return s;
}

Spread over(const OpsStudy& s, const std::function<double(const ops::FleetOutcome&)>& figure) {
  std::vector<double> v;
  for (const auto& r : s.replications) v.push_back(figure(r));
  return spread(std::move(v));
}

json to_json(const Spread& s) {
  return {{"mean", s.mean}, {"p5", s.p5}, {"p95", s.p95}};
}

const char* repair_name(ops::SiteRepair r) {
  switch (r) {
    case ops::SiteRepair::on_site: return "on_site";
    case ops::SiteRepair::by_boat: return "by_boat";
    case ops::SiteRepair::none: return "none";
  }
  return "";
}

// The mean over replications of a series, period by period (the shortest run's length).
std::vector<double> mean_series(const OpsStudy& s, std::vector<double> ops::FleetOutcome::*series) {
  std::vector<double> out;
  if (s.replications.empty()) return out;
  std::size_t n = (s.replications.front().*series).size();
  for (const auto& r : s.replications) n = std::min(n, (r.*series).size());
  out.assign(n, 0.0);
  for (const auto& r : s.replications) {
    for (std::size_t i = 0; i < n; ++i) out[i] += (r.*series)[i] / static_cast<double>(s.replications.size());
  }
  return out;
}

json serving_json(const OpsStudy& s) {
  if (!s.serving) return nullptr;
  const auto& p = *s.serving;
  const auto& o = s.served;
  const auto ms = [](const QuantileSketch& q) {
    return json{
        {"p50", 1e3 * q.quantile(0.50)}, {"p90", 1e3 * q.quantile(0.90)}, {"p99", 1e3 * q.quantile(0.99)}};
  };
  const double requests = static_cast<double>(o.requests);
  return {{"segment", p.segment},
          {"model", p.model},
          {"accelerator", p.accelerator},
          {"domain", p.replica.domain},
          {"replicas", p.replicas},
          {"replicas_up", p.replicas_up},
          {"replicas_simulated", s.replicas_simulated},
          {"requests_per_day", p.requests_per_day},
          {"requests_simulated", o.requests},
          {"ttft_ms", ms(o.ttft)},
          {"tpot_ms", ms(o.tpot)},
          {"ttft_target_ms", 1e3 * p.ttft_target},
          {"tpot_target_ms", 1e3 * p.tpot_target},
          {"slo_attainment", requests > 0.0 ? static_cast<double>(o.within_slo) / requests : 0.0},
          {"mean_batch", o.busy_time > 0.0 ? o.batch_time / o.busy_time : 0.0},
          {"capacity_lost_to_failures", p.replicas > 0 ? 1.0 - p.replicas_up / p.replicas : 0.0}};
}

}  // namespace

json ops_json(const OpsStudy& s) {
  const auto& plan = s.fleet;
  json by_site = json::object();
  for (std::size_t k = 0; k < plan.sites.size(); ++k) {
    const auto& site = plan.sites[k];
    const auto figure = [&](auto field) {
      return to_json(
          over(s, [&](const ops::FleetOutcome& r) { return static_cast<double>(r.sites[k].*field); }));
    };
    by_site[site.id] = {{"name", site.name},
                        {"type", site.type},
                        {"repair", repair_name(site.repair)},
                        {"accelerators", site.accelerators},
                        {"crews", site.crews},
                        {"spares", site.spares},
                        {"availability", figure(&ops::SiteOutcome::availability)},
                        {"rack_availability", figure(&ops::SiteOutcome::rack_availability)},
                        {"failures", figure(&ops::SiteOutcome::failures)},
                        {"swaps", figure(&ops::SiteOutcome::swaps)},
                        {"resets", figure(&ops::SiteOutcome::resets)},
                        {"spares_used", figure(&ops::SiteOutcome::spares_used)},
                        {"stockouts", figure(&ops::SiteOutcome::stockouts)},
                        {"failed_in_place", figure(&ops::SiteOutcome::retired)},
                        {"backlog_mean", figure(&ops::SiteOutcome::backlog_mean)},
                        {"backlog_max", figure(&ops::SiteOutcome::backlog_max)},
                        {"repair_hours", figure(&ops::SiteOutcome::repair_hours)}};
  }
  json failures = json::object();
  for (std::size_t m = 0; m < plan.modes.size(); ++m) {
    auto f = to_json(
        over(s, [&](const ops::FleetOutcome& r) { return static_cast<double>(r.failures_by_mode[m]); }));
    f["name"] = plan.modes[m].name;
    failures[plan.modes[m].id] = std::move(f);
  }
  const auto sum_sites = [&](auto field) {
    return over(s, [&](const ops::FleetOutcome& r) {
      double total = 0.0;
      for (const auto& site : r.sites) total += static_cast<double>(site.*field);
      return total;
    });
  };
  const auto job = [&](auto figure) { return over(s, figure); };
  const auto interruptions = job([](const auto& r) { return static_cast<double>(r.job.interruptions); });
  const auto mtbi = job([](const auto& r) { return r.job.mtbi_hours; });
  const auto goodput = job([](const auto& r) { return r.job.goodput; });
  const auto lost = job([](const auto& r) { return r.job.lost_gpu_hours; });
  std::uint64_t events = s.served.events;
  for (const auto& r : s.replications) events += r.events;
  const auto availability = over(s, [](const auto& r) { return r.availability; });
  json out = {
      {"scenario", s.scenario},
      {"month", s.month},
      {"days", hours(plan.horizon) / 24.0},
      {"warmup_days", hours(plan.warmup) / 24.0},
      {"replications", s.replications.size()},
      {"seed", s.seed},
      {"failure_law", plan.law != nullptr ? std::string(plan.law->name) : "exponential"},
      {"fleet",
       {{"accelerators", plan.accelerators()}, {"node_size", plan.node_size}, {"rack_size", plan.rack_size}}},
      {"availability",
       {{"mean", availability.mean},
        {"p5", availability.p5},
        {"p95", availability.p95},
        {"racks", to_json(over(s, [](const auto& r) { return r.rack_availability; }))},
        {"daily", mean_series(s, &ops::FleetOutcome::availability_series)},
        {"by_site", std::move(by_site)}}},
      {"failures_by_component", std::move(failures)},
      {"repair_backlog",
       {{"mean", to_json(sum_sites(&ops::SiteOutcome::backlog_mean))},
        {"daily", mean_series(s, &ops::FleetOutcome::backlog_series)}}},
      {"spares_used", to_json(sum_sites(&ops::SiteOutcome::spares_used))},
      {"interruptions", interruptions.mean},
      {"mtbi_hours", mtbi.mean},
      {"goodput", goodput.mean},
      {"lost_gpu_hours", lost.mean},
      {"job", plan.job.accelerators > 0
                  ? json{{"accelerators", plan.job.accelerators},
                         {"site", plan.sites[static_cast<std::size_t>(plan.job.site)].id},
                         {"hot_spare_nodes", plan.job_pool_nodes() - plan.job_nodes()},
                         {"checkpoint_interval_minutes", hours(plan.job.timing.interval) * 60.0},
                         {"expected_goodput", ops::expected_goodput(ops::training_job(plan))},
                         {"interruptions", to_json(interruptions)},
                         {"mtbi_hours", to_json(mtbi)},
                         {"goodput", to_json(goodput)},
                         {"lost_gpu_hours", to_json(lost)},
                         {"waits_for_spare",
                          to_json(job([](const auto& r) { return static_cast<double>(r.job.waits); }))}}
                  : json(nullptr)},
      {"serving", serving_json(s)},
      {"events", events},
      {"wall_seconds", s.wall_seconds},
      {"interrupted", s.interrupted}};
  return out;
}

std::string ops_text(const OpsStudy& s) {
  const json j = ops_json(s);
  std::string out;
  auto line = [&](std::string text) { out += text + "\n"; };
  const auto pct = [](double x) { return fmt::format("{:.3f}%", 100.0 * x); };
  const auto band = [&](const json& b, auto format) {
    return fmt::format("{} (P5 {}, P95 {})", format(b["mean"].get<double>()), format(b["p5"].get<double>()),
                       format(b["p95"].get<double>()));
  };
  const auto count = [](double x) { return fmt::format("{:.0f}", x); };
  line(fmt::format(
      "Fleet operations: {} accelerators switched on in {}, {:g} days after {:g} of warm-up, {} replications "
      "({} "
      "law, seed {})",
      j["fleet"]["accelerators"].get<std::int64_t>(), s.month, j["days"].get<double>(),
      j["warmup_days"].get<double>(), s.replications.size(), j["failure_law"].get<std::string>(), s.seed));
  line(fmt::format("  availability          {}", band(j["availability"], pct)));
  line(fmt::format("  racks fully up        {}", band(j["availability"]["racks"], pct)));
  line("");
  line(fmt::format("  {:<16} {:>10} {:>5} {:>7} {:>12} {:>9} {:>9} {:>8} {:>8}", "site", "accel.", "crews",
                   "repair", "availability", "failures", "repair h", "backlog", "in place"));
  for (const auto& site : s.fleet.sites) {
    const auto& b = j["availability"]["by_site"][site.id];
    line(fmt::format("  {:<16} {:>10} {:>5} {:>7} {:>12} {:>9.0f} {:>9.1f} {:>8.1f} {:>8.0f}", site.id,
                     site.accelerators, site.crews, b["repair"].get<std::string>(),
                     pct(b["availability"]["mean"].get<double>()), b["failures"]["mean"].get<double>(),
                     b["repair_hours"]["mean"].get<double>(), b["backlog_mean"]["mean"].get<double>(),
                     b["failed_in_place"]["mean"].get<double>()));
  }
  line("");
  line("  failures by component (mean per replication)");
  for (const auto& m : s.fleet.modes) {
    line(fmt::format("    {:<10} {:>10.0f}  {}", m.id, j["failures_by_component"][m.id]["mean"].get<double>(),
                     m.name));
  }
  line(fmt::format("  spares used           {}", band(j["spares_used"], count)));
  if (!j["job"].is_null()) {
    const auto& job = j["job"];
    line("");
    line(fmt::format(
        "Training job: {} accelerators on {} with {} hot-spare nodes, checkpoint every {:.1f} min",
        job["accelerators"].get<int>(), job["site"].get<std::string>(), job["hot_spare_nodes"].get<int>(),
        job["checkpoint_interval_minutes"].get<double>()));
    line(fmt::format("  interruptions         {}", band(job["interruptions"], count)));
    line(fmt::format("  mean time between     {}",
                     band(job["mtbi_hours"], [](double x) { return fmt::format("{:.2f} h", x); })));
    line(fmt::format("  goodput               {}   (Daly: {})", band(job["goodput"], pct),
                     pct(job["expected_goodput"].get<double>())));
    line(fmt::format("  lost GPU-hours        {}", band(job["lost_gpu_hours"], count)));
  }
  if (!j["serving"].is_null()) {
    const auto& v = j["serving"];
    line("");
    line(fmt::format(
        "Serving {} ({} on {}-accelerator {} domains): {:.3g} requests/day on {} replicas, {:.1f} up",
        v["segment"].get<std::string>(), v["model"].get<std::string>(), v["domain"].get<double>(),
        v["accelerator"].get<std::string>(), v["requests_per_day"].get<double>(), v["replicas"].get<int>(),
        v["replicas_up"].get<double>()));
    line(fmt::format("  simulated             {} replicas, {} requests, mean batch {:.1f}",
                     v["replicas_simulated"].get<int>(), v["requests_simulated"].get<std::uint64_t>(),
                     v["mean_batch"].get<double>()));
    const auto ms = [](const json& q) {
      return fmt::format("P50 {:.0f} ms, P90 {:.0f} ms, P99 {:.0f} ms", q["p50"].get<double>(),
                         q["p90"].get<double>(), q["p99"].get<double>());
    };
    line(fmt::format("  time to first token   {}  (target {:.0f} ms)", ms(v["ttft_ms"]),
                     v["ttft_target_ms"].get<double>()));
    line(fmt::format("  time per output token {}  (target {:.0f} ms)", ms(v["tpot_ms"]),
                     v["tpot_target_ms"].get<double>()));
    line(fmt::format("  within both targets   {}", pct(v["slo_attainment"].get<double>())));
    line(fmt::format("  capacity lost         {} of replicas down for failures",
                     pct(v["capacity_lost_to_failures"].get<double>())));
  }
  line("");
  line(fmt::format("{} events in {:.2f} s", j["events"].get<std::uint64_t>(), s.wall_seconds));
  return out;
}

}  // namespace w2t::io
