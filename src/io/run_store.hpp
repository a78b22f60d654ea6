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
#include <optional>
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

// The first place in a document holding a non-finite number or invalid
// UTF-8, as a path ("metrics.gw_online.p50"); nullopt when every number and
// string can be written and read back. Iterative: no document is too deep.
std::optional<std::string> unreadable_at(const nlohmann::json& doc);

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

// How much a store takes: per run (a run's estimated bytes) and in total
// (the file's size); 0 is no limit.
struct StoreLimits {
  std::uint64_t max_run_bytes = std::uint64_t{64} << 20;
  std::uint64_t max_store_bytes = 0;
};

class RunStore {
 public:
  // Opens the store at `path` for writing, creating it (and its folder) when
  // absent. A path that is not a regular file, an SQLite file that is not a
  // run store (by its application id and tables) or a store newer than this
  // version is refused and left untouched.
  static Expected<RunStore> open(const std::string& path, StoreLimits limits = {});
  // Opens an existing store for reading only: lists and exports work on a
  // store in a read-only place.
  static Expected<RunStore> open_readonly(const std::string& path);
  RunStore(RunStore&&) noexcept;
  RunStore& operator=(RunStore&&) noexcept;
  ~RunStore();

  // Saves a run in one transaction; its id. Refused, with nothing written,
  // when the record holds what could not be read back (invalid UTF-8, a
  // non-finite number) or is beyond the limits.
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
  StoreLimits limits_;
};

// How two stored runs differ: the parameters whose values differ and the
// numeric figures of their results that moved, old and new.
nlohmann::json diff_runs(const nlohmann::json& a, const nlohmann::json& b);
std::string diff_text(const nlohmann::json& diff);

}  // namespace w2t::io
