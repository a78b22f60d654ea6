#include "server/engine.hpp"

#include <fmt/format.h>

#include <chrono>

#include "analysis/monte_carlo.hpp"
#include "analysis/ops_study.hpp"
#include "analysis/sensitivity.hpp"
#include "io/data_view.hpp"
#include "io/mc_report.hpp"
#include "io/need_report.hpp"
#include "io/ops_report.hpp"
#include "io/run_report.hpp"
#include "io/run_store.hpp"
#include "io/run_view.hpp"
#include "io/sensitivity_report.hpp"
#include "supply/need.hpp"

namespace w2t::server {
namespace {

Refusal refuse(ErrorCode code, std::string message, std::string path, std::string expected = {},
               int status = 400) {
  return {status, make_error(code, std::move(message), std::move(path), std::move(expected))};
}

// An integer field of a request, within [low, high].
Answer<int> integer(const nlohmann::json& request, const char* key, int fallback, int low, int high) {
  if (!request.contains(key)) return fallback;
  const auto& v = request[key];
  if (!v.is_number_integer() || v.get<std::int64_t>() < low || v.get<std::int64_t>() > high) {
    return refuse(ErrorCode::bad_value, fmt::format("{} is not an integer in [{}, {}]", v.dump(), low, high),
                  key, fmt::format("an integer from {} to {}", low, high),
                  v.is_number_integer() && v.get<std::int64_t>() > high ? 413 : 400);
  }
  return static_cast<int>(v.get<std::int64_t>());
}

std::string text(const nlohmann::json& request, const char* key) {
  return request.contains(key) && request[key].is_string() ? request[key].get<std::string>() : std::string{};
}

// Holds one of the slots for heavy requests while alive.
class HeavySlot {
 public:
  HeavySlot(std::atomic<int>& used, int slots) : used_(used) { taken_ = used_.fetch_add(1) < slots; }
  ~HeavySlot() { used_.fetch_sub(1); }
  HeavySlot(const HeavySlot&) = delete;
  HeavySlot& operator=(const HeavySlot&) = delete;
  [[nodiscard]] bool taken() const { return taken_; }

 private:
  std::atomic<int>& used_;
  bool taken_ = false;
};

Refusal busy() {
  return refuse(ErrorCode::io, "the server is running as many studies as it allows; try again shortly", "",
                "", 503);
}

}  // namespace

Engine::Engine(Limits limits, std::string store_path, std::string version)
    : limits_(limits), store_path_(std::move(store_path)), version_(std::move(version)) {}

Expected<bool> Engine::start() {
  Diagnostics diag;
  world_ = std::make_unique<scenario::World>(scenario::load_world({}, {}, diag));
  if (!diag.empty()) return diag.errors().front();
  auto r = model::run(*world_);
  if (!r) return r.error();
  base_ = std::make_unique<model::Run>(std::move(*r));
  data_ = io::dataset_json(*world_, "").dump();
  return true;
}

Answer<Engine::Overrides> Engine::read_overrides(const nlohmann::json& request) const {
  Overrides o;
  if (request.contains("scenario_yaml")) {
    if (!request["scenario_yaml"].is_string()) {
      return refuse(ErrorCode::bad_input, "scenario_yaml must be a string", "scenario_yaml",
                    "a scenario file's text");
    }
    o.scenario_yaml = request["scenario_yaml"].get<std::string>();
    o.reload = !o.scenario_yaml.empty();
  }
  if (!request.contains("set")) return o;
  const auto& set = request["set"];
  if (!set.is_object())
    return refuse(ErrorCode::bad_input, "set must be an object", "set", "{\"PATH\": \"VALUE\"}");
  const auto& ds = world_->dataset;
  for (const auto& [path, value] : set.items()) {
    const std::string given = value.is_string() ? value.get<std::string>() : value.dump();
    if (o.reload) {  // checked against the user's scenario when it loads
      o.pairs.emplace_back(path, given);
      continue;
    }
    auto settings = scenario::resolve_override(ds, path, given);
    if (!settings) {
      Error e = settings.error();
      if (e.code == ErrorCode::bad_reference) e.expected = "a parameter path; GET /api/data lists them";
      return Refusal{400, std::move(e)};
    }
    for (const auto& [id, si] : *settings) o.reload = o.reload || ds.parameter(id).derived();
    o.settings.insert(o.settings.end(), settings->begin(), settings->end());
    o.pairs.emplace_back(path, given);
  }
  return o;
}

Answer<std::pair<std::unique_ptr<scenario::World>, std::unique_ptr<model::Run>>> Engine::reload(
    const Overrides& o) const {
  std::vector<scenario::Override> overrides;
  for (const auto& [path, value] : o.pairs) overrides.push_back({path, value, {"set", 0, 0}});
  Diagnostics diag;
  const scenario::ScenarioSource source =
      o.scenario_yaml.empty() ? scenario::ScenarioSource{}
                              : scenario::ScenarioSource{std::string("scenario.yaml"), o.scenario_yaml};
  auto world = std::make_unique<scenario::World>(scenario::load_world(source, overrides, diag));
  if (!diag.empty()) return Refusal{400, diag.errors().front()};
  auto r = model::run(*world);
  if (!r) return Refusal{400, r.error()};
  return std::pair{std::move(world), std::make_unique<model::Run>(std::move(*r))};
}

std::unique_ptr<Engine::Worker> Engine::borrow() {
  {
    const std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      auto worker = std::move(pool_.back());
      pool_.pop_back();
      return worker;
    }
  }
  return std::make_unique<Worker>(Worker{*base_, world_->formulas});
}

void Engine::give_back(std::unique_ptr<Worker> worker) {
  const std::lock_guard lock(pool_mutex_);
  pool_.push_back(std::move(worker));
}

void Engine::keep(std::string_view kind, const Overrides& o, const scenario::World& world,
                  const model::Run& run, nlohmann::json result) const {
  io::RunRecord record;
  record.kind = kind;
  record.command = fmt::format("POST /api/{}", kind);
  record.version = version_;
  record.scenario_id = world.scenario.id;
  record.scenario_text = o.scenario_yaml;
  record.overrides = o.pairs;
  record.params = run.params;
  record.dataset = &world.dataset;
  record.timeline = kind == "run" ? &run.timeline : nullptr;
  record.result = std::move(result);
  auto store = io::RunStore::open(store_path_);
  if (store) (void)store->save(record);
}

Answer<nlohmann::json> Engine::data_of(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  auto loaded = reload(std::get<Overrides>(o));
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  return io::dataset_json(*std::get<0>(loaded).first, "");
}

Answer<nlohmann::json> Engine::run(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  const auto& overrides = std::get<Overrides>(o);
  const bool store = request.value("store", false);
  if (overrides.reload) {
    auto loaded = reload(overrides);
    if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
    auto& [world, run] = std::get<0>(loaded);
    auto view = io::run_view(*world, *run);
    if (store) keep("run", overrides, *world, *run, io::run_summary(*run));
    return view;
  }
  auto worker = borrow();
  auto& run = worker->run;
  run.params = base_->params;
  for (const auto& [id, si] : overrides.settings) run.params[id] = si;
  worker->formulas.evaluate(run.params);
  model::evaluate(run, run.params);
  model::fill_timeline(run, run.timeline);
  auto view = io::run_view(*world_, run);
  if (store) keep("run", overrides, *world_, run, io::run_summary(run));
  give_back(std::move(worker));
  return view;
}

Answer<nlohmann::json> Engine::mc(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  auto samples = integer(request, "samples", 500, 1, limits_.max_samples);
  if (auto* r = std::get_if<Refusal>(&samples)) return *r;
  auto seed = integer(request, "seed", 1, 0, 1 << 30);
  if (auto* r = std::get_if<Refusal>(&seed)) return *r;
  const HeavySlot slot(heavy_, limits_.heavy_at_once);
  if (!slot.taken()) return busy();
  auto loaded = reload(std::get<Overrides>(o));
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  auto& [world, run] = std::get<0>(loaded);
  const auto mc = analysis::monte_carlo(
      *world, *run,
      {std::get<int>(samples), static_cast<std::uint64_t>(std::get<int>(seed)), limits_.threads});
  return io::mc_json(mc);
}

Answer<nlohmann::json> Engine::ops(const nlohmann::json& request) {
  const auto start = std::chrono::steady_clock::now();
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  // A year of the default fleet takes about a second a replication; a day
  // of serving a few seconds a replica.
  auto days = integer(request, "days", 30, 1, 365);
  if (auto* r = std::get_if<Refusal>(&days)) return *r;
  auto replications = integer(request, "replications", 2, 1, 8);
  if (auto* r = std::get_if<Refusal>(&replications)) return *r;
  auto serving = integer(request, "serving_replicas", 1, -1, 4);
  if (auto* r = std::get_if<Refusal>(&serving)) return *r;
  auto seed = integer(request, "seed", 1, 0, 1 << 30);
  if (auto* r = std::get_if<Refusal>(&seed)) return *r;
  analysis::OpsSettings settings;
  settings.days = std::get<int>(days);
  settings.replications = std::get<int>(replications);
  settings.serving_replicas = std::get<int>(serving);
  settings.seed = static_cast<std::uint64_t>(std::get<int>(seed));
  settings.threads = limits_.threads;
  settings.month = text(request, "month");
  if (request.contains("failure_law")) settings.failure_law = text(request, "failure_law");
  const HeavySlot slot(heavy_, limits_.heavy_at_once);
  if (!slot.taken()) return busy();
  auto loaded = reload(std::get<Overrides>(o));
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  auto& [world, run] = std::get<0>(loaded);
  auto study = analysis::plan_ops(*world, *run, settings);
  if (!study) return Refusal{400, study.error()};
  analysis::simulate_fleet(*study);
  auto planned = analysis::plan_serving(*study, *world, *run, settings);
  if (!planned) return Refusal{400, planned.error()};
  analysis::simulate_serving(*study);
  study->wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto result = io::ops_json(*study);
  if (request.value("store", false)) keep("ops", std::get<Overrides>(o), *world, *run, result);
  return result;
}

Answer<nlohmann::json> Engine::sensitivity(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  const auto metrics = analysis::summary_metrics();
  const auto found = analysis::find_metric(
      request.contains("metric") ? text(request, "metric") : "contract_gw_per_year", "metric");
  if (!found) return Refusal{400, found.error()};
  const auto index = *found;
  auto top = integer(request, "top", 12, 1, 100);
  if (auto* r = std::get_if<Refusal>(&top)) return *r;
  auto samples = integer(request, "samples", 0, 0, limits_.max_samples / 10);
  if (auto* r = std::get_if<Refusal>(&samples)) return *r;
  const HeavySlot slot(heavy_, limits_.heavy_at_once);
  if (!slot.taken()) return busy();
  auto loaded = reload(std::get<Overrides>(o));
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  auto& [world, run] = std::get<0>(loaded);
  std::vector<double> central(metrics.size());
  analysis::measure(*run, central);
  const auto bars =
      analysis::tornado(*world, *run, index, static_cast<std::size_t>(std::get<int>(top)), limits_.threads);
  std::vector<analysis::SobolIndex> indices;
  if (std::get<int>(samples) >= 2) {
    std::vector<std::string> paths;
    for (const auto& b : bars) paths.push_back(b.path);
    indices = analysis::sobol(*world, *run, index, paths, {std::get<int>(samples), 1, limits_.threads});
  }
  return io::sensitivity_json(metrics[index], central[index], bars, indices, std::get<int>(samples));
}

Answer<nlohmann::json> Engine::need(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  auto loaded = reload(std::get<Overrides>(o));
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  auto& [world, run] = std::get<0>(loaded);
  const supply::NeedQuestion q{text(request, "target"), text(request, "accelerators"),
                               text(request, "wafers")};
  auto a = supply::find_accelerator(run->chain, text(request, "accelerator"), "accelerator");
  if (!a) return Refusal{400, a.error()};
  auto n = supply::answer(run->chain, run->params, *a, q);
  if (!n) return Refusal{400, n.error()};
  return io::need_json(*n, world->dataset, q.forward());
}

Answer<nlohmann::json> Engine::runs(int limit) {
  auto store = io::RunStore::open(store_path_);
  if (!store) return Refusal{500, store.error()};
  auto list = store->list(limit);
  if (!list) return Refusal{500, list.error()};
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : *list) {
    out.push_back(io::to_json(r));
  }
  return out;
}

Answer<nlohmann::json> Engine::stored(std::int64_t id) {
  auto store = io::RunStore::open(store_path_);
  if (!store) return Refusal{500, store.error()};
  auto doc = store->load(id);
  if (!doc) return Refusal{404, doc.error()};
  return *doc;
}

Answer<nlohmann::json> Engine::diff(std::int64_t a, std::int64_t b) {
  auto store = io::RunStore::open(store_path_);
  if (!store) return Refusal{500, store.error()};
  auto x = store->load(a);
  if (!x) return Refusal{404, x.error()};
  auto y = store->load(b);
  if (!y) return Refusal{404, y.error()};
  return io::diff_runs(*x, *y);
}

}  // namespace w2t::server
