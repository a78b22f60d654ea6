#include "io/run_store.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

#include "core/files.hpp"
#include "core/utf8.hpp"

namespace w2t::io {
namespace {

// A run store says what it is: SQLite's application id ("W2TR") and the
// schema version in user_version. Stores written before the id was set hold
// the same tables and are taken as version 1.
constexpr std::int32_t kApplicationId = 0x57325452;
constexpr int kSchemaVersion = 2;

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  created TEXT NOT NULL,
  version TEXT NOT NULL,
  scenario_id TEXT NOT NULL,
  scenario TEXT NOT NULL,
  command TEXT NOT NULL,
  result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS overrides (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  path TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parameters (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  PRIMARY KEY (run_id, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS timeline (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  month TEXT NOT NULL,
  stage TEXT NOT NULL,
  entity TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS timeline_run ON timeline(run_id);
)sql";

Error store_error(sqlite3* db, std::string_view what) {
  return make_error(ErrorCode::io,
                    fmt::format("run store: {}: {}", what, db != nullptr ? sqlite3_errmsg(db) : "?"));
}

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    ok_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) == SQLITE_OK;
  }
  ~Statement() { sqlite3_finalize(s_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  [[nodiscard]] bool ok() const { return ok_; }
  Statement& bind(int i, std::int64_t v) {
    ok_ = ok_ && sqlite3_bind_int64(s_, i, v) == SQLITE_OK;
    return *this;
  }
  Statement& bind(int i, double v) {
    ok_ = ok_ && sqlite3_bind_double(s_, i, v) == SQLITE_OK;
    return *this;
  }
  Statement& bind(int i, std::string_view v) {
    ok_ =
        ok_ && sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) == SQLITE_OK;
    return *this;
  }
  // One step of a write; resets for the next bindings.
  bool run() {
    ok_ = ok_ && sqlite3_step(s_) == SQLITE_DONE;
    sqlite3_reset(s_);
    return ok_;
  }
  // The next row of a query.
  bool next() { return ok_ && sqlite3_step(s_) == SQLITE_ROW; }
  [[nodiscard]] std::int64_t integer(int i) const { return sqlite3_column_int64(s_, i); }
  [[nodiscard]] double real(int i) const { return sqlite3_column_double(s_, i); }
  [[nodiscard]] std::string text(int i) const {
    const auto* p = sqlite3_column_text(s_, i);
    return p != nullptr ? std::string(reinterpret_cast<const char*>(p)) : std::string{};
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  bool ok_ = false;
};

std::string now_utc() {
  const auto t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", t);
}

// Every numeric leaf of a document by its path: "metrics.gw_online.p50".
void numbers_of(const nlohmann::json& j, const std::string& prefix, std::map<std::string, double>& out) {
  if (j.is_number()) {
    out[prefix] = j.get<double>();
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items())
      numbers_of(value, prefix.empty() ? key : prefix + "." + key, out);
  } else if (j.is_array() && j.size() <= 16) {  // short lists (bands, intervals); not whole series
    for (std::size_t i = 0; i < j.size(); ++i) numbers_of(j[i], fmt::format("{}[{}]", prefix, i), out);
  }
}

}  // namespace

std::string default_store_path() {
  if (const char* db = std::getenv("W2T_DB"); db != nullptr && *db != '\0') return db;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data != '\0') {
    return (std::filesystem::path(data) / "w2t" / "runs.db").string();
  }
  const char* home = std::getenv("HOME");
  return (std::filesystem::path(home != nullptr ? home : ".") / ".local" / "share" / "w2t" / "runs.db")
      .string();
}

nlohmann::json to_json(const StoredRun& r) {
  return {{"id", r.id},
          {"kind", r.kind},
          {"created", r.created},
          {"version", r.version},
          {"scenario_id", r.scenario_id},
          {"command", r.command}};
}

namespace {

// One integer a query answers (a PRAGMA, a count); nullopt on an error.
std::optional<std::int64_t> query_integer(sqlite3* db, const char* sql) {
  Statement q(db, sql);
  if (!q.next()) return std::nullopt;
  return q.integer(0);
}

// What the file at `db` is: our store at its version, an empty database
// (new), or an error saying why it is not ours. Reads only.
enum class Identity { ours, legacy, empty };
Expected<Identity> identify(sqlite3* db, const std::string& path) {
  const auto id = query_integer(db, "PRAGMA application_id");
  const auto version = query_integer(db, "PRAGMA user_version");
  const auto tables = query_integer(db, "SELECT count(*) FROM sqlite_master");
  if (!id || !version || !tables) return store_error(db, fmt::format("{} is not a w2t run store", path));
  if (*id == kApplicationId) {
    if (*version > kSchemaVersion) {
      return make_error(ErrorCode::io,
                        fmt::format("run store {} has schema version {}, newer than this w2t reads ({})", path,
                                    *version, kSchemaVersion),
                        "--db", "a newer w2t, or another --db");
    }
    return Identity::ours;
  }
  if (*id == 0 && *tables == 0) return Identity::empty;
  // Before the application id: the same four tables and nothing else.
  const auto ours = query_integer(db,
                                  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                                  "('runs', 'overrides', 'parameters', 'timeline')");
  const auto all = query_integer(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
  if (*id == 0 && ours == 4 && all == 4) return Identity::legacy;
  return make_error(ErrorCode::io, fmt::format("{} is an SQLite file but not a w2t run store; it was left as it is", path),
                    "--db", "a w2t run store, or a new file");
}

Expected<sqlite3*> open_file(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    Error e = store_error(db, fmt::format("cannot open {}", path));
    sqlite3_close(db);
    return e;
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  return db;
}

// The file: URI that opens `path` read-only without its WAL index.
std::string immutable_uri(const std::string& path) {
  const std::string absolute = std::filesystem::absolute(path).string();
  std::string uri = "file:";
  for (const char c : absolute) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/-._~", c) != nullptr;
    uri += plain ? std::string(1, c) : fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return uri + "?immutable=1";
}

}  // namespace

Expected<RunStore> RunStore::open(const std::string& path, StoreLimits limits) {
  if (auto refused = check_writable_target(path)) return *refused;
  std::error_code ec;
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  auto db = open_file(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db.error();
  RunStore store(*db);
  store.limits_ = limits;
  auto identity = identify(*db, path);
  if (!identity) return identity.error();
  if (*identity == Identity::ours && query_integer(*db, "PRAGMA user_version") == kSchemaVersion) return store;
  // New, legacy or an older version: the schema (idempotent), then the
  // identity, in one transaction.
  const std::string setup = fmt::format("{} PRAGMA application_id = {}; PRAGMA user_version = {};", kSchema,
                                        kApplicationId, kSchemaVersion);
  if (sqlite3_exec(*db, setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return store_error(*db, fmt::format("cannot set up the run store {}", path));
  }
  return store;
}

Expected<RunStore> RunStore::open_readonly(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return make_error(ErrorCode::missing, fmt::format("no run store at {}", path), "--db",
                      "a store that a run has written");
  }
  if (auto text = check_writable_target(path)) return *text;  // a regular file, not a link or device
  auto db = open_file(path, SQLITE_OPEN_READONLY);
  if (!db) return db.error();
  RunStore store(*db);
  auto identity = identify(*db, path);
  if (!identity && (sqlite3_errcode(*db) & 0xFF) == SQLITE_READONLY) {
    // A store in WAL mode whose folder cannot be written (no -shm file can
    // be made): read it as a file nobody is changing.
    db = open_file(immutable_uri(path), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    if (!db) return db.error();
    store = RunStore(*db);
    identity = identify(*db, path);
  }
  if (!identity) return identity.error();
  if (*identity == Identity::empty) {
    return make_error(ErrorCode::missing, fmt::format("{} holds no runs yet", path), "--db");
  }
  return store;
}

RunStore::RunStore(RunStore&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), limits_(other.limits_) {}

RunStore& RunStore::operator=(RunStore&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    limits_ = other.limits_;
  }
  return *this;
}

RunStore::~RunStore() {
  sqlite3_close(db_);
}

namespace {

// A number that is not finite, or text that is not UTF-8.
bool unreadable_value(const nlohmann::json& j) {
  return (j.is_number_float() && !std::isfinite(j.get<double>())) ||
         (j.is_string() && !valid_utf8(j.get_ref<const std::string&>()));
}

// Whether every number is finite and every string and key UTF-8: a first
// pass that builds no paths, since the documents checked are large (a
// run's view holds tens of thousands of numbers) and almost always readable.
bool readable(const nlohmann::json& doc) {
  std::vector<const nlohmann::json*> todo{&doc};
  while (!todo.empty()) {
    const auto* j = todo.back();
    todo.pop_back();
    if (unreadable_value(*j)) return false;
    if (j->is_object()) {
      for (const auto& [key, value] : j->items()) {
        if (!valid_utf8(key)) return false;
        todo.push_back(&value);
      }
    } else if (j->is_array()) {
      for (const auto& value : *j) todo.push_back(&value);
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> unreadable_at(const nlohmann::json& doc) {
  if (readable(doc)) return std::nullopt;
  std::vector<std::pair<const nlohmann::json*, std::string>> todo{{&doc, ""}};
  while (!todo.empty()) {
    auto [j, path] = std::move(todo.back());
    todo.pop_back();
    if (unreadable_value(*j)) return path.empty() ? "(result)" : path;
    if (j->is_object()) {
      for (const auto& [key, value] : j->items()) {
        if (!valid_utf8(key)) return path + ".(a key)";
        todo.emplace_back(&value, path.empty() ? key : path + "." + key);
      }
    } else if (j->is_array()) {
      for (std::size_t i = 0; i < j->size(); ++i) todo.emplace_back(&(*j)[i], fmt::format("{}[{}]", path, i));
    }
  }
  return std::nullopt;
}

namespace {

Error unstorable(std::string what) {
  return make_error(ErrorCode::io, fmt::format("run store: the run was not stored: {}", what));
}

// Why a record cannot be kept, if it cannot; its estimated size otherwise.
Expected<std::uint64_t> check_record(const RunRecord& r, const std::string& result) {
  for (const auto& [name, text] :
       {std::pair{"kind", &r.kind}, std::pair{"command", &r.command}, std::pair{"version", &r.version},
        std::pair{"scenario id", &r.scenario_id}, std::pair{"scenario", &r.scenario_text}}) {
    if (!valid_utf8(*text)) return unstorable(fmt::format("its {} is not UTF-8 text", name));
  }
  std::uint64_t bytes = result.size() + r.scenario_text.size() + r.command.size() + 256;
  for (const auto& [path, value] : r.overrides) {
    if (!valid_utf8(path) || !valid_utf8(value)) return unstorable("an override is not UTF-8 text");
    bytes += path.size() + value.size() + 16;
  }
  for (std::size_t i = 0; i < r.params.size(); ++i) {
    if (!std::isfinite(r.params[i])) {
      const std::string path =
          r.dataset != nullptr && i < r.dataset->parameters().size() ? r.dataset->parameters()[i].path : "?";
      return unstorable(fmt::format("parameter {} is not a finite number", path));
    }
  }
  bytes += r.params.size() * 64;
  if (r.timeline != nullptr) {
    for (const auto& row : r.timeline->rows) {
      if (!std::isfinite(row.value)) {
        return unstorable(fmt::format("the timeline's {} is not a finite number", r.timeline->metrics[row.metric].name));
      }
    }
    bytes += r.timeline->rows.size() * 64;
  }
  return bytes;
}

}  // namespace

Expected<std::int64_t> RunStore::save(const RunRecord& r) {
  if (auto where = unreadable_at(r.result)) return unstorable(fmt::format("its result at {} is not a finite number or UTF-8 text", *where));
  const std::string result = r.result.dump();
  auto bytes = check_record(r, result);
  if (!bytes) return bytes.error();
  if (limits_.max_run_bytes > 0 && *bytes > limits_.max_run_bytes) {
    return unstorable(fmt::format("it would take about {} MB, more than the {} MB a run may", *bytes >> 20,
                                  limits_.max_run_bytes >> 20));
  }
  if (limits_.max_store_bytes > 0) {
    const auto pages = query_integer(db_, "PRAGMA page_count");
    const auto page = query_integer(db_, "PRAGMA page_size");
    const std::uint64_t size = pages && page ? static_cast<std::uint64_t>(*pages * *page) : 0;
    if (size + *bytes > limits_.max_store_bytes) {
      return unstorable(fmt::format("the store holds {} MB and may grow to {} MB", size >> 20,
                                    limits_.max_store_bytes >> 20));
    }
  }
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return store_error(db_, "the run was not stored: cannot start a transaction");
  }
  const auto fail = [&](std::string_view what) {
    Error e = store_error(db_, fmt::format("the run was not stored: {}", what));
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return e;
  };
  Statement run(db_,
                "INSERT INTO runs (kind, created, version, scenario_id, scenario, command, result) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)");
  run.bind(1, r.kind).bind(2, now_utc()).bind(3, r.version).bind(4, r.scenario_id).bind(5, r.scenario_text);
  run.bind(6, r.command).bind(7, result);
  if (!run.run()) return fail("cannot save the run");
  const std::int64_t id = sqlite3_last_insert_rowid(db_);

  Statement overrides(db_, "INSERT INTO overrides (run_id, position, path, value) VALUES (?, ?, ?, ?)");
  for (std::size_t i = 0; i < r.overrides.size(); ++i) {
    overrides.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, r.overrides[i].first);
    if (!overrides.bind(4, r.overrides[i].second).run()) return fail("cannot save the overrides");
  }
  if (r.dataset != nullptr) {
    Statement params(db_, "INSERT INTO parameters (run_id, path, value, unit) VALUES (?, ?, ?, ?)");
    const auto& all = r.dataset->parameters();
    for (std::size_t i = 0; i < all.size() && i < r.params.size(); ++i) {
      const auto& p = all[i];
      params.bind(1, id).bind(2, p.path).bind(3, p.unit.from_si(r.params[i])).bind(4, p.unit.symbol);
      if (!params.run()) return fail("cannot save the parameters");
    }
  }
  if (r.timeline != nullptr) {
    const auto& tl = *r.timeline;
    Statement rows(db_,
                   "INSERT INTO timeline (run_id, month, stage, entity, metric, value, unit) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& row : tl.rows) {
      const auto& metric = tl.metrics[row.metric];
      rows.bind(1, id).bind(2, (tl.span.first + row.month).str()).bind(3, tl.stages[row.stage]);
      rows.bind(4, tl.entities[row.entity]).bind(5, metric.name).bind(6, row.value).bind(7, metric.unit);
      if (!rows.run()) return fail("cannot save the timeline");
    }
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return fail("cannot commit the run");
  return id;
}

Expected<std::vector<StoredRun>> RunStore::list(int limit) const {
  Statement q(db_,
              "SELECT id, kind, created, version, scenario_id, command FROM runs ORDER BY id DESC LIMIT ?");
  q.bind(1, static_cast<std::int64_t>(limit));
  if (!q.ok()) return store_error(db_, "cannot list the runs");
  std::vector<StoredRun> out;
  while (q.next()) out.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)});
  return out;
}

Expected<nlohmann::json> RunStore::load(std::int64_t id) const {
  Statement q(db_,
              "SELECT kind, created, version, scenario_id, scenario, command, result FROM runs WHERE id = ?");
  q.bind(1, id);
  if (!q.ok()) return store_error(db_, "cannot read the run");
  if (!q.next()) {
    return make_error(ErrorCode::bad_reference, fmt::format("no run {} in the store", id), "ID",
                      "an id that `w2t runs list` shows");
  }
  nlohmann::json doc = {{"run",
                         {{"id", id},
                          {"kind", q.text(0)},
                          {"created", q.text(1)},
                          {"version", q.text(2)},
                          {"scenario_id", q.text(3)},
                          {"command", q.text(5)}}},
                        {"scenario", q.text(4)},
                        {"result", nlohmann::json::parse(q.text(6), nullptr, false)}};
  Statement o(db_, "SELECT path, value FROM overrides WHERE run_id = ? ORDER BY position");
  o.bind(1, id);
  nlohmann::json overrides = nlohmann::json::array();
  while (o.next()) overrides.push_back({{"path", o.text(0)}, {"value", o.text(1)}});
  doc["overrides"] = std::move(overrides);
  Statement p(db_, "SELECT path, value, unit FROM parameters WHERE run_id = ? ORDER BY path");
  p.bind(1, id);
  nlohmann::json params = nlohmann::json::array();
  while (p.next()) params.push_back({{"path", p.text(0)}, {"value", p.real(1)}, {"unit", p.text(2)}});
  doc["parameters"] = std::move(params);
  return doc;
}

namespace {

// Calls row(month, stage, entity, metric, value, unit) for each row of a run's timeline.
template <typename Row>
std::optional<Error> each_row(sqlite3* db, std::int64_t id, Row row) {
  Statement q(
      db, "SELECT month, stage, entity, metric, value, unit FROM timeline WHERE run_id = ? ORDER BY rowid");
  q.bind(1, id);
  if (!q.ok()) return store_error(db, "cannot read the timeline");
  while (q.next()) row(q.text(0), q.text(1), q.text(2), q.text(3), q.real(4), q.text(5));
  return std::nullopt;
}

}  // namespace

Expected<std::string> RunStore::timeline_csv(std::int64_t id) const {
  std::string out = "month,stage,entity,metric,value,unit\n";
  if (auto e = each_row(db_, id,
                        [&](const auto& month, const auto& stage, const auto& entity, const auto& metric,
                            double value, const auto& unit) {
                          out +=
                              fmt::format("{},{},{},{},{},{}\n", month, stage, entity, metric, value, unit);
                        })) {
    return *e;
  }
  return out;
}

Expected<nlohmann::json> RunStore::timeline_json(std::int64_t id) const {
  nlohmann::json out = nlohmann::json::array();
  if (auto e = each_row(db_, id,
                        [&](const auto& month, const auto& stage, const auto& entity, const auto& metric,
                            double value, const auto& unit) {
                          out.push_back({{"month", month},
                                         {"stage", stage},
                                         {"entity", entity},
                                         {"metric", metric},
                                         {"value", value},
                                         {"unit", unit}});
                        })) {
    return *e;
  }
  return out;
}

nlohmann::json diff_runs(const nlohmann::json& a, const nlohmann::json& b) {
  std::map<std::string, std::pair<double, std::string>> pa;
  for (const auto& p : a["parameters"])
    pa[p["path"]] = {p["value"].get<double>(), p["unit"].get<std::string>()};
  nlohmann::json params = nlohmann::json::array();
  for (const auto& p : b["parameters"]) {
    auto it = pa.find(p["path"].get<std::string>());
    const double nb = p["value"].get<double>();
    if (it == pa.end()) {
      params.push_back({{"path", p["path"]}, {"old", nullptr}, {"new", nb}, {"unit", p["unit"]}});
    } else if (it->second.first != nb) {
      params.push_back({{"path", p["path"]}, {"old", it->second.first}, {"new", nb}, {"unit", p["unit"]}});
    }
  }
  std::map<std::string, double> ra, rb;
  numbers_of(a["result"], "", ra);
  numbers_of(b["result"], "", rb);
  nlohmann::json figures = nlohmann::json::array();
  int unchanged = 0;
  for (const auto& [path, vb] : rb) {
    auto it = ra.find(path);
    if (it == ra.end()) continue;
    const double va = it->second;
    if (va == vb) {
      ++unchanged;
      continue;
    }
    nlohmann::json f = {{"path", path}, {"old", va}, {"new", vb}, {"change", vb - va}};
    if (va != 0.0) f["relative"] = (vb - va) / std::abs(va);
    figures.push_back(std::move(f));
  }
  return {{"old", a["run"]},
          {"new", b["run"]},
          {"parameters", std::move(params)},
          {"figures", std::move(figures)},
          {"figures_unchanged", unchanged}};
}

std::string diff_text(const nlohmann::json& d) {
  std::string out = fmt::format("run {} ({}, {}) -> run {} ({}, {})\n", d["old"]["id"].get<std::int64_t>(),
                                d["old"]["kind"].get<std::string>(), d["old"]["created"].get<std::string>(),
                                d["new"]["id"].get<std::int64_t>(), d["new"]["kind"].get<std::string>(),
                                d["new"]["created"].get<std::string>());
  out += fmt::format("\nparameters that differ: {}\n", d["parameters"].size());
  for (const auto& p : d["parameters"]) {
    out += fmt::format(
        "  {:<56} {:>14} -> {:<14} {}\n", p["path"].get<std::string>(),
        p["old"].is_null() ? std::string("(none)") : fmt::format("{:.6g}", p["old"].get<double>()),
        fmt::format("{:.6g}", p["new"].get<double>()), p["unit"].get<std::string>());
  }
  out += fmt::format("\nresults that moved: {} ({} unchanged)\n", d["figures"].size(),
                     d["figures_unchanged"].get<int>());
  for (const auto& f : d["figures"]) {
    const std::string relative =
        f.contains("relative") ? fmt::format("{:+.2f}%", 100.0 * f["relative"].get<double>()) : "";
    out += fmt::format("  {:<56} {:>14.6g} -> {:<14.6g} {}\n", f["path"].get<std::string>(),
                       f["old"].get<double>(), f["new"].get<double>(), relative);
  }
  return out;
}

}  // namespace w2t::io
