#include "server/engine.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <stop_token>
#include <thread>
#include <tuple>

#include "analysis/monte_carlo.hpp"
#include "analysis/ops_study.hpp"
#include "analysis/sensitivity.hpp"
#include "core/suggest.hpp"
#include "io/data_view.hpp"
#include "io/infer_report.hpp"
#include "io/mc_report.hpp"
#include "io/need_report.hpp"
#include "io/ops_report.hpp"
#include "io/run_report.hpp"
#include "io/run_store.hpp"
#include "io/run_view.hpp"
#include "io/sensitivity_report.hpp"
#include "supply/need.hpp"
#include "workload/serving_query.hpp"

namespace w2t::server {
namespace {

// Overrides one request may make: more than the dataset has parameters.
constexpr std::size_t kMaxOverrides = 2000;

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

Refusal busy() {
  return refuse(ErrorCode::io, "the server is running as many studies as it allows; try again shortly", "",
                "", 503);
}

// Holds one of a set of slots while alive, if one came free in time (at
// once, for a wait of zero).
class Slot {
 public:
  Slot(Slots& slots, std::chrono::milliseconds wait) : slots_(slots), taken_(slots.take(wait)) {}
  ~Slot() {
    if (taken_) slots_.give_back();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  [[nodiscard]] bool taken() const { return taken_; }

 private:
  Slots& slots_;
  bool taken_;
};

Refusal overloaded() {
  return refuse(ErrorCode::io, "the server is evaluating as many requests as it allows; try again shortly", "",
                "", 503);
}

// Asks a study to stop once its time is up: a watch thread sets the flag
// the study's blocks look at (analysis/parallel.hpp).
class Deadline {
 public:
  explicit Deadline(std::chrono::milliseconds limit)
      : limit_(limit), watch_([this](const std::stop_token& done) {
          std::mutex m;
          std::unique_lock lock(m);
          std::condition_variable_any cv;
          if (!cv.wait_for(lock, done, limit_, [] { return false; }) && !done.stop_requested()) {
            expired_.store(true);
          }
        }) {}
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  [[nodiscard]] analysis::Control control() const { return {&expired_, nullptr}; }
  [[nodiscard]] bool expired() const { return expired_.load(); }
  [[nodiscard]] Refusal refusal() const {
    return refuse(ErrorCode::io,
                  fmt::format("the study did not finish within the {} s the server allows a study",
                              std::chrono::duration_cast<std::chrono::seconds>(limit_).count()),
                  "", "fewer samples, days or replications", 503);
  }

 private:
  std::chrono::milliseconds limit_;
  std::atomic<bool> expired_{false};
  std::jthread watch_;
};

// A view or result the store and a client can read back, or a refusal.
std::optional<Refusal> unreadable(const nlohmann::json& doc) {
  if (auto at = io::unreadable_at(doc)) {
    return refuse(ErrorCode::bad_value, fmt::format("the answer holds a value that is not a finite number or text at {}", *at),
                  *at, "parameters whose combination the model can evaluate");
  }
  return std::nullopt;
}

}  // namespace

Engine::Engine(Limits limits, std::string store_path, std::string version)
    : limits_(std::move(limits)),
      store_path_(std::move(store_path)),
      version_(std::move(version)),
      workers_(std::max(limits_.workers, 1)),
      studies_(limits_.heavy_at_once) {}

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
  if (set.size() > kMaxOverrides) {
    return refuse(ErrorCode::bad_input, fmt::format("set holds {} overrides", set.size()), "set",
                  fmt::format("at most {}", kMaxOverrides), 413);
  }
  const auto& ds = world_->dataset;
  for (const auto& [path, value] : set.items()) {
    if (!value.is_string() && !value.is_number()) {
      return refuse(ErrorCode::bad_input, fmt::format("the value of {} is a JSON {}", shown(path), value.type_name()),
                    fmt::format("set.{}", shown(path)), "a number, or text such as \"5 kW\"");
    }
    const std::string given = value.is_string() ? value.get<std::string>() : value.dump();
    if (o.reload) {  // checked against the user's scenario when it loads
      o.given.push_back({path, given, {"set", 0, 0}});
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
    o.given.push_back({path, given, {"set", 0, 0}});
  }
  return o;
}

Answer<std::pair<std::unique_ptr<scenario::World>, std::unique_ptr<model::Run>>> Engine::reload(
    const Overrides& o) const {
  Diagnostics diag;
  scenario::ScenarioSource source =
      o.scenario_yaml.empty() ? scenario::ScenarioSource{}
                              : scenario::ScenarioSource{std::string("scenario.yaml"), o.scenario_yaml};
  source.files = limits_.scenarios_dir.empty() ? scenario::FileAccess::embedded_only()
                                               : scenario::FileAccess::within(limits_.scenarios_dir);
  auto world = std::make_unique<scenario::World>(scenario::load_world(source, o.given, diag));
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

std::optional<Refusal> Engine::keep(std::string_view kind, const Overrides& o, const scenario::World& world,
                                    const model::Run& run, nlohmann::json result) const {
  io::RunRecord record;
  record.kind = kind;
  record.command = fmt::format("POST /api/{}", kind);
  record.version = version_;
  record.scenario_id = world.scenario.id;
  record.scenario_text = o.scenario_yaml;
  for (const auto& given : o.given) record.overrides.emplace_back(given.path, given.value);
  record.params = run.params;
  record.dataset = &world.dataset;
  record.timeline = kind == "run" ? &run.timeline : nullptr;
  record.result = std::move(result);
  auto store = io::RunStore::open(store_path_, limits_.store);
  if (!store) {
    Error e = store.error();
    e.message = fmt::format("the run was not stored: {}", e.message);
    return Refusal{503, std::move(e)};
  }
  if (auto id = store->save(record); !id) return Refusal{503, id.error()};
  return std::nullopt;
}

Answer<nlohmann::json> Engine::data_of(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  const Slot worker(workers_, limits_.queue_wait);
  if (!worker.taken()) return overloaded();
  auto loaded = reload(std::get<Overrides>(o));
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  return io::dataset_json(*std::get<0>(loaded).first, "");
}

Answer<nlohmann::json> Engine::run(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  const auto& overrides = std::get<Overrides>(o);
  const bool store = request.value("store", false);
  const Slot worker(workers_, limits_.queue_wait);
  if (!worker.taken()) return overloaded();
  if (!overrides.reload) return run_fast(overrides, store);
  auto loaded = reload(overrides);
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  auto& [world, run] = std::get<0>(loaded);
  auto view = io::run_view(*world, *run);
  if (auto r = unreadable(view)) return *r;
  if (store) {
    if (auto r = keep("run", overrides, *world, *run, io::run_summary(*run))) return *r;
  }
  return view;
}

// A run of the compiled default with plain parameters set: no reload.
Answer<nlohmann::json> Engine::run_fast(const Overrides& o, bool store) {
  auto worker = borrow();
  auto& run = worker->run;
  run.params = base_->params;
  for (const auto& [id, si] : o.settings) run.params[id] = si;
  worker->formulas.evaluate(run.params);
  model::evaluate(run, run.params);
  model::fill_timeline(run, run.timeline);
  Answer<nlohmann::json> answer = Refusal{};
  if (auto e = model::check_finite(*world_, run)) {
    e->message += fmt::format("; the parameters changed: {}", scenario::changes(o.given));
    if (!o.given.empty()) e->path = o.given.front().path;
    answer = Refusal{400, *e};
  } else if (auto view = io::run_view(*world_, run); auto r = unreadable(view)) {
    answer = *r;
  } else if (auto refused = store ? keep("run", o, *world_, run, io::run_summary(run)) : std::nullopt) {
    answer = *refused;
  } else {
    answer = std::move(view);
  }
  give_back(std::move(worker));
  return answer;
}

Answer<nlohmann::json> Engine::mc(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  auto samples = integer(request, "samples", 500, 1, limits_.max_samples);
  if (auto* r = std::get_if<Refusal>(&samples)) return *r;
  auto seed = integer(request, "seed", 1, 0, 1 << 30);
  if (auto* r = std::get_if<Refusal>(&seed)) return *r;
  const Slot study(studies_, std::chrono::milliseconds(0));
  if (!study.taken()) return busy();
  const Slot worker(workers_, limits_.queue_wait);
  if (!worker.taken()) return overloaded();
  auto loaded = reload(std::get<Overrides>(o));
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  auto& [world, run] = std::get<0>(loaded);
  const Deadline deadline(limits_.study_deadline);
  const auto mc = analysis::monte_carlo(
      *world, *run,
      {std::get<int>(samples), static_cast<std::uint64_t>(std::get<int>(seed)), limits_.threads}, {},
      deadline.control());
  if (auto e = analysis::check_finite(*world, mc)) return Refusal{400, *e};
  if (deadline.expired()) return deadline.refusal();
  auto result = io::mc_json(mc);
  if (auto r = unreadable(result)) return *r;
  return result;
}

Answer<nlohmann::json> Engine::ops(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  const Slot study(studies_, std::chrono::milliseconds(0));
  if (!study.taken()) return busy();
  const Slot worker(workers_, limits_.queue_wait);
  if (!worker.taken()) return overloaded();
  return ops_study(request, std::get<Overrides>(o));
}

Answer<nlohmann::json> Engine::ops_study(const nlohmann::json& request, const Overrides& o) {
  const auto start = std::chrono::steady_clock::now();
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
  auto loaded = reload(o);
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  auto& [world, run] = std::get<0>(loaded);
  auto study = analysis::plan_ops(*world, *run, settings);
  if (!study) return Refusal{400, study.error()};
  if (const auto n = study->fleet.accelerators(); n > limits_.max_fleet_accelerators) {
    return refuse(ErrorCode::bad_value,
                  fmt::format("the fleet holds {} accelerators; the server simulates at most {}", n,
                              limits_.max_fleet_accelerators),
                  "month", "a month or scenario with a smaller fleet, or `w2t ops` on the command line", 413);
  }
  const Deadline deadline(limits_.study_deadline);
  analysis::simulate_fleet(*study, deadline.control());
  auto planned = analysis::plan_serving(*study, *world, *run, settings);
  if (!planned) return Refusal{400, planned.error()};
  analysis::simulate_serving(*study, deadline.control());
  if (deadline.expired()) return deadline.refusal();
  study->wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto result = io::ops_json(*study);
  if (auto r = unreadable(result)) return *r;
  if (request.value("store", false)) {
    if (auto r = keep("ops", o, *world, *run, result)) return *r;
  }
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
  const Slot study(studies_, std::chrono::milliseconds(0));
  if (!study.taken()) return busy();
  const Slot worker(workers_, limits_.queue_wait);
  if (!worker.taken()) return overloaded();
  auto loaded = reload(std::get<Overrides>(o));
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  auto& [world, run] = std::get<0>(loaded);
  std::vector<double> central(metrics.size());
  analysis::measure(*run, central);
  const Deadline deadline(limits_.study_deadline);
  const auto bars = analysis::tornado(*world, *run, index, static_cast<std::size_t>(std::get<int>(top)),
                                      limits_.threads, {}, deadline.control());
  std::vector<analysis::SobolIndex> indices;
  if (std::get<int>(samples) >= 2) {
    std::vector<std::string> paths;
    for (const auto& b : bars) paths.push_back(b.path);
    indices = analysis::sobol(*world, *run, index, paths, {std::get<int>(samples), 1, limits_.threads}, {},
                              deadline.control());
  }
  if (deadline.expired()) return deadline.refusal();
  auto result = io::sensitivity_json(metrics[index], central[index], bars, indices, std::get<int>(samples));
  if (auto r = unreadable(result)) return *r;
  return result;
}

Answer<nlohmann::json> Engine::need(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  const Slot worker(workers_, limits_.queue_wait);
  if (!worker.taken()) return overloaded();
  auto loaded = reload(std::get<Overrides>(o));
  if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
  auto& [world, run] = std::get<0>(loaded);
  const supply::NeedQuestion q{text(request, "target"), text(request, "accelerators"),
                               text(request, "wafers")};
  auto a = supply::find_accelerator(run->chain, text(request, "accelerator"), "accelerator");
  if (!a) return Refusal{400, a.error()};
  auto n = supply::answer(run->chain, run->params, *a, q);
  if (!n) return Refusal{400, n.error()};
  auto result = io::need_json(*n, world->dataset, q.forward());
  if (auto r = unreadable(result)) return *r;
  return result;
}

namespace {

// A number field of a request within [low, high], or `fallback`.
Answer<double> number(const nlohmann::json& request, const char* key, double fallback, double low, double high) {
  if (!request.contains(key)) return fallback;
  const auto& v = request[key];
  if (!v.is_number() || !(v.get<double>() >= low && v.get<double>() <= high)) {
    return refuse(ErrorCode::bad_value, fmt::format("{} is not a number in [{:g}, {:g}]", v.dump(), low, high), key,
                  fmt::format("a number from {:g} to {:g}", low, high));
  }
  return v.get<double>();
}

}  // namespace

Answer<nlohmann::json> Engine::infer(const nlohmann::json& request) {
  auto o = read_overrides(request);
  if (auto* r = std::get_if<Refusal>(&o)) return *r;
  workload::InferQuestion q;
  q.model = text(request, "model");
  q.accelerator = text(request, "accelerator");
  if (q.model.empty() || q.accelerator.empty()) {
    return refuse(ErrorCode::missing, "a serving question needs a model and an accelerator",
                  q.model.empty() ? "model" : "accelerator", "ids as GET /api/data lists them");
  }
  const std::tuple<const char*, double*, double, double> numbers[] = {
      {"input", &q.input, 1.0, 1e7},          {"output", &q.output, 1.0, 1e6},
      {"prefix_hit", &q.prefix_hit, 0.0, 1.0}, {"tokens_per_user", &q.tokens_per_user, 0.001, 1e6},
      {"tpot_ms", &q.tpot_ms, 0.001, 1e6},     {"ttft_ms", &q.ttft_ms, 0.001, 1e8}};
  for (const auto& [key, out, low, high] : numbers) {
    auto v = number(request, key, *out, low, high);
    if (auto* r = std::get_if<Refusal>(&v)) return *r;
    *out = std::get<double>(v);
  }
  q.input_per_day = text(request, "input_tokens_per_day");
  q.output_per_day = text(request, "output_tokens_per_day");
  q.precision = text(request, "precision");
  q.kv_precision = text(request, "kv_precision");
  q.site = text(request, "site");
  auto year = integer(request, "year", 0, 0, 2200);
  if (auto* r = std::get_if<Refusal>(&year)) return *r;
  const Slot worker(workers_, limits_.queue_wait);
  if (!worker.taken()) return overloaded();
  std::unique_ptr<scenario::World> own_world;
  std::unique_ptr<model::Run> own_run;
  if (std::get<Overrides>(o).reload || !std::get<Overrides>(o).settings.empty()) {
    auto loaded = reload(std::get<Overrides>(o));
    if (auto* r = std::get_if<Refusal>(&loaded)) return *r;
    own_world = std::move(std::get<0>(loaded).first);
    own_run = std::move(std::get<0>(loaded).second);
  }
  const model::Run& run = own_run ? *own_run : *base_;
  auto january = january_of(run.chain.span, std::get<int>(year), "year");
  if (!january) return Refusal{400, january.error()};
  q.t = *january;
  auto answer = workload::infer(run.chain, run.deployment, run.demand.workloads, run.demand.inference, run.params, q);
  if (!answer) return Refusal{400, answer.error()};
  auto result = io::infer_json(*answer);
  if (auto r = unreadable(result)) return *r;
  return result;
}

Answer<nlohmann::json> Engine::runs(int limit) {
  auto store = io::RunStore::open_readonly(store_path_);
  if (!store && store.error().code == ErrorCode::missing) return nlohmann::json::array();
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
  auto store = io::RunStore::open_readonly(store_path_);
  if (!store) return Refusal{store.error().code == ErrorCode::missing ? 404 : 500, store.error()};
  auto doc = store->load(id);
  if (!doc) return Refusal{404, doc.error()};
  return *doc;
}

Answer<nlohmann::json> Engine::diff(std::int64_t a, std::int64_t b) {
  auto store = io::RunStore::open_readonly(store_path_);
  if (!store) return Refusal{store.error().code == ErrorCode::missing ? 404 : 500, store.error()};
  auto x = store->load(a);
  if (!x) return Refusal{404, x.error()};
  auto y = store->load(b);
  if (!y) return Refusal{404, y.error()};
  return io::diff_runs(*x, *y);
}

}  // namespace w2t::server
