#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "core/files.hpp"
#include "data/embedded.hpp"
#include "io/html_report.hpp"
#include "io/run_store.hpp"

#ifndef W2T_VERSION
#define W2T_VERSION "dev"
#endif

namespace w2t::cli {

// What a command keeps of its run: the run store (w2t runs list | show | diff
// | export) and HTML reports.

namespace {

std::string store_path(const std::string& db) {
  return db.empty() ? io::default_store_path() : db;
}

// The scenario file as the command was given it.
std::string scenario_text(const std::string& scenario) {
  if (scenario.empty()) {
    const auto* f = data::embedded_scenario(data::kDefaultScenario);
    return f != nullptr ? f->text : std::string{};
  }
  if (auto text = read_text(scenario)) return *text;
  const auto* f = data::embedded_scenario(scenario);
  return f != nullptr ? f->text : std::string{};
}

std::optional<io::RunStore> open_store(const std::string& db, int& code) {
  auto store = io::RunStore::open_readonly(store_path(db));
  if (!store) {
    fmt::print(stderr, "{}\n", store.error().format());
    code = kExitFailure;
    return std::nullopt;
  }
  return std::move(*store);
}

}  // namespace

int write_report(const std::string& path, const scenario::World& world, const model::Run& run,
                 const nlohmann::json& extras) {
  auto page = io::html_report(world, run, extras, W2T_VERSION);
  if (!page) return bad_input(page.error());
  if (auto ok = write_text_atomic(path, *page); !ok) {
    fmt::print(stderr, "{}\n", ok.error().format());
    return kExitFailure;
  }
  return kExitOk;
}

int keep_run(const ScenarioOptions& o, std::string_view kind, const scenario::World& world,
             std::span<const double> params, const model::Timeline* timeline, nlohmann::json result) {
  if (!o.keeps_runs || o.no_store) return kExitOk;
  io::RunRecord record;
  record.kind = kind;
  record.command = o.command;
  record.version = W2T_VERSION;
  record.scenario_id = world.scenario.id;
  record.scenario_text = scenario_text(o.scenario);
  for (const auto& set : o.sets) {
    const auto eq = set.find('=');
    record.overrides.emplace_back(set.substr(0, eq), eq == std::string::npos ? "" : set.substr(eq + 1));
  }
  record.params.assign(params.begin(), params.end());
  record.dataset = &world.dataset;
  record.timeline = timeline;
  record.result = std::move(result);
  auto store = io::RunStore::open(store_path(o.db));
  auto saved = store ? store->save(record) : Expected<std::int64_t>(store.error());
  if (!saved) {
    fmt::print(stderr, "w2t: the run was not stored (--no-store runs without the store): {}\n",
               saved.error().format());
    return kExitFailure;
  }
  return kExitOk;
}

int runs_list(const RunsOptions& o) {
  if (auto store = io::RunStore::open_readonly(store_path(o.db)); !store && store.error().code == ErrorCode::missing) {
    if (o.format == "json") {
      fmt::print("[]\n");
    } else {
      fmt::print("(no runs yet in {})\n", store_path(o.db));
    }
    return kExitOk;
  }
  int code = kExitOk;
  auto store = open_store(o.db, code);
  if (!store) return code;
  auto runs = store->list(o.limit);
  if (!runs) {
    fmt::print(stderr, "{}\n", runs.error().format());
    return kExitFailure;
  }
  if (o.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : *runs) {
      out.push_back(io::to_json(r));
    }
    fmt::print("{}\n", out.dump(2));
    return kExitOk;
  }
  fmt::print("{:>6}  {:<20}  {:<6}  {:<18}  {}\n", "id", "created (UTC)", "kind", "scenario", "command");
  for (const auto& r : *runs) {
    fmt::print("{:>6}  {:<20}  {:<6}  {:<18}  {}\n", r.id, r.created, r.kind, r.scenario_id, r.command);
  }
  if (runs->empty()) fmt::print("(no runs yet in {})\n", store_path(o.db));
  return kExitOk;
}

int runs_show(const RunsOptions& o) {
  int code = kExitOk;
  auto store = open_store(o.db, code);
  if (!store) return code;
  auto doc = store->load(o.ids.front());
  if (!doc) return bad_input(doc.error());
  if (o.format == "json") {
    fmt::print("{}\n", doc->dump(2));
    return kExitOk;
  }
  const auto& run = (*doc)["run"];
  fmt::print("run {} — {} of scenario '{}', {} (w2t {})\n  {}\n", run["id"].get<std::int64_t>(),
             run["kind"].get<std::string>(), run["scenario_id"].get<std::string>(),
             run["created"].get<std::string>(), run["version"].get<std::string>(),
             run["command"].get<std::string>());
  fmt::print("  {} parameters resolved, {} overrides\n", (*doc)["parameters"].size(),
             (*doc)["overrides"].size());
  for (const auto& set : (*doc)["overrides"]) {
    fmt::print("    --set {}={}\n", set["path"].get<std::string>(), set["value"].get<std::string>());
  }
  fmt::print("\n{}\n", (*doc)["result"].dump(2));
  return kExitOk;
}

int runs_diff(const RunsOptions& o) {
  int code = kExitOk;
  auto store = open_store(o.db, code);
  if (!store) return code;
  auto a = store->load(o.ids[0]);
  if (!a) return bad_input(a.error());
  auto b = store->load(o.ids[1]);
  if (!b) return bad_input(b.error());
  const auto diff = io::diff_runs(*a, *b);
  if (o.format == "json") {
    fmt::print("{}\n", diff.dump(2));
  } else {
    fmt::print("{}", io::diff_text(diff));
  }
  return kExitOk;
}

int runs_export(const RunsOptions& o) {
  int code = kExitOk;
  auto store = open_store(o.db, code);
  if (!store) return code;
  auto doc = store->load(o.ids.front());
  if (!doc) return bad_input(doc.error());
  if (o.format == "csv") {
    auto csv = store->timeline_csv(o.ids.front());
    if (!csv) {
      fmt::print(stderr, "{}\n", csv.error().format());
      return kExitFailure;
    }
    fmt::print("{}", *csv);
    return kExitOk;
  }
  auto rows = store->timeline_json(o.ids.front());
  if (!rows) {
    fmt::print(stderr, "{}\n", rows.error().format());
    return kExitFailure;
  }
  (*doc)["timeline"] = std::move(*rows);
  fmt::print("{}\n", doc->dump(2));
  return kExitOk;
}

}  // namespace w2t::cli
