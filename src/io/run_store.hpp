// The run store: every run, need, mc and sweep kept in one SQLite file, so
// that runs can be listed, compared and exported later.
//
// A run is written in one transaction: the scenario as given, the overrides,
// every resolved parameter, the tidy timeline (for `run`) and the result
// document (summary, bands or points). A process killed half-way leaves no
// partial run. Several processes may share a store (WAL journal, a busy
// timeout).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "model/timeline.hpp"
#include "scenario/scenario.hpp"

struct sqlite3;

namespace w2t::io {

// $W2T_DB, else $XDG_DATA_HOME/w2t/runs.db, else ~/.local/share/w2t/runs.db.
std::string default_store_path();

// What a command saves.
struct RunRecord {
  std::string kind;     // run | need | mc | sweep
  std::string command;  // the command line, for people
  std::string version;  // of w2t
  std::string scenario_id;
  std::string scenario_text;                                   // the scenario file as given
  std::vector<std::pair<std::string, std::string>> overrides;  // --set PATH, VALUE
  std::vector<double> params;                                  // SI by ParamId, as the run used them
  const data::Dataset* dataset = nullptr;                      // names and units of `params`
  const model::Timeline* timeline = nullptr;                   // optional
  nlohmann::json result;
};

// A stored run's header.
struct StoredRun {
  std::int64_t id = 0;
  std::string kind;
  std::string created;  // UTC, ISO 8601
  std::string version;
  std::string scenario_id;
  std::string command;
};

nlohmann::json to_json(const StoredRun& run);

class RunStore {
 public:
  // Opens (creating if needed, with its folder) the store at `path`.
  static Expected<RunStore> open(const std::string& path);
  RunStore(RunStore&&) noexcept;
  RunStore& operator=(RunStore&&) noexcept;
  ~RunStore();

  // Saves a run in one transaction; its id.
  Expected<std::int64_t> save(const RunRecord& record);
  // The most recent runs first.
  [[nodiscard]] Expected<std::vector<StoredRun>> list(int limit) const;
  // A whole run as a document: {run, scenario, overrides, parameters: [{path, value, unit}], result}.
  [[nodiscard]] Expected<nlohmann::json> load(std::int64_t id) const;
  // A run's timeline (empty for runs without one): as CSV with a header
  // (month,stage,entity,metric,value,unit), or as JSON rows of those keys.
  [[nodiscard]] Expected<std::string> timeline_csv(std::int64_t id) const;
  [[nodiscard]] Expected<nlohmann::json> timeline_json(std::int64_t id) const;

 private:
  explicit RunStore(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// How two stored runs differ: the parameters whose values differ and the
// numeric figures of their results that moved, old and new.
nlohmann::json diff_runs(const nlohmann::json& a, const nlohmann::json& b);
std::string diff_text(const nlohmann::json& diff);

}  // namespace w2t::io
