// The model behind the dashboard's API: the default scenario loaded and
// compiled once, runs with overrides answered from a pool of model copies,
// Monte Carlo and sensitivity bounded in size and in how many run at once.
//
// Overrides of plain parameters are set straight into the parameter vector
// (derived ones recomputed), which is what `--set` does to a run; overrides
// of derived parameters, and the studies (whose draws depend on the ranges
// an override widens), reload the scenario with the overrides as `--set`.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <condition_variable>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "io/run_store.hpp"
#include "model/run.hpp"

namespace w2t::server {

// What one request may cost. Every request that evaluates the model holds
// one of `workers` slots (waiting at most `queue_wait` for one, else 503);
// studies also hold one of `heavy_at_once` slots and stop at `study_deadline`.
struct Limits {
  int max_samples = 20000;  // Monte Carlo samples, Sobol designs per request
  int heavy_at_once = 1;    // Monte Carlo, sensitivity and ops requests running together
  int threads = 2;          // threads of one study
  int workers = 2;          // requests evaluating the model at once
  std::chrono::milliseconds queue_wait{10'000};
  std::chrono::milliseconds study_deadline{120'000};
  std::int64_t max_fleet_accelerators = 10'000'000;  // simulated by one ops request
  io::StoreLimits store{std::uint64_t{16} << 20, std::uint64_t{1} << 30};
  std::string scenarios_dir;  // files `extends:` may name; "" for embedded scenarios only
};

// A fixed number of slots a request holds while it evaluates the model or
// runs a study; a request waits its turn (or not at all), served as the
// threads wake.
class Slots {
 public:
  explicit Slots(int count) : free_(count) {}
  // Takes a slot, waiting at most `wait` for one.
  bool take(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (!freed_.wait_for(lock, wait, [this] { return free_ > 0; })) return false;
    --free_;
    return true;
  }
  void give_back() {
    {
      const std::lock_guard lock(mutex_);
      ++free_;
    }
    freed_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  int free_;
};

// An API error: the status to answer with and the error itself.
struct Refusal {
  int status = 400;
  Error error;
};

template <typename T>
using Answer = std::variant<T, Refusal>;

class Engine {
 public:
  Engine(Limits limits, std::string store_path, std::string version);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Loads and compiles the embedded default scenario; errors name the path.
  Expected<bool> start();

  // GET /api/data: every parameter with its unit, range and source.
  [[nodiscard]] const std::string& data() const { return data_; }
  // POST /api/data {scenario_yaml, set}: the same for a scenario of the user's.
  Answer<nlohmann::json> data_of(const nlohmann::json& request);
  // POST /api/run {set: {PATH: VALUE}, scenario_yaml, store: bool}: the run's
  // view (io/run_view.hpp). Every POST takes `set` and `scenario_yaml` (a
  // scenario file's text, which may extend the embedded default).
  Answer<nlohmann::json> run(const nlohmann::json& request);
  // POST /api/mc {set, samples, seed}: the bands of `w2t mc`.
  Answer<nlohmann::json> mc(const nlohmann::json& request);
  // POST /api/ops {set, days, replications, seed, month, failure_law,
  // serving_replicas, store}: `w2t ops`, at most a year, 8 replications and
  // 4 serving replicas; one such study at a time, as Monte Carlo.
  Answer<nlohmann::json> ops(const nlohmann::json& request);
  // POST /api/sensitivity {set, metric, top, samples}: tornado and Sobol indices.
  Answer<nlohmann::json> sensitivity(const nlohmann::json& request);
  // POST /api/infer {set, scenario_yaml, model, accelerator, input, output,
  // prefix_hit, tokens_per_user | tpot_ms, ttft_ms, input_tokens_per_day,
  // output_tokens_per_day, precision, kv_precision, site, year}: `w2t infer`.
  Answer<nlohmann::json> infer(const nlohmann::json& request);
  // POST /api/need {set, target | accelerators | wafers, accelerator}.
  Answer<nlohmann::json> need(const nlohmann::json& request);
  // GET /api/runs, /api/runs/ID, /api/runs/A/diff/B: the run store.
  Answer<nlohmann::json> runs(int limit);
  Answer<nlohmann::json> stored(std::int64_t id);
  Answer<nlohmann::json> diff(std::int64_t a, std::int64_t b);

 private:
  struct Overrides {
    std::vector<scenario::Override> given;                   // PATH, VALUE as given
    std::vector<std::pair<data::ParamId, double>> settings;  // what they set, SI (default scenario)
    std::string scenario_yaml;  // a scenario of the user's instead of the default
    bool reload = false;        // a scenario of its own, or a derived parameter overridden
  };
  Answer<Overrides> read_overrides(const nlohmann::json& request) const;
  // The world and run with overrides, loaded afresh.
  Answer<std::pair<std::unique_ptr<scenario::World>, std::unique_ptr<model::Run>>> reload(
      const Overrides& o) const;
  // A model copy and its own formulas (a formula's parser is not shared
  // between threads), taken by one request at a time.
  struct Worker {
    model::Run run;
    data::FormulaSet formulas;
  };
  std::unique_ptr<Worker> borrow();
  void give_back(std::unique_ptr<Worker> worker);
  // Stores the run when asked to; a refusal (503) when it was not stored.
  [[nodiscard]] std::optional<Refusal> keep(std::string_view kind, const Overrides& o,
                                            const scenario::World& world, const model::Run& run,
                                            nlohmann::json result) const;
  Answer<nlohmann::json> run_fast(const Overrides& o, bool store);
  // The ops study once its slots are held.
  Answer<nlohmann::json> ops_study(const nlohmann::json& request, const Overrides& o);

  Limits limits_;
  std::string store_path_;
  std::string version_;
  std::unique_ptr<scenario::World> world_;
  std::unique_ptr<model::Run> base_;
  std::string data_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Worker>> pool_;
  Slots workers_;
  Slots studies_;
};

}  // namespace w2t::server
