#include "cli/support.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "io/run_store.hpp"
#include "workload/demand.hpp"

namespace w2t::cli {

void print_errors(const Diagnostics& diag) {
  for (const auto& e : diag.errors()) fmt::print(stderr, "{}\n", e.format());
  const std::size_t hidden = diag.size() - diag.errors().size();
  fmt::print(stderr, "{} error{}{}\n", diag.size(), diag.size() == 1 ? "" : "s",
             hidden > 0 ? fmt::format(" ({} not shown)", hidden) : std::string{});
}

std::optional<scenario::World> load(const ScenarioOptions& o, int& exit_code) {
  Diagnostics diag;
  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) {
    auto parsed = scenario::parse_override(s);
    if (!parsed) {
      diag.add(parsed.error());
    } else {
      overrides.push_back(std::move(*parsed));
    }
  }
  auto world = scenario::load_world({o.scenario}, overrides, diag);
  if (!diag.empty()) {
    print_errors(diag);
    exit_code = kExitBadInput;  // a scenario that does not load is bad input, a missing file too
    return std::nullopt;
  }
  return world;
}

std::optional<Error> unreadable(const nlohmann::json& result, const scenario::World& world) {
  const auto where = io::unreadable_at(result);
  if (!where) return std::nullopt;
  const std::string changed = scenario::changes(world.scenario.overrides);
  return make_error(ErrorCode::bad_value,
                    fmt::format("the result's {} is not a finite number{}", *where,
                                changed.empty() ? "" : "; the parameters changed: " + changed),
                    world.scenario.overrides.empty() ? *where : world.scenario.overrides.front().path,
                    "parameters whose combination the model can evaluate");
}

int bad_input(Error e) {
  Diagnostics diag;
  diag.add(std::move(e));
  print_errors(diag);
  return kExitBadInput;
}

std::optional<Compiled> compile(const ScenarioOptions& o, int& exit_code) {
  auto world = load(o, exit_code);
  if (!world) return std::nullopt;
  auto chain = supply::Chain::compile(*world);
  if (!chain) {
    exit_code = bad_input(chain.error());
    return std::nullopt;
  }
  auto deployment = sites::Deployment::compile(*world, *chain);
  if (!deployment) {
    exit_code = bad_input(deployment.error());
    return std::nullopt;
  }
  std::vector<double> params = world->dataset.values();
  return Compiled{std::move(*world), std::move(*chain), std::move(*deployment), std::move(params)};
}

void compile_model(const scenario::World& world, Diagnostics& diag) {
  auto chain = supply::Chain::compile(world);
  if (!chain) {
    diag.add(chain.error());
    return;
  }
  auto deployment = sites::Deployment::compile(world, *chain);
  if (!deployment) {
    diag.add(deployment.error());
    return;
  }
  if (auto demand = workload::DemandPlan::compile(world, *chain, *deployment); !demand)
    diag.add(demand.error());
}

}  // namespace w2t::cli
