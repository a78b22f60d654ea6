#include "ops/fleet_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/unit.hpp"

namespace w2t::ops {
namespace {

constexpr const char* kCrews = "reliability.crews_per_accelerator";
constexpr const char* kJob = "reliability.training_job_accelerators";

// SI seconds to simulation time.
Time to_time(double seconds) {
  return static_cast<Time>(std::llround(seconds * static_cast<double>(kSecond)));
}

SiteRepair repair_of(const std::string& word) {
  return word == "by_boat" ? SiteRepair::by_boat : word == "none" ? SiteRepair::none : SiteRepair::on_site;
}

}  // namespace

TrainingJob training_job(const FleetPlan& plan) {
  TrainingJob job;
  job.gpus = plan.job.accelerators;
  job.failure_rate = plan.failure_rate() * plan.sites[static_cast<std::size_t>(plan.job.site)].failure_factor;
  job.checkpoint_interval = plan.job.timing.interval;
  job.checkpoint_cost = plan.job.timing.checkpoint_cost;
  job.restart_cost = plan.job.timing.restart_cost;
  return job;
}

int most_installed(const model::Run& run, int t) {
  const auto& s = run.sites;
  int best = -1;
  double most = 0.0;
  for (int a = 0; a < s.accelerators; ++a) {
    double n = 0.0;
    for (int b = 0; b < s.buyers; ++b) n += s.installed_by[s.tba(t, b, a)];
    if (n > most) {
      most = n;
      best = a;
    }
  }
  return best;
}

std::optional<Error> check(const FleetPlan& plan) {
  if (plan.horizon <= 0) {
    return make_error(ErrorCode::bad_value, "the simulation needs at least one day", "--days",
                      "a positive number");
  }
  if (plan.sites.empty()) {
    return make_error(ErrorCode::infeasible, "no site has a whole node switched on", "--month",
                      "a month with accelerators switched on");
  }
  if (plan.node_size < 1 || plan.rack_size < plan.node_size) {
    return make_error(
        ErrorCode::bad_value,
        fmt::format("a rack of {} accelerators cannot hold nodes of {}", plan.rack_size, plan.node_size),
        "rack.node_accelerators", "at most the rack's accelerators");
  }
  for (const auto& m : plan.modes) {
    if (!(m.rate >= 0.0) || !std::isfinite(m.rate)) {
      return make_error(ErrorCode::bad_value, fmt::format("failure rate {} of mode {}", m.rate, m.id),
                        "failure_mode." + m.id + ".failure_rate", "a rate of zero or more");
    }
  }
  for (const auto& s : plan.sites) {
    if (s.repair != SiteRepair::none && s.crews < 1) {
      return make_error(ErrorCode::bad_value,
                        fmt::format("site {} repairs failed parts on site but has no repair crew", s.id),
                        kCrews, "at least one crew on a site that repairs (above zero)");
    }
    if (s.failure_factor < 0.0) {
      return make_error(ErrorCode::bad_value, fmt::format("site {} has a negative failure factor", s.id),
                        "site_type." + s.type + ".failure_rate_factor", "zero or more");
    }
  }
  if (plan.job.accelerators > 0) {
    const auto& site = plan.sites[static_cast<std::size_t>(plan.job.site)];
    const int nodes = site.accelerators / plan.node_size;
    if (plan.job_pool_nodes() > nodes) {
      return make_error(
          ErrorCode::bad_value,
          fmt::format(
              "a job of {} accelerators with {:.0f}% hot spares needs {} nodes of {}; its site {}, the "
              "largest, has {}",
              plan.job.accelerators, 100.0 * plan.job.hot_spare_share, plan.job_pool_nodes(), plan.node_size,
              site.id, nodes),
          kJob,
          fmt::format("at most {} accelerators",
                      static_cast<int>(nodes / (1.0 + plan.job.hot_spare_share)) * plan.node_size));
    }
    if (plan.job.timing.interval <= 0) {
      return make_error(
          ErrorCode::bad_value, "a training job needs a checkpoint interval above zero", "failure_mode",
          plan.failure_rate() > 0.0 ? "a checkpoint time above zero" : "a failure rate above zero");
    }
  }
  return std::nullopt;
}

Expected<FleetPlan> plan_fleet(const model::Run& run, const scenario::World& world,
                               const FleetOptions& options) {
  const auto& ds = world.dataset;
  const auto& chain = run.chain;
  const auto& p = run.params;
  const int t = options.month >= 0 ? options.month : chain.span.size() - 1;
  supply::SeriesReader read(ds, chain.span, "fleet operations");
  const auto value = [&](const std::string& path) {
    const auto s = read.need(path);
    return s.empty() ? 0.0 : s(p, t);
  };
  FleetPlan plan;
  plan.horizon = options.horizon;
  plan.law = find_failure_law(options.law);
  if (plan.law == nullptr) {
    std::string names;
    for (const auto& law : failure_laws()) names += (names.empty() ? "" : ", ") + std::string(law.name);
    return make_error(ErrorCode::bad_reference, fmt::format("unknown failure law '{}'", options.law),
                      "--failure-law", names);
  }
  plan.weibull_shape = value("reliability.weibull_shape");

  const int a = most_installed(run, t);
  if (a < 0) {
    return make_error(ErrorCode::infeasible,
                      fmt::format("no accelerator is switched on in {}", (chain.span.first + t).str()),
                      "--month", "a month with accelerators switched on");
  }
  const std::string rack =
      ds.text_or("accelerator." + chain.accelerators[static_cast<std::size_t>(a)].id + ".rack", "");
  if (rack.empty()) {
    return make_error(ErrorCode::missing, "the fleet's accelerator has no rack",
                      "accelerator." + chain.accelerators[static_cast<std::size_t>(a)].id + ".rack",
                      "a rack id");
  }
  plan.rack_size = static_cast<int>(std::lround(value("rack." + rack + ".accelerators")));
  plan.node_size = static_cast<int>(std::lround(value("rack." + rack + ".node_accelerators")));
  if (plan.node_size < 1) plan.node_size = 1;

  const double hour = parse_unit("h")->scale;
  if (const auto it = ds.entities.find("failure_mode"); it != ds.entities.end()) {
    for (const auto& id : it->second) {
      const std::string base = "failure_mode." + id + ".";
      FailureMode m;
      m.id = id;
      m.name = ds.text_or(base + "name", id);
      m.rate = value(base + "failure_rate") * hour;
      m.swap = ds.text_or(base + "repair", "swap") == "swap";
      m.uses_spare = ds.text_or(base + "spare", "none") == "accelerator";
      plan.modes.push_back(std::move(m));
    }
  }
  plan.repair.detection = to_time(value("reliability.detection_time"));
  plan.repair.reset = to_time(value("reliability.automated_recovery_time"));
  plan.repair.crew_work = to_time(value("reliability.swap_crew_time"));
  plan.repair.burn_in = to_time(value("reliability.burn_in_time"));
  plan.repair.spares_lead_time = to_time(value("reliability.spares_lead_time"));
  plan.warmup = options.warmup >= 0
                    ? options.warmup
                    : to_time(value("reliability.part_swap_time")) + plan.repair.spares_lead_time;
  const double crews = value(kCrews);
  const double spares = value("reliability.spares_stock");

  const auto& model = run.deployment.sites;
  for (std::size_t s = 0; s < model.sites.size(); ++s) {
    const double installed = run.sites.installed[run.sites.st(t, static_cast<int>(s))];
    const int nodes = static_cast<int>(std::lround(installed / plan.node_size));
    if (nodes == 0) continue;
    const auto& type = model.types[static_cast<std::size_t>(model.sites[s].type)];
    FleetSite site;
    site.id = model.sites[s].id;
    site.name = model.sites[s].name;
    site.type = type.id;
    site.repair = repair_of(type.repair);
    site.accelerators = nodes * plan.node_size;
    site.failure_factor = type.failure_factor(p, t);
    const std::string base = "site_type." + type.id + ".";
    site.shift = std::min(kDay, to_time(value(base + "crew_shift_hours")));
    site.transit = to_time(value(base + "crew_transit_time"));
    if (site.repair != SiteRepair::none) {
      site.crews = static_cast<int>(std::ceil(crews * site.accelerators - 1e-9));
      site.spares = static_cast<int>(std::ceil(spares * site.accelerators - 1e-9));
    }
    plan.sites.push_back(std::move(site));
  }
  if (read.error()) return *read.error();

  // The job: on the largest site, Young's checkpoint interval for its rate.
  plan.job.accelerators = static_cast<int>(std::lround(value(kJob)));
  plan.job.hot_spare_share = value("reliability.overprovisioning");
  plan.job.timing.checkpoint_cost = to_time(value("reliability.checkpoint_time"));
  plan.job.timing.restart_cost = to_time(value("reliability.job_restart_time"));
  plan.job.timing.work = kNever;
  const auto largest =
      std::max_element(plan.sites.begin(), plan.sites.end(),
                       [](const auto& x, const auto& y) { return x.accelerators < y.accelerators; });
  plan.job.site = static_cast<int>(largest - plan.sites.begin());
  if (read.error()) return *read.error();
  if (plan.job.accelerators > 0 && !plan.sites.empty() && plan.failure_rate() > 0.0)
    plan.job.timing.interval = young_interval(training_job(plan));
  if (auto problem = check(plan)) return *problem;
  return plan;
}

}  // namespace w2t::ops
