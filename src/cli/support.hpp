// What the w2t commands share: loading a scenario, compiling the model,
// reporting bad input, and finding the accelerators and sites options name.
// Internal to src/cli.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "model/run.hpp"
#include "model/timeline.hpp"
#include "scenario/scenario.hpp"
#include "sites/deployment.hpp"
#include "supply/chain.hpp"

namespace w2t::cli {

void print_errors(const Diagnostics& diag);

// Writes the HTML report of `run` (with `extras`, see io/html_report.hpp) to
// `path`, whole or not at all; the exit code.
int write_report(const std::string& path, const scenario::World& world, const model::Run& run,
                 const nlohmann::json& extras);

// Keeps a finished run in the run store (unless the command does not keep
// runs, or --no-store): the scenario as given, the overrides, `params` (SI,
// by ParamId), the timeline if any and the result document. A run that was
// not stored is reported on stderr and is the command's failure (exit 1),
// its printed result standing.
[[nodiscard]] int keep_run(const ScenarioOptions& o, std::string_view kind, const scenario::World& world,
             std::span<const double> params, const model::Timeline* timeline, nlohmann::json result);

// Loads the scenario with its overrides; prints errors and returns nullopt on failure.
std::optional<scenario::World> load(const ScenarioOptions& o, int& exit_code);

// Prints one error of bad input and returns its exit code.
int bad_input(Error e);

// An error when a result document holds a number that is not finite (or
// text that is not UTF-8): where in it, and the parameters the scenario and
// the command line changed. No such result is printed or kept.
std::optional<Error> unreadable(const nlohmann::json& result, const scenario::World& world);

// What the model commands work on: the world with its overrides, the supply
// chain and the deployment to sites, compiled.
struct Compiled {
  scenario::World world;
  supply::Chain chain;
  sites::Deployment deployment;
  std::vector<double> params;
};

// Loads and compiles; on failure prints why and sets `exit_code`.
std::optional<Compiled> compile(const ScenarioOptions& o, int& exit_code);

// What only compiling the model can see: an accelerator on a non-HBM
// product, a mix that does not sum to one, a floating site without water, a
// demand segment its model cannot serve.
void compile_model(const scenario::World& world, Diagnostics& diag);

}  // namespace w2t::cli
