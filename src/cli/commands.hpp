// The w2t commands. Each returns the process exit code: 0 ok, 1 runtime
// failure, 2 bad input. Only this folder decides exit codes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workload/serving_query.hpp"

namespace w2t::analysis {
class Cluster;
}

namespace w2t::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

struct ScenarioOptions {
  std::string scenario;           // "" for the embedded default
  std::vector<std::string> sets;  // PATH=VALUE
  std::string format = "text";    // text | json | csv
  // The run store, for the commands that keep their runs (run, need, mc, sweep).
  bool keeps_runs = false;
  bool no_store = false;  // --no-store
  std::string db;         // --db; "" for the default path
  std::string command;    // the command line, kept with the run
};

struct DataOptions {
  ScenarioOptions common;
  std::string grep;
  bool sources = false;
  bool all = false;
  bool schema = false;
};

struct RunOptions {
  ScenarioOptions common;
  std::string out_dir;  // writes timeline.csv and summary.json there
  std::string report;   // writes a self-contained HTML report there
};

struct NeedOptions {
  ScenarioOptions common;
  std::string target;        // "1 GW/week", "10 GW by 2029-12"
  std::string accelerators;  // "5M/year"
  std::string wafers;        // "900k/month": the forward form
  std::string accelerator;   // default: the first deal's accelerator
  std::string report;        // writes a self-contained HTML report there
};

struct SitesOptions {
  ScenarioOptions common;
  std::string load = "100 MW";  // IT load
  std::string location;         // a site of the scenario: its climate and grid
  std::string accelerator;      // default: the first deal's accelerator
  int year = 0;                 // calendar year of prices; default: the span's first full year
  double years = 10.0;          // TCO horizon
  bool ranges = false;          // P5..P95 of every figure over parameter draws
  int samples = 200;
  std::uint64_t seed = 1;
};

struct TrainOptions {
  ScenarioOptions common;
  std::string model;        // a model of the dataset (its parameters and tokens)
  std::string parameters;   // "405B"
  std::string tokens;       // "15.6T"
  std::string accelerator;  // default: the first deal's accelerator
  std::string count = "16384";
  std::string precision = "bf16";
  double mfu = 0.0;  // 0: the data's training.mfu
  std::string site;  // default: the scenario's first site
  int year = 0;      // of prices; default: the span's first whole year
};

struct DemandOptions {
  ScenarioOptions common;
  std::string segment;      // one segment; default: all
  std::string accelerator;  // default: the first deal's accelerator
  std::string site;         // default: the site of each segment's region
  int year = 0;             // of prices and figures; default: the span's first whole year
};

struct InferOptions {
  ScenarioOptions common;
  workload::InferQuestion question;  // its month from `year`
  int year = 0;                      // of the figures and prices; default: the span's first whole year
};

struct McOptions {
  ScenarioOptions common;
  int samples = 1000;
  int threads = 1;
  std::uint64_t seed = 1;
  bool quiet = false;  // no progress bar
  std::string report;  // writes a self-contained HTML report there
};

struct OpsOptions {
  ScenarioOptions common;
  double days = 365.0;        // simulated days of failures and repairs
  double warmup_days = -1.0;  // simulated first, not counted; -1: the data's longest repair
  int replications = 4;       // independent runs of the fleet
  int threads = 0;            // 0: every core (the results do not depend on it)
  std::uint64_t seed = 1;
  std::string month;  // the fleet switched on in this month; default: the span's last
  std::string failure_law = "exponential";
  int serving_replicas = 4;  // replicas simulated for a day of serving; 0: all, -1: no serving
  bool quiet = false;        // no progress bar
  std::string report;        // writes a self-contained HTML report there
};

struct SensitivityOptions {
  ScenarioOptions common;
  std::string metric = "contract_gw_per_year";  // a summary metric of w2t mc
  int top = 15;
  int samples = 1024;  // Sobol design size N; 0: the tornado only
  int threads = 1;
  std::uint64_t seed = 1;
  bool quiet = false;
  std::string report;  // writes a self-contained HTML report there
};

struct SweepOptions {
  ScenarioOptions common;
  std::vector<std::string> axes;  // PATH=V1,V2,...
  int samples = 0;                // Monte Carlo per point; 0: the data's values only
  int threads = 1;
  std::uint64_t seed = 1;
  bool quiet = false;
};

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string db;  // "" for the default path
  int max_samples = 20000;
  int threads = 64;  // connections served at once
  int workers = 2;   // model evaluations at once
  std::vector<std::string> allow_origins;  // origins besides the server's own
  std::vector<std::string> allowed_hosts;  // Host names besides the address served and loopback
  std::string token_file;
  bool require_token = false;  // on loopback too
  std::string scenarios_dir;   // files `extends:` may name; "" for embedded scenarios only
  int max_store_mb = 1024;
};

// The most threads a study may ask for.
inline constexpr int kMaxThreads = 256;

struct RunsOptions {
  std::string db;  // "" for the default path
  std::string format = "text";
  int limit = 20;
  std::vector<std::int64_t> ids;
};

int run_ops(const OpsOptions& options);
int run_data(const DataOptions& options);
int run_serve(const ServeOptions& options);
int runs_list(const RunsOptions& options);
int runs_show(const RunsOptions& options);
int runs_diff(const RunsOptions& options);
int runs_export(const RunsOptions& options);
// The studies run on every process of `cluster`; rank 0 reports.
int run_sweep(const SweepOptions& options, const analysis::Cluster& cluster);
int run_sensitivity(const SensitivityOptions& options, const analysis::Cluster& cluster);
int run_mc(const McOptions& options, const analysis::Cluster& cluster);
int run_demand(const DemandOptions& options);
int run_infer(const InferOptions& options);
int run_train(const TrainOptions& options);
int run_sites(const SitesOptions& options);
int run_need(const NeedOptions& options);
int run_model(const RunOptions& options);
int run_check(const std::vector<std::string>& files);

}  // namespace w2t::cli
